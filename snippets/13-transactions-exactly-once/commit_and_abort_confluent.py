"""The same three transactions with confluent-kafka, read at both isolation levels.

librdkafka's consumer defaults to isolation.level=read_committed, so the first reader
sets nothing; the second asks for read_uncommitted.
"""

from __future__ import annotations

import os
import time

from confluent_kafka import Consumer, KafkaException, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson13-payments-confluent"


def recreate_topic(topic: str) -> None:
    """Delete `topic` if it exists, then create it empty: 1 partition, RF 1."""
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    if topic in admin.list_topics(timeout=10).topics:
        admin.delete_topics([topic])[topic].result()
    deadline = time.monotonic() + 30
    while True:  # deletion is asynchronous: retry the create until it works
        try:
            admin.create_topics([NewTopic(topic, 1, 1)])[topic].result()
            return
        except KafkaException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def wait_for_markers(seconds: float = 15) -> None:
    """Wait (bounded) until the last stable offset equals the high watermark: the
    coordinator answers a commit before it writes the markers."""
    tp = TopicPartition(TOPIC, 0)
    consumers = [
        Consumer(
            {"bootstrap.servers": BOOTSTRAP, "group.id": "lesson13-reader"}
            | {"isolation.level": level}
        )
        for level in ("read_committed", "read_uncommitted")
    ]
    try:
        deadline = time.monotonic() + seconds
        while len({c.get_watermark_offsets(tp, timeout=10)[1] for c in consumers}) > 1:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{TOPIC}: a transaction is still open")
            time.sleep(0.05)
    finally:
        for consumer in consumers:
            consumer.close()


def read_partition(settings: dict[str, str]) -> tuple[list[Message], int]:
    """Read partition 0 from the start until the end offset for this isolation level."""
    consumer = Consumer(
        {"bootstrap.servers": BOOTSTRAP, "group.id": "lesson13-reader"} | settings
    )
    try:
        tp = TopicPartition(TOPIC, 0, 0)
        consumer.assign([tp])
        end = consumer.get_watermark_offsets(tp, timeout=10)[1]
        records: list[Message] = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                records.append(msg)
            elif consumer.position([tp])[0].offset >= end:
                break
        return records, end
    finally:
        consumer.close()


def main() -> None:
    recreate_topic(TOPIC)
    producer = Producer(
        {"bootstrap.servers": BOOTSTRAP, "transactional.id": "lesson13-payments-ck"}
    )
    try:
        producer.init_transactions(10)  # seconds
        # --8<-- [start:transactions]
        producer.begin_transaction()
        producer.produce(TOPIC, b"payment 1")
        producer.produce(TOPIC, b"payment 2")
        producer.commit_transaction()  # flushes, then commits

        producer.begin_transaction()
        producer.produce(TOPIC, b"payment 3 (aborted)")
        producer.flush()
        producer.abort_transaction()

        producer.begin_transaction()
        producer.produce(TOPIC, b"payment 4")
        producer.commit_transaction()
        # --8<-- [end:transactions]
    finally:
        producer.close()

    wait_for_markers()  # the last commit's marker lands just after commit returns
    committed, end = read_partition({})  # librdkafka default: read_committed
    everything, _ = read_partition({"isolation.level": "read_uncommitted"})
    seen_committed = [m.offset() for m in committed]
    seen_all = [m.offset() for m in everything]
    print(f"default (read_committed) reads offsets {seen_committed}")
    print(f"read_uncommitted         reads offsets {seen_all}")
    aborted = [m for m in everything if m.offset() not in seen_committed]
    for m in aborted:
        print(f"  only read_uncommitted sees offset {m.offset()}: {m.value().decode()}")
    markers = sorted(set(range(end)) - set(seen_all))
    print(f"end offset {end}; offsets no consumer reads (the markers): {markers}")

    assert [m.value() for m in aborted] == [b"payment 3 (aborted)"], aborted
    assert len(committed) == 3 and len(everything) == 4
    assert len(markers) == 3, "one marker per transaction, each takes an offset"


if __name__ == "__main__":
    main()
