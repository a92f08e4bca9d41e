"""Challenge 2: keep each customer's events in order by keying them by customer.

Produces 5 events for each of 4 customers, interleaved, then reads the topic back and
checks, per customer, that every event is in one partition and the sequence numbers
arrive in order.
"""

import json
import os
import time
from collections import defaultdict

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

TOPIC = "lesson05-orders"
CUSTOMERS = ["customer-1", "customer-2", "customer-3", "customer-4"]
EVENTS_PER_CUSTOMER = 5


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def read_topic(topic: str, *, client_id: str, **config: object) -> list:
    """Every record of `topic`, from the beginning to the end it has now (no group)."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id=client_id, group_id=None, **config
    )
    records = []
    try:
        partitions = [
            TopicPartition(topic, p)
            for p in sorted(consumer.partitions_for_topic(topic))
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        deadline = time.monotonic() + 10
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {topic} to its end in 10 s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    return records


def produce() -> None:
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson05-producer",
        acks="all",
        key_serializer=str.encode,
        value_serializer=lambda v: json.dumps(v).encode(),
    )
    try:
        for seq in range(EVENTS_PER_CUSTOMER):
            for customer in CUSTOMERS:  # interleaved, as real traffic would be
                producer.send(
                    TOPIC, key=customer, value={"customer": customer, "seq": seq}
                )
        producer.flush()
    finally:
        producer.close()


def main() -> None:
    produce()
    seen: dict[str, list[int]] = defaultdict(list)
    partitions: dict[str, set[int]] = defaultdict(set)
    # Records arrive in offset order within each partition; that is the only order Kafka
    # keeps.
    records = read_topic(TOPIC, client_id="lesson05-reader")
    for record in sorted(records, key=lambda r: (r.partition, r.offset)):
        event = json.loads(record.value)
        seen[event["customer"]].append(event["seq"])
        partitions[event["customer"]].add(record.partition)
    for customer in CUSTOMERS:
        assert len(partitions[customer]) == 1, (
            f"{customer} is spread over {partitions[customer]}"
        )
        assert seen[customer] == list(range(EVENTS_PER_CUSTOMER)), seen[customer]
        print(
            f"{customer}: partition {min(partitions[customer])}, sequence "
            f"{seen[customer]}"
        )
    print("every customer's events are in one partition, in order")


if __name__ == "__main__":
    main()
