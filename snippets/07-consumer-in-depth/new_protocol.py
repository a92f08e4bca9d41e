"""The consumer group protocol of KIP-848, through confluent-kafka.

Two confluent-kafka consumers join with `group.protocol=consumer`: the broker computes
the assignment. The admin API then reports the group's type and state as the broker sees
them. kafka-python 3.0.12 speaks only the classic protocol and rejects the setting."""

from __future__ import annotations

import os
import time

from confluent_kafka import Consumer
from confluent_kafka.admin import AdminClient, NewTopic
from kafka import KafkaConsumer
from kafka.errors import KafkaConfigurationError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-kip848"
GROUP = "lesson07-kip848"


def start_clean(admin: AdminClient) -> None:
    if TOPIC in admin.list_topics(timeout=10).topics:
        admin.delete_topics([TOPIC])[TOPIC].result()
    deadline = time.monotonic() + 30
    while True:  # deletion is asynchronous: retry the create until it works
        try:
            admin.create_topics([NewTopic(TOPIC, 4, 1)])[TOPIC].result()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    start_clean(admin)
    # --8<-- [start:join]
    members = [
        Consumer(
            {
                "bootstrap.servers": BOOTSTRAP,
                "group.id": GROUP,
                "group.protocol": "consumer",  # KIP-848; the default is "classic"
                "client.id": f"lesson07-kip848-{i}",
            }
        )
        for i in (1, 2)
    ]
    # --8<-- [end:join]
    try:
        for m in members:
            m.subscribe([TOPIC])
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            for m in members:
                m.poll(0.1)
            if (
                all(m.assignment() for m in members)
                and sum(len(m.assignment()) for m in members) == 4
            ):
                break
        # --8<-- [start:describe]
        group = admin.describe_consumer_groups([GROUP])[GROUP].result()
        print(f"group {GROUP}: type {group.type.name}, state {group.state.name}")
        for member in sorted(group.members, key=lambda m: m.client_id):
            parts = sorted(tp.partition for tp in member.assignment.topic_partitions)
            print(f"  {member.client_id} owns partitions {parts}")
        # --8<-- [end:describe]
        assert group.type.name == "CONSUMER" and group.state.name == "STABLE"
        assert len(group.members) == 2
    finally:
        for m in members:
            m.close()
    # --8<-- [start:kafka-python]
    try:
        KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_protocol="consumer")
        raise AssertionError("kafka-python accepted group_protocol")
    except KafkaConfigurationError as exc:
        print(f"kafka-python {exc}")
    # --8<-- [end:kafka-python]


if __name__ == "__main__":
    main()
