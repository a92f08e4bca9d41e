"""Housekeeping the lesson snippets share, so that each lesson starts clean and reruns cleanly.

Only lab plumbing lives here; everything a lesson teaches is in the lesson's own snippet.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    GroupIdNotFoundError,
    KafkaError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)


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


def read_topic(topic: str, *, client_id: str, timeout_s: float = 10.0, **consumer_config) -> list:
    """Every record of `topic`, read from the beginning up to the end it has now.

    A consumer with no group (nothing committed, no rebalance) assigns itself every partition,
    seeks to the beginning, and polls until its position reaches each partition's end offset, as
    Lesson 1's consume.py does. Extra keyword arguments go to KafkaConsumer (deserializers, ...).
    """
    consumer = KafkaConsumer(
        bootstrap_servers=bootstrap_servers(), client_id=client_id, group_id=None, **consumer_config
    )
    records = []
    try:
        partitions = [
            TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic))
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        deadline = time.monotonic() + timeout_s
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {topic} to its end in {timeout_s:.0f} s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    return records


def settled_assignment(
    admin: KafkaAdminClient, group_id: str, members: int, partitions: int, timeout_s: float = 20.0
) -> tuple[str, dict[str, list[tuple[str, int]]]]:
    """Wait until a group is Stable with `members` members sharing all `partitions` partitions.

    Returns what the group coordinator reports, as Lesson 3's group_of_three.py reads it: the
    assignor the group chose, and each member's sorted (topic, partition)s by client id.
    """
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            group = admin.describe_groups([group_id])[group_id]
        except KafkaError as exc:
            # A new cluster creates __consumer_offsets for its first group; until then the
            # broker answers COORDINATOR_NOT_AVAILABLE, a retriable error.
            if not exc.retriable:
                raise
            group = None
        if group and group["group_state"] == "Stable" and len(group["members"]) == members:
            owned = {
                m["client_id"]: sorted(
                    (t["topic"], p)
                    for t in m["member_assignment"]["assigned_partitions"]
                    for p in t["partitions"]
                )
                for m in group["members"]
            }
            if sum(len(tps) for tps in owned.values()) == partitions:
                return group["protocol_data"], owned
        time.sleep(0.2)  # joining, or the members' metadata does not list the topic yet
    raise TimeoutError(
        f"group {group_id} did not settle with {members} members in {timeout_s:.0f} s"
    )


def delete_groups(admin: KafkaAdminClient, group_ids: Iterable[str]) -> None:
    """Delete consumer groups (and their committed offsets) if they exist."""
    existing = {g["group_id"] for g in admin.list_groups()}
    wanted = [g for g in group_ids if g in existing]
    if wanted:
        try:
            admin.delete_groups(wanted)
        except GroupIdNotFoundError:
            pass
