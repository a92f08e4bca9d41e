"""Exercise: choose max_poll_records so that a slow handler stays in the group.

Each record takes 0.5 s; the group allows 3 s between polls. A batch of 10 records takes
5 s and gets the member removed; a batch of 4 takes 2 s and does not.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    CommitFailedError,
    GroupIdNotFoundError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-batches"
RECORDS = 10


def start_clean(groups: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        existing = {g["group_id"] for g in admin.list_groups()} & set(groups)
        if existing:
            try:
                admin.delete_groups(sorted(existing))
            except GroupIdNotFoundError:
                pass
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(TOPIC, 1, 1)])
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(RECORDS):
            producer.send(TOPIC, f"job {i}".encode())


def run(max_poll_records: int) -> tuple[int, int]:
    """Handle one poll's batch, then commit: (records handled, failed commits)."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=f"lesson07-batches-{max_poll_records}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=max_poll_records,
        max_poll_interval_ms=3000,
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,  # the poll interval is checked on each heartbeat
    )
    handled, failed = 0, 0
    try:
        consumer.subscribe([TOPIC])
        consumer.partitions_for_topic(TOPIC)
        deadline = time.monotonic() + 30
        while handled < RECORDS and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for _ in records:
                    time.sleep(0.5)  # the handler
                    handled += 1
                try:
                    consumer.commit()
                except CommitFailedError:
                    failed += 1
                    break
            if failed:
                break
    finally:
        consumer.close()
    return handled, failed


def main() -> None:
    start_clean(["lesson07-batches-10", "lesson07-batches-4"])
    results = {size: run(size) for size in (10, 4)}
    for size, (handled, failed) in results.items():
        print(f"max_poll_records={size}: handled {handled}, failed commits {failed}")
    assert results[10][1] == 1, "a 5 s batch exceeds the 3 s poll interval"
    assert results[4] == (RECORDS, 0), "2 s batches fit"


if __name__ == "__main__":
    main()
