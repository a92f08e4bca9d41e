"""Challenge 2 solution: keep each customer's events in order by keying them by customer.

Produces 5 events for each of 4 customers, interleaved, then reads the topic back and checks,
per customer, that every event is in one partition and the sequence numbers arrive in order.
"""

import json
from collections import defaultdict

from kafka import KafkaProducer

from kafkalab.course import bootstrap_servers, read_topic

TOPIC = "lesson05-orders"
CUSTOMERS = ["customer-1", "customer-2", "customer-3", "customer-4"]
EVENTS_PER_CUSTOMER = 5


def produce() -> None:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson05-producer",
        acks="all",
        key_serializer=str.encode,
        value_serializer=lambda v: json.dumps(v).encode(),
    )
    try:
        for seq in range(EVENTS_PER_CUSTOMER):
            for customer in CUSTOMERS:  # interleaved, as real traffic would be
                producer.send(TOPIC, key=customer, value={"customer": customer, "seq": seq})
        producer.flush()
    finally:
        producer.close()


def main() -> None:
    produce()
    seen: dict[str, list[int]] = defaultdict(list)
    partitions: dict[str, set[int]] = defaultdict(set)
    # Records arrive in offset order within each partition; that is the only order Kafka keeps.
    records = read_topic(TOPIC, client_id="lesson05-reader")
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        event = json.loads(record.value)
        seen[event["customer"]].append(event["seq"])
        partitions[event["customer"]].add(record.partition)
    for customer in CUSTOMERS:
        assert len(partitions[customer]) == 1, f"{customer} is spread over {partitions[customer]}"
        assert seen[customer] == list(range(EVENTS_PER_CUSTOMER)), seen[customer]
        print(f"{customer}: partition {min(partitions[customer])}, sequence {seen[customer]}")
    print("every customer's events are in one partition, in order")


if __name__ == "__main__":
    main()
