"""Committed offsets and lag: lag = log-end offset - committed offset, per partition.

A group reads a topic to the end and commits, then stops. New records arrive while it is
stopped. Its lag is exactly the records it has not read yet, partition by partition.
"""

from __future__ import annotations

from collections import Counter

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic, OffsetSpec

from kafkalab.course import bootstrap_servers, delete_groups, recreate_topics

TOPIC = "lesson03-payments"
GROUP = "lesson03-reports"


def produce(keys: list[str]) -> Counter[int]:
    """Write one record per key; return how many records went to each partition."""
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(), key_serializer=DefaultSerializer()
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
        bootstrap_servers=bootstrap_servers(),
        group_id=GROUP,
        client_id="lesson03-reports-1",
        auto_offset_reset="earliest",
        enable_auto_commit=False,  # commit explicitly below
        session_timeout_ms=6000,
        consumer_timeout_ms=10000,
    )
    try:
        # load the topic's metadata before the first join (see the page's note)
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
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, num_partitions=3, replication_factor=1)])
        delete_groups(admin, [GROUP])

        produce([f"customer-{i}" for i in range(30)])
        read_and_commit(expected=30)
        print(f"group {GROUP} read 30 records, committed, and stopped")
        arrived = produce([f"customer-{i}" for i in range(30, 42)])
        print(f"then {sum(arrived.values())} more records arrived")

        committed = admin.list_group_offsets([GROUP])[GROUP]
        partitions = sorted(tp for tp in committed if tp.topic == TOPIC)
        end = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in partitions})
    finally:
        admin.close()

    print(f"{'PARTITION':<10}{'COMMITTED':>10}{'LOG-END':>9}{'LAG':>5}")
    for tp in partitions:
        lag = end[tp].offset - committed[tp].offset
        print(f"{tp.partition:<10}{committed[tp].offset:>10}{end[tp].offset:>9}{lag:>5}")
        assert lag == arrived[tp.partition], "lag counts exactly the records not yet read"
    total = sum(end[tp].offset - committed[tp].offset for tp in partitions)
    print(f"total lag: {total}")


if __name__ == "__main__":
    main()
