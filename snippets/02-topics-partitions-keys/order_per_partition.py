"""Ordering holds within a partition, and only there.

Four orders each go through created -> paid -> shipped. The events are sent
interleaved, keyed by order id, so each order's events share one partition. Reading
them back shows that every order's events keep their order, while the topic as a whole
does not: the consumer hands back records partition by partition, not in the order
they were sent.
"""

import os
import time
from collections import defaultdict

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-orders"
ORDERS = ["order-1", "order-2", "order-3", "order-4"]
STEPS = ["created", "paid", "shipped"]


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-order-reader",
        group_id=None,
        key_deserializer=DefaultSerializer(),
        value_deserializer=DefaultSerializer(),
    )
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-order-producer",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        ids = sorted(consumer.partitions_for_topic(TOPIC))
        partitions = [TopicPartition(TOPIC, p) for p in ids]
        start = consumer.end_offsets(partitions)  # read back only what this run writes

        # --8<-- [start:send]
        sent: list[tuple[str, str]] = []
        for (
            step
        ) in STEPS:  # interleaved: every order's "created", then every "paid", ...
            for order in ORDERS:
                producer.send(TOPIC, key=order, value=step).get(timeout=10)
                sent.append((order, step))
        # --8<-- [end:send]

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

    print(f"sent {len(sent)} events: {len(ORDERS)} orders x {len(STEPS)} steps")
    for tp in partitions:
        keys = [r.key for r in sorted(received, key=lambda r: r.offset)
                if r.partition == tp.partition]  # fmt: skip
        print(f"partition {tp.partition} holds, by offset: {' '.join(keys)}")

    steps_by_order: dict[str, list[str]] = defaultdict(list)
    for r in received:  # in the order the consumer returned them
        steps_by_order[r.key].append(r.value)
    for order in ORDERS:
        print(f"{order} as consumed: {' -> '.join(steps_by_order[order])}")
        assert steps_by_order[order] == STEPS, f"{order}'s events came out of order"

    received_order = [(r.key, r.value) for r in received]
    assert sorted(received_order) == sorted(sent), "every record should come back once"
    same = received_order == sent
    print(f"the whole topic consumed in the order it was sent: {same}")
    assert not same, "records from different partitions are not returned in send order"


if __name__ == "__main__":
    main()
