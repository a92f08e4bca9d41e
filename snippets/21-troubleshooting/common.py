"""Shared by the runbooks of this lesson: the bootstrap address, and a clean start.

`fresh_topic()` deletes a topic (and the consumer groups you name) and creates it
again with explicit partitions, replication factor and configs, so that every runbook
can run twice.
"""

from __future__ import annotations

import os
import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import GroupIdNotFoundError, TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def fresh_topic(
    name: str,
    partitions: int,
    replicas: int,
    configs: dict[str, str] | None = None,
    groups: tuple[str, ...] = (),
    assignment: dict[int, list[int]] | None = None,
) -> None:
    """Delete `name` and `groups` if they exist, then create the topic afresh.

    `assignment` (partition -> broker ids) pins the replicas instead of
    `partitions` and `replicas`."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson21-admin")
    try:
        known = {g["group_id"] for g in admin.list_groups()}
        deadline = time.monotonic() + 60  # kafka-python's session timeout is 45 s
        for group in groups:
            while group in known:  # a member that just stopped may not have left yet
                try:
                    result = admin.delete_groups([group]).get(group)
                except GroupIdNotFoundError:
                    break
                if result != "GroupNotEmptyError":
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"group {group} still has members: stop them")
                time.sleep(0.5)
        if name in admin.list_topics():
            admin.delete_topics([name])
        if assignment:
            partitions = replicas = -1  # taken from the assignment
        topic = NewTopic(
            name, partitions, replicas, assignment, topic_configs=configs or {}
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                admin.create_topics([topic])
                break
            except TopicAlreadyExistsError:  # the old topic is still being deleted
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        admin.wait_for_topics([name])
    finally:
        admin.close()
