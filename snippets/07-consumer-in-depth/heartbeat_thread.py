"""The heartbeat thread: a handler longer than the session timeout is not a dead one.

The handler takes 8 s, longer than `session_timeout_ms=6000`, but within
`max_poll_interval_ms=20000`. The consumer's background thread keeps heartbeating, so
the coordinator keeps the member, in the same generation, and the commit succeeds.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    GroupIdNotFoundError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-heartbeat"
GROUP = "lesson07-heartbeat"


def start_clean(admin: KafkaAdminClient) -> None:
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
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        producer.send(TOPIC, b"a slow job")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    consumer = None
    try:
        start_clean(admin)
        consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            group_id=GROUP,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
            max_poll_interval_ms=20000,
        )
        consumer.subscribe([TOPIC])
        consumer.partitions_for_topic(TOPIC)
        records: dict = {}
        deadline = time.monotonic() + 20
        while not records and time.monotonic() < deadline:
            records = consumer.poll(timeout_ms=500)
        before = consumer.group_metadata().generation_id
        time.sleep(8)  # the handler: longer than the session timeout
        group = admin.describe_groups([GROUP])[GROUP]
        state, members = group["group_state"], len(group["members"])
        print(f"after an 8 s handler: group {state}, {members} member")
        consumer.commit()  # raises CommitFailedError if the member was removed
        after = consumer.group_metadata().generation_id
        print(f"commit succeeded; generation {before} -> {after}")
        assert state == "Stable" and members == 1
        assert before == after
    finally:
        if consumer:
            consumer.close()
        admin.close()


if __name__ == "__main__":
    main()
