"""Four consumers in one group, three partitions: one consumer sits idle.

A partition has at most one owner inside a group, so a group can use at most as many
consumers as its topics have partitions. The spare member is a hot standby, not extra
capacity.
"""

from __future__ import annotations

import os
import threading
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

TOPIC = "lesson03-invoices"
PARTITIONS = 3
GROUP = "lesson03-invoicing"
MEMBERS = [f"lesson03-invoicing-{n}" for n in (1, 2, 3, 4)]


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


def settled_assignment(
    admin: KafkaAdminClient, group_id: str, members: int, partitions: int
) -> tuple[str, dict[str, list[tuple[str, int]]]]:
    """Wait until the group is Stable with `members` members sharing all `partitions`.

    Returns what the group coordinator reports: the assignor the group chose, and each
    member's sorted (topic, partition) pairs by client id.
    """
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            group = admin.describe_groups([group_id])[group_id]
        except KafkaError as exc:  # COORDINATOR_NOT_AVAILABLE on a brand-new cluster
            if not exc.retriable:
                raise
            group = None
        if group and group["group_state"] == "Stable":
            owned = {
                m["client_id"]: sorted(
                    (t["topic"], p)
                    for t in m["member_assignment"]["assigned_partitions"]
                    for p in t["partitions"]
                )
                for m in group["members"]
            }
            count = sum(len(tps) for tps in owned.values())
            if len(owned) == members and count == partitions:
                return group["protocol_data"], owned
        time.sleep(0.2)  # still joining
    raise TimeoutError(f"group {group_id} did not settle with {members} members")


class Member(threading.Thread):
    """One consumer of the group. It polls in its own thread until told to stop."""

    def __init__(self, client_id: str) -> None:
        super().__init__(name=client_id)
        self.client_id = client_id
        self.stopping = threading.Event()

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            group_id=GROUP,
            client_id=self.client_id,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe([TOPIC])
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        try:
            while not self.stopping.is_set():
                consumer.poll(timeout_ms=200)
        finally:
            consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    members = [Member(name) for name in MEMBERS]
    try:
        recreate_topics(
            admin, [NewTopic(TOPIC, num_partitions=PARTITIONS, replication_factor=1)]
        )
        delete_groups(admin, [GROUP])
        for m in members:
            m.start()
        _, assigned = settled_assignment(admin, GROUP, len(members), PARTITIONS)
        owned = {client: [p for _, p in tps] for client, tps in assigned.items()}
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    print(f"{len(owned)} members, {PARTITIONS} partitions:")
    for client_id in sorted(owned):
        print(f"  {client_id} owns partitions {owned[client_id]}")
    idle = [client_id for client_id, partitions in owned.items() if not partitions]
    assert len(idle) == len(MEMBERS) - PARTITIONS, (
        "one member more than partitions: one idle"
    )
    print(f"idle members: {idle}")


if __name__ == "__main__":
    main()
