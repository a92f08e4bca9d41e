"""Kafka helpers for this lesson's snippets: a fresh topic, and a full read of one.

`recreate_topic` deletes a topic and creates it again, empty. `read_all` reads every
partition of a topic from the start until it has `count` records (or 20 s pass).
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
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson17-admin")
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


def read_all(topic: str, count: int, timeout: float = 20.0) -> list[ConsumerRecord]:
    """The first `count` records of `topic` (every partition, from offset 0)."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson17-reader",
        enable_auto_commit=False,
    )
    try:
        partitions = consumer.partitions_for_topic(topic) or {0}
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + timeout
        while len(records) < count and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        if len(records) < count:
            raise SystemExit(f"{topic}: {len(records)} records after {timeout:.0f} s")
        return records
    finally:
        consumer.close()
