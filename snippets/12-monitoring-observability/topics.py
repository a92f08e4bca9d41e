"""Shared by Lesson 12's snippets: start each run from a fresh topic and no group."""

import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    CoordinatorLoadInProgressError,
    CoordinatorNotAvailableError,
    TopicAlreadyExistsError,
)


def recreate(
    admin: KafkaAdminClient, topic: str, partitions: int, *groups: str
) -> None:
    """Delete the groups and the topic, then create the topic again: 3 replicas when
    the cluster has 3 brokers, else 1."""
    deadline = time.monotonic() + 30
    while True:  # no group coordinator on a new cluster until __consumer_offsets exists
        try:
            admin.delete_groups(list(groups))  # and their offsets (none is fine)
            break
        except (CoordinatorNotAvailableError, CoordinatorLoadInProgressError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    if topic in admin.list_topics():
        admin.delete_topics([topic])
    replicas = min(3, len(admin.describe_cluster()["brokers"]))
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([NewTopic(topic, partitions, replicas)])
            break
        except TopicAlreadyExistsError:  # the old one is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic], timeout_ms=30_000)
