"""Housekeeping the lesson snippets share, so that each lesson starts clean and reruns cleanly.

Only lab plumbing lives here; everything a lesson teaches is in the lesson's own snippet.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import GroupIdNotFoundError, TopicAlreadyExistsError, UnknownTopicOrPartitionError


def bootstrap_servers() -> str:
    """The broker address: $KAFKA_BOOTSTRAP_SERVERS, or the lab's default localhost:9092."""
    return os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def recreate_topics(
    admin: KafkaAdminClient, topics: Iterable[NewTopic], timeout_s: float = 30.0
) -> None:
    """Delete the topics if they exist, wait until they are gone, then create them afresh.

    Topic deletion is asynchronous: for a moment after `delete_topics` returns, creating a topic
    of the same name fails with TopicAlreadyExistsError. So the create is retried until it works.
    """
    topics = list(topics)
    names = [t.name for t in topics]
    existing = set(admin.list_topics())
    to_delete = [n for n in names if n in existing]
    if to_delete:
        try:
            admin.delete_topics(to_delete)
        except UnknownTopicOrPartitionError:
            pass
    deadline = time.monotonic() + timeout_s
    pending = topics
    while pending:
        still = []
        for topic in pending:
            try:
                admin.create_topics([topic])
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                still.append(topic)
        pending = still
        if pending:
            time.sleep(0.2)
    admin.wait_for_topics(names)


def delete_groups(admin: KafkaAdminClient, group_ids: Iterable[str]) -> None:
    """Delete consumer groups (and their committed offsets) if they exist."""
    existing = {g["group_id"] for g in admin.list_groups()}
    wanted = [g for g in group_ids if g in existing]
    if wanted:
        try:
            admin.delete_groups(wanted)
        except GroupIdNotFoundError:
            pass
