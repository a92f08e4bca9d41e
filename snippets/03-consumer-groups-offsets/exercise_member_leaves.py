"""Exercise 2 solution: when a member leaves, the survivors take over its partitions.

A member that closes cleanly sends LeaveGroup, so the coordinator rebalances at once. (A
member that crashes sends nothing: the coordinator waits for session.timeout.ms, 45 s by
default, before it gives its partitions away.)
"""

from __future__ import annotations

import os
import threading
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError

TOPIC = "lesson03-orders"
PARTITIONS = 6
GROUP = "lesson03-failover"
MEMBERS = ["lesson03-failover-1", "lesson03-failover-2", "lesson03-failover-3"]


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def delete_groups(admin: KafkaAdminClient, group_ids: list[str]) -> None:
    """Delete consumer groups and their committed offsets, if they exist."""
    existing = {g["group_id"] for g in admin.list_groups()}
    wanted = [g for g in group_ids if g in existing]
    if wanted:
        admin.delete_groups(wanted)  # returns (group, error) pairs; nothing to check


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
            consumer.close()  # sends LeaveGroup


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    members = [Member(name) for name in MEMBERS]
    try:
        delete_groups(admin, [GROUP])
        for m in members:
            m.start()
        _, assigned = settled_assignment(admin, GROUP, 3, PARTITIONS)
        before = {client: [p for _, p in tps] for client, tps in assigned.items()}
        leaver = members[-1]
        leaver.stopping.set()
        leaver.join()
        started = time.monotonic()
        _, assigned = settled_assignment(admin, GROUP, 2, PARTITIONS)
        after = {client: [p for _, p in tps] for client, tps in assigned.items()}
        took = time.monotonic() - started
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    for title, owners in (("before", before), ("after", after)):
        print(f"{title}:")
        for client_id, partitions in sorted(owners.items()):
            print(f"  {client_id} owns {partitions}")
        if title == "before":
            print(f"{leaver.client_id} closed and left the group")
    assert sorted(p for ps in after.values() for p in ps) == list(range(PARTITIONS))
    print(f"the two survivors own all {PARTITIONS} partitions")
    assert took < 6, (
        "a clean leave rebalances at once, without waiting for the session timeout"
    )
    print(f"the group settled {took:.1f} s after the close (session timeout: 6 s)")


if __name__ == "__main__":
    main()
