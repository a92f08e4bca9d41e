"""Ordering holds within a partition, and only there.

Four orders each go through created -> paid -> shipped. The events are sent interleaved, keyed
by order id, so each order's events share one partition. Reading them back shows that every
order's events keep their order, while the topic as a whole does not: the consumer hands back
records partition by partition, not in the order they were sent.
"""

import time
from collections import defaultdict

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer, TopicPartition

from kafkalab.course import bootstrap_servers

TOPIC = "lesson02-orders"
ORDERS = ["order-1", "order-2", "order-3", "order-4"]
STEPS = ["created", "paid", "shipped"]


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson02-order-reader",
        group_id=None,
        key_deserializer=DefaultSerializer(),
        value_deserializer=DefaultSerializer(),
    )
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson02-order-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        partitions = [
            TopicPartition(TOPIC, p) for p in sorted(consumer.partitions_for_topic(TOPIC))
        ]
        start = consumer.end_offsets(partitions)  # read only what this run writes

        sent: list[tuple[str, str]] = []
        for step in STEPS:  # interleaved: every order's "created", then every "paid", ...
            for order in ORDERS:
                meta = producer.send(TOPIC, key=order, value=step).get(timeout=10)
                sent.append((order, step))
                print(f"sent {order} {step:<8} -> partition {meta.partition}, offset {meta.offset}")

        consumer.assign(partitions)
        for tp in partitions:
            consumer.seek(tp, start[tp])
        end = consumer.end_offsets(partitions)
        received = []
        deadline = time.monotonic() + 10
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            assert time.monotonic() < deadline, "timed out reading the topic back"
            for batch in consumer.poll(timeout_ms=500).values():
                received.extend(batch)
    finally:
        producer.close()
        consumer.close()

    print("read back, each partition in offset order:")
    for tp in partitions:
        records = sorted(
            (r for r in received if r.partition == tp.partition), key=lambda r: r.offset
        )
        print(f"  partition {tp.partition}: " + " ".join(f"{r.key}/{r.value}" for r in records))

    steps_by_order: dict[str, list[str]] = defaultdict(list)
    for r in received:  # in the order the consumer returned them
        steps_by_order[r.key].append(r.value)
    for order in ORDERS:
        print(f"{order} as consumed: {' -> '.join(steps_by_order[order])}")
        assert steps_by_order[order] == STEPS, f"{order}'s events came back out of order"

    received_order = [(r.key, r.value) for r in received]
    assert sorted(received_order) == sorted(sent), "every record sent should be read back once"
    same = received_order == sent
    print(f"all {len(sent)} records consumed in the order they were sent: {same}")
    assert not same, "records from different partitions are not returned in send order"


if __name__ == "__main__":
    main()
