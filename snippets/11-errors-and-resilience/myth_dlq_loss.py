"""Myth: a dead-letter topic means no data loss. Here a DLQ write fails.

The dead-letter topic was created with a smaller max.message.bytes than its source,
so the failed order (about 2 KB) does not fit. A worker that sends to the DLQ
without checking the result, then commits, loses the order: it is in no topic past
the committed offset. A worker that waits for the DLQ write's acknowledgement sees
the error and does not commit, so the order is read again once the DLQ is fixed.
"""

import json
import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError
from orders import handle, recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
SOURCE = "lesson11-myth-orders"
DLQ = "lesson11-myth-dlq"
GROUPS = ["lesson11-myth-unchecked", "lesson11-myth-checked"]


def setup() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        small = {"max.message.bytes": "1024"}
        topics = [NewTopic(SOURCE, 1, 1), NewTopic(DLQ, 1, 1, topic_configs=small)]
        recreate_topics(admin, topics)
        admin.delete_groups(GROUPS)
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson11-myth")
    try:
        order = {"id": 1, "amount": -1, "note": "x" * 2000}  # invalid, and 2 KB
        producer.send(SOURCE, json.dumps(order).encode()).get(timeout=10)
    finally:
        producer.close()


def work(group: str, check: bool) -> int | None:
    """Handle the source once; dead-letter failures; return the committed offset."""
    tp = TopicPartition(SOURCE, 0)
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=group,
        client_id=group,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id=group, acks="all")
    try:
        consumer.assign([tp])
        records = []
        deadline = time.monotonic() + 30  # joining a busy broker may take a while
        while not records and time.monotonic() < deadline:
            records = consumer.poll(timeout_ms=1000).get(tp, [])
        assert records, f"{group}: no record read from {SOURCE} in 30 s"
        for record in records:
            # --8<-- [start:dlq]
            try:
                handle(json.loads(record.value), attempt=1)
            except ValueError:
                future = producer.send(DLQ, record.value)
                if check:
                    try:
                        future.get(timeout=10)  # wait for the broker's answer
                    except KafkaError as exc:
                        print(f"checked: the DLQ write failed: {type(exc).__name__}")
                        break  # stop without committing: read it again later
            consumer.commit()
            # --8<-- [end:dlq]
        return consumer.committed(tp)
    finally:
        producer.close()
        consumer.close()


def dead_letters() -> int:
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=None)
    try:
        tp = TopicPartition(DLQ, 0)
        return consumer.end_offsets([tp])[tp]
    finally:
        consumer.close()


def main() -> None:
    setup()
    committed = work(GROUPS[0], check=False)
    lost = dead_letters()
    print(f"unchecked: committed offset {committed}, dead letters {lost}: order lost")
    assert (committed, lost) == (1, 0)
    committed = work(GROUPS[1], check=True)
    print(f"checked: committed offset {committed}: the order will be read again")
    assert committed is None, "the checked worker committed past the order"


if __name__ == "__main__":
    main()
