"""Helpers for this lesson's snippets: a fresh topic, and every record of a topic.

`fresh_topic` deletes a topic and creates it again, empty, so each run starts clean.
`read_all` reads a topic from its first offset to its end offsets, partition by
partition, without a consumer group, and returns the records.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def fresh_topic(topic: str, partitions: int = 1, **configs: str) -> None:
    """Delete `topic` if it exists, then create it empty (replication factor 1)."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson19-admin")
    try:
        try:
            admin.delete_topics([topic])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics(
                    [NewTopic(topic, partitions, 1, topic_configs=configs)]
                )
                return
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()


def read_all(topic: str) -> list[ConsumerRecord]:
    """Every record of `topic`, partition by partition, in offset order."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-reader")
    try:
        partitions = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + 20
        while any(consumer.position(tp) < ends[tp] for tp in tps):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {topic} to its end in 20 s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return sorted(records, key=lambda r: (r.partition, r.offset))
    finally:
        consumer.close()
