"""What the Lesson 23 snippets share: the broker address, fresh topics, a full read.

`fresh_topics` deletes topics and creates them again, empty, so each run starts clean.
`read_all` reads a topic from its first offset to its end, partition by partition,
without a consumer group, as a `read_committed` or a `read_uncommitted` reader.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import GroupIdNotFoundError, TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def fresh_topics(topics: list[NewTopic], groups: tuple[str, ...] = ()) -> None:
    """Delete the topics (and consumer groups) if they exist, then create the topics."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson23-admin")
    try:
        for group in groups:
            try:
                admin.delete_groups([group])
            except GroupIdNotFoundError:
                pass
        names = [t.name for t in topics]
        old = [n for n in names if n in admin.list_topics()]
        if old:
            admin.delete_topics(old)
        deadline = time.monotonic() + 30
        for topic in topics:  # deletion is asynchronous: retry until the create works
            while True:
                try:
                    admin.create_topics([topic])
                    break
                except TopicAlreadyExistsError:
                    if time.monotonic() > deadline:
                        raise SystemExit(f"{topic.name} still exists") from None
                    time.sleep(0.2)
    finally:
        admin.close()


def read_all(topic: str, isolation: str = "read_committed") -> list[ConsumerRecord]:
    """Every record of `topic` a reader with this isolation level sees, in offset
    order per partition (sorted by partition, then offset)."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson23-reader",
        isolation_level=isolation,
        enable_auto_commit=False,
    )
    try:
        tps = [
            TopicPartition(topic, p)
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)  # read_committed: the last stable offset
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
