"""Helpers for this lesson's kafka-python snippets: a fresh topic, and a full read.

`recreate_topic` deletes a topic and creates it again, empty, so every run starts at
offset 0. `read_partition` reads partition 0 from its first offset to its end offset
with the isolation level you choose, and returns the records and that end offset.
`wait_for_markers` waits until no transaction is open on a partition: the coordinator
answers a commit before it writes the markers, which land a moment later.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def recreate_topic(topic: str, partitions: int = 1) -> None:
    """Delete `topic` if it exists, then create it empty (replication factor 1)."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson13-admin")
    try:
        try:
            admin.delete_topics([topic])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(topic, partitions, 1)])
                return
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()


def wait_for_markers(topic: str, partition: int = 0, seconds: float = 15) -> None:
    """Wait (bounded) until the last stable offset equals the high watermark."""
    tp = TopicPartition(topic, partition)
    consumers = [
        KafkaConsumer(bootstrap_servers=BOOTSTRAP, isolation_level=level)
        for level in ("read_committed", "read_uncommitted")
    ]
    try:
        deadline = time.monotonic() + seconds
        while len({c.end_offsets([tp])[tp] for c in consumers}) > 1:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic}: a transaction is still open")
            time.sleep(0.05)
    finally:
        for consumer in consumers:
            consumer.close()


def read_partition(
    topic: str, isolation_level: str, partition: int = 0
) -> tuple[list[ConsumerRecord], int]:
    """Every record of one partition that `isolation_level` lets through, and the end
    offset the broker reports for that level (the last stable offset for
    read_committed, the high watermark for read_uncommitted)."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson13-reader",
        isolation_level=isolation_level,
        enable_auto_commit=False,
    )
    try:
        tp = TopicPartition(topic, partition)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + 15
        while consumer.position(tp) < end and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records, end
    finally:
        consumer.close()
