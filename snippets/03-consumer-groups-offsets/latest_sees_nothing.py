"""auto.offset.reset decides where a group with no committed offset starts.

Five records are written, then two new groups read the topic. With the default `latest`,
the group starts at the end and sees none of them; with `earliest` it starts at the
beginning.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

TOPIC = "lesson03-signups"
GROUPS = {"latest": "lesson03-welcome-latest", "earliest": "lesson03-welcome-earliest"}


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


def read_as_new_group(group_id: str, auto_offset_reset: str) -> list[tuple[int, int]]:
    """Join as a new group, poll until it is at the end of its partitions (at most
    20 s); return the (partition, offset)s it read."""
    # --8<-- [start:consumer]
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=group_id,
        client_id=f"{group_id}-1",
        auto_offset_reset=auto_offset_reset,
        session_timeout_ms=6000,
    )
    # --8<-- [end:consumer]
    read: list[tuple[int, int]] = []
    try:
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        deadline = time.monotonic() + 20
        while True:  # until the group owns its partitions and is at their end
            for batch in consumer.poll(timeout_ms=200).values():
                read.extend((r.partition, r.offset) for r in batch)
            owned = sorted(consumer.assignment())
            if owned:
                end = consumer.end_offsets(owned)
                if all(consumer.position(tp) >= end[tp] for tp in owned):
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"{group_id} did not reach the end within 20 s")
        positions = {tp.partition: consumer.position(tp) for tp in owned}
        print(f"  {group_id}: read {len(read)} records; positions now {positions}")
        return read
    finally:
        consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        recreate_topics(
            admin, [NewTopic(TOPIC, num_partitions=3, replication_factor=1)]
        )
        delete_groups(admin, GROUPS.values())
    finally:
        admin.close()

    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP)
    try:
        for i in range(5):
            producer.send(TOPIC, key=f"user-{i}".encode(), value=b"signed up")
        producer.flush()
    finally:
        producer.close()
    print("5 records written before either group existed")

    print("auto_offset_reset='latest' (the default):")
    read = read_as_new_group(GROUPS["latest"], "latest")
    assert read == [], (
        "a new group with `latest` skips what was written before it joined"
    )

    print("auto_offset_reset='earliest':")
    read = read_as_new_group(GROUPS["earliest"], "earliest")
    first = {p: min(o for q, o in read if q == p) for p in sorted({p for p, _ in read})}
    print(f"  first offset read in each partition: {first}")
    assert len(read) == 5, (
        "a new group with `earliest` reads the topic from the beginning"
    )


if __name__ == "__main__":
    main()
