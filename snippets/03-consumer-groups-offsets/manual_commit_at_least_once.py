"""Myth: "manual commit gives exactly-once". It gives at-least-once.

The mailer commits each record's offset only after it has sent the email, which is the
right order: a crash never loses an email. But a crash between "send" and "commit" means
the restarted mailer reads that record again, and sends that email twice.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.structs import OffsetAndMetadata

TOPIC = "lesson03-emails"
GROUP = "lesson03-mailer"
RECORDS = 5


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


class Crash(Exception):
    """Stands in for the process dying: power loss, OOM kill, a deploy."""


def run_mailer(sent: list[int], crash_after_sending: int | None) -> None:
    """Send an email per record, commit after each; optionally crash before a commit."""
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson03-mailer-1",
        auto_offset_reset="earliest",
        # manual commit: we decide when a record counts as done
        enable_auto_commit=False,
        session_timeout_ms=6000,
        consumer_timeout_ms=10000,  # stop iterating if no record comes for 10 s
    )
    try:
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        # --8<-- [start:loop]
        for record in consumer:
            sent.append(record.offset)  # the side effect: the email goes out
            if record.offset == crash_after_sending:
                raise Crash(f"crashed after email {record.offset}, before its commit")
            tp = TopicPartition(record.topic, record.partition)
            consumer.commit({tp: OffsetAndMetadata(record.offset + 1, "", -1)})
            if record.offset == RECORDS - 1:
                break
        # --8<-- [end:loop]
    finally:
        consumer.close(autocommit=False)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        recreate_topics(
            admin, [NewTopic(TOPIC, num_partitions=1, replication_factor=1)]
        )
        delete_groups(admin, [GROUP])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP)
    try:
        for i in range(RECORDS):
            producer.send(TOPIC, value=f"welcome email {i}".encode())
        producer.flush()
    finally:
        producer.close()

    sent: list[int] = []
    try:
        run_mailer(sent, crash_after_sending=2)
    except Crash as crash:
        print(f"first run:  sent emails for offsets {sent}; {crash}")
    restart_at = len(sent)
    run_mailer(sent, crash_after_sending=None)
    print(f"second run: sent emails for offsets {sent[restart_at:]}")

    duplicates = sorted({offset for offset in sent if sent.count(offset) > 1})
    print(
        f"emails sent: {len(sent)} for {RECORDS} records; sent twice: offsets "
        f"{duplicates}"
    )
    assert sorted(set(sent)) == list(range(RECORDS)), (
        "at-least-once: no record is skipped"
    )
    assert duplicates == [2], (
        "but the record processed before the crash is processed again"
    )


if __name__ == "__main__":
    main()
