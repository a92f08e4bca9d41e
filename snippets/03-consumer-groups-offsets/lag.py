"""Committed offsets and lag: lag = log-end offset - committed offset, per partition.

A group reads a topic to the end and commits, then stops. New records arrive while it is
stopped. Its lag is exactly the records it has not read yet, partition by partition.
"""

from __future__ import annotations

import os
import time
from collections import Counter

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic, OffsetSpec
from kafka.errors import TopicAlreadyExistsError

TOPIC = "lesson03-payments"
GROUP = "lesson03-reports"


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def delete_groups(admin: KafkaAdminClient, group_ids: list[str]) -> None:
    """Delete consumer groups and their committed offsets, if they exist."""
    existing = {g["group_id"] for g in admin.list_groups()}
    wanted = [g for g in group_ids if g in existing]
    if wanted:
        admin.delete_groups(wanted)  # returns (group, error) pairs; nothing to check


def recreate_topics(admin: KafkaAdminClient, topics: list[NewTopic]) -> None:
    """Delete the topics if they exist, then create them afresh.

    Deletion finishes asynchronously, so creating a topic of the same name is retried.
    """
    names = [t.name for t in topics]
    existing = [n for n in names if n in admin.list_topics()]
    if existing:
        admin.delete_topics(existing)
    deadline = time.monotonic() + 30
    for topic in topics:
        while True:
            try:
                admin.create_topics([topic])
                break
            except TopicAlreadyExistsError:  # the old one is still being deleted
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    admin.wait_for_topics(names)


def produce(keys: list[str]) -> Counter[int]:
    """Write one record per key; return how many records went to each partition."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, key_serializer=DefaultSerializer()
    )
    try:
        futures = [producer.send(TOPIC, key=key, value=b"payment") for key in keys]
        producer.flush()
        return Counter(future.get(timeout=10).partition for future in futures)
    finally:
        producer.close()


def read_and_commit(expected: int) -> None:
    """Read `expected` records as group GROUP, commit the position, leave the group."""
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson03-reports-1",
        auto_offset_reset="earliest",
        enable_auto_commit=False,  # commit explicitly below
        session_timeout_ms=6000,
        consumer_timeout_ms=10000,
    )
    try:
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        read = 0
        for _record in consumer:
            read += 1
            if read == expected:
                break
        consumer.commit()  # commits the position: the offset of the next record to read
    finally:
        consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        recreate_topics(
            admin, [NewTopic(TOPIC, num_partitions=3, replication_factor=1)]
        )
        delete_groups(admin, [GROUP])

        produce([f"customer-{i}" for i in range(30)])
        read_and_commit(expected=30)
        print(f"group {GROUP} read 30 records, committed, and stopped")
        arrived = produce([f"customer-{i}" for i in range(30, 42)])
        print(f"then {sum(arrived.values())} more records arrived")

        # --8<-- [start:lag]
        committed = admin.list_group_offsets([GROUP])[GROUP]
        partitions = sorted(tp for tp in committed if tp.topic == TOPIC)
        end = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in partitions})
        # --8<-- [end:lag]
    finally:
        admin.close()

    print(f"{'PARTITION':<10}{'COMMITTED':>10}{'LOG-END':>9}{'LAG':>5}")
    for tp in partitions:
        lag = end[tp].offset - committed[tp].offset
        print(
            f"{tp.partition:<10}{committed[tp].offset:>10}{end[tp].offset:>9}{lag:>5}"
        )
        assert lag == arrived[tp.partition], (
            "lag counts exactly the records not yet read"
        )
    total = sum(end[tp].offset - committed[tp].offset for tp in partitions)
    print(f"total lag: {total}")


if __name__ == "__main__":
    main()
