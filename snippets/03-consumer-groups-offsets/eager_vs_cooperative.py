"""What a rebalance takes away: eager (range) vs cooperative (cooperative-sticky).

Two members share a six-partition topic, then a third joins. A rebalance listener
records what each member has to give up. Under the eager protocol every member revokes
all of its partitions and waits for a new assignment; under the cooperative protocol a
member revokes only the partitions that move to the newcomer and keeps consuming the
rest.
"""

from __future__ import annotations

import os
import threading
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.subscription_state import ConsumerRebalanceListener
from kafka.coordinator.assignors.cooperative_sticky import CooperativeStickyAssignor
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.errors import KafkaError, TopicAlreadyExistsError

TOPIC = "lesson03-shipments"
PARTITIONS = 6
GROUPS = {
    "lesson03-eager": RangePartitionAssignor,
    "lesson03-cooperative": CooperativeStickyAssignor,
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


class Member(threading.Thread, ConsumerRebalanceListener):
    """One consumer of a group; as its own rebalance listener it records revocations."""

    def __init__(self, group_id: str, client_id: str, assignor: type) -> None:
        threading.Thread.__init__(self, name=client_id)
        self.group_id, self.client_id, self.assignor = group_id, client_id, assignor
        self.revoked: list[int] = []
        self.stopping = threading.Event()

    def on_partitions_revoked(self, revoked) -> None:
        self.revoked.extend(tp.partition for tp in revoked)

    def on_partitions_assigned(self, assigned) -> None:
        pass

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            group_id=self.group_id,
            client_id=self.client_id,
            partition_assignment_strategy=[self.assignor],
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe([TOPIC], listener=self)
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        try:
            while not self.stopping.is_set():
                consumer.poll(timeout_ms=200)
        finally:
            consumer.close()


def third_member_joins(admin: KafkaAdminClient, group_id: str, assignor: type) -> None:
    first_two = [Member(group_id, f"{group_id}-{n}", assignor) for n in (1, 2)]
    third = Member(group_id, f"{group_id}-3", assignor)
    try:
        for m in first_two:
            m.start()
        _, assigned = settled_assignment(admin, group_id, 2, PARTITIONS)
        before = {client: [p for _, p in tps] for client, tps in assigned.items()}
        for m in first_two:
            m.revoked.clear()  # forget the revocations of the initial joins
        third.start()
        _, assigned = settled_assignment(admin, group_id, 3, PARTITIONS)
        after = {client: [p for _, p in tps] for client, tps in assigned.items()}
        revoked = {
            m.client_id: sorted(m.revoked) for m in first_two
        }  # before anyone leaves
    finally:
        for m in [*first_two, third]:
            m.stopping.set()
        for m in [*first_two, third]:
            if m.is_alive():
                m.join()

    # Which partitions the sticky assignors pick varies from run to run; the counts do
    # not.
    print(f"group {group_id} ({assignor.name}): member 3 joins")
    for m in first_two:
        name = m.client_id
        print(
            f"  {name}: owned {len(before[name])} partitions, revoked "
            f"{len(revoked[name])}, "
            f"owns {len(after[name])} afterwards"
        )
        moved = sorted(set(before[name]) - set(after[name]))
        if assignor is CooperativeStickyAssignor:
            assert revoked[name] == moved, (
                "cooperative: revoke only the partitions that move"
            )
        else:
            assert revoked[name] == before[name], (
                "eager: revoke everything, then reassign"
            )
    print(f"  {third.client_id}: owns {len(after[third.client_id])} afterwards")
    owner_before = {p: name for name, partitions in before.items() for p in partitions}
    owner_after = {p: name for name, partitions in after.items() for p in partitions}
    changed = sum(owner_before[p] != owner_after[p] for p in range(PARTITIONS))
    total_revoked = sum(len(partitions) for partitions in revoked.values())
    print(
        f"  partitions revoked: {total_revoked}; partitions that changed owner: "
        f"{changed}"
    )


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        recreate_topics(
            admin, [NewTopic(TOPIC, num_partitions=PARTITIONS, replication_factor=1)]
        )
        delete_groups(admin, GROUPS)
        for group_id, assignor in GROUPS.items():
            third_member_joins(admin, group_id, assignor)
    finally:
        admin.close()


if __name__ == "__main__":
    main()
