"""A group member whose handler becomes slow is removed from the group.

The worker allows 3 s between two polls (`max_poll_interval_ms=3000`, default 300000).
Handling offset 2 takes 5 s the first time, so the consumer's background thread leaves
the group while the handler still runs; the commit that follows fails with
CommitFailedError, and the next poll() joins the group again, as a new member."""

from __future__ import annotations

import os
import time

from kafka import (
    ConsumerRebalanceListener,
    KafkaConsumer,
    KafkaProducer,
    TopicPartition,
)
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    CommitFailedError,
    GroupIdNotFoundError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-jobs"
GROUP = "lesson07-workers"
RECORDS = 5
SLOW_OFFSET = 2


def start_clean() -> None:
    """Recreate the topic with RECORDS records and forget the group's offsets."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        if GROUP in {g["group_id"] for g in admin.list_groups()}:
            try:
                admin.delete_groups([GROUP])
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


class Announce(ConsumerRebalanceListener):
    """Prints what poll() reports about this member's partitions."""

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        if revoked:
            print(f"revoked partitions {sorted(tp.partition for tp in revoked)}")

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        print(f"joined: partitions {sorted(tp.partition for tp in assigned)}")

    def on_partitions_lost(self, lost: set[TopicPartition]) -> None:
        owned = sorted(tp.partition for tp in lost)
        print(f"lost partitions {owned} (no longer a member)")


def main() -> None:
    start_clean()
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson07-worker",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        max_poll_records=1,  # one record per poll, to see each step
        max_poll_interval_ms=3000,  # default 300000 (5 min)
        session_timeout_ms=6000,  # default 45000
        heartbeat_interval_ms=1000,  # default 3000
    )
    handled: list[int] = []
    failed_commits = 0
    slow_done = False
    try:
        consumer.subscribe([TOPIC], listener=Announce())
        consumer.partitions_for_topic(TOPIC)  # load metadata: join once (see Lesson 3)
        deadline = time.monotonic() + 30
        while RECORDS - 1 not in handled and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    started = time.monotonic()
                    slow = record.offset == SLOW_OFFSET and not slow_done
                    time.sleep(5.0 if slow else 1.0)  # the handler's work
                    slow_done = slow_done or slow
                    took = time.monotonic() - started
                    handled.append(record.offset)
                    print(f"handled offset {record.offset} in {took:.0f} s")
                    try:
                        consumer.commit()
                    except CommitFailedError:
                        failed_commits += 1
                        print("commit failed: CommitFailedError (not a member)")
    finally:
        consumer.close()
    print(f"handled offsets {handled}")
    assert failed_commits == 1, "the commit after the slow handler fails"
    assert handled.count(SLOW_OFFSET) == 2, "its record is handled again"


if __name__ == "__main__":
    main()
