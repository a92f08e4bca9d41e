"""Range vs round-robin: two members, two topics, two different assignments.

The range assignor works topic by topic: each topic's partitions are split into ranges,
and the first member gets the larger range of every topic. Round-robin deals all
partitions of all topics out one by one. The assignments printed are read from each
group on the broker.
"""

from __future__ import annotations

import os
import threading
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor
from kafka.errors import KafkaError, TopicAlreadyExistsError

TOPICS = ["lesson03-clicks", "lesson03-views"]
GROUPS = {
    "lesson03-range": RangePartitionAssignor,
    "lesson03-roundrobin": RoundRobinPartitionAssignor,
}


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
    """One consumer of a group, with one assignor; polls in its thread until stopped."""

    def __init__(self, group_id: str, client_id: str, assignor: type) -> None:
        super().__init__(name=client_id)
        self.group_id, self.client_id, self.assignor = group_id, client_id, assignor
        self.stopping = threading.Event()

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            group_id=self.group_id,
            client_id=self.client_id,
            partition_assignment_strategy=[self.assignor],
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe(TOPICS)
        for topic in TOPICS:
            # load the metadata first, so the consumer joins the group only once
            consumer.partitions_for_topic(topic)
        try:
            while not self.stopping.is_set():
                consumer.poll(timeout_ms=200)
        finally:
            consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    members = [
        Member(group_id, f"{group_id}-{n}", assignor)
        for group_id, assignor in GROUPS.items()
        for n in (1, 2)
    ]
    try:
        recreate_topics(
            admin, [NewTopic(t, num_partitions=3, replication_factor=1) for t in TOPICS]
        )
        delete_groups(admin, GROUPS)
        for m in members:
            m.start()
        results = {g: settled_assignment(admin, g, 2, 3 * len(TOPICS)) for g in GROUPS}
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    sizes = {}
    for group_id, (assignor, owned) in results.items():
        print(f"group {group_id} (assignor: {assignor})")
        for client_id in sorted(owned):
            by_topic = {t: [p for tt, p in owned[client_id] if tt == t] for t in TOPICS}
            shown = "  ".join(f"{t} {ps}" for t, ps in by_topic.items())
            print(f"  {client_id}: {len(owned[client_id])} partitions: {shown}")
        sizes[assignor] = sorted(len(partitions) for partitions in owned.values())
    assert sizes["range"] == [2, 4], (
        "range: the first member gets the extra partition of each topic"
    )
    assert sizes["roundrobin"] == [3, 3], "round-robin: 6 partitions, 2 members, 3 each"


if __name__ == "__main__":
    main()
