"""Challenge 3 solution: three consumers in one group share six partitions, two each.

Starts three consumers (threads) in the group `lesson05-billing`, reads the assignment
from the group coordinator, lets them read everything and commit, then computes the
group's lag.
"""

import os
import threading
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient
from kafka.errors import CommitFailedError, KafkaError, RebalanceInProgressError

TOPIC = "lesson05-orders"
GROUP = "lesson05-billing"
MEMBERS = 3


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


def run_member(name: str, stop: threading.Event, counts: dict[str, int]) -> None:
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id=name,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    # load the metadata first, so the consumer joins the group only once
    consumer.partitions_for_topic(TOPIC)
    try:
        while not stop.is_set():
            batches = consumer.poll(timeout_ms=200)
            counts[name] += sum(len(b) for b in batches.values())
            # at-least-once: commit after the records are processed. Committing after
            # an empty poll too records the position of a partition with no records,
            # so the group's lag covers all six partitions.
            try:
                consumer.commit()
            except (CommitFailedError, RebalanceInProgressError):
                pass  # the group is rebalancing: the next round commits again
    finally:
        consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson05-admin")
    stop = threading.Event()
    counts = {f"lesson05-billing-{i}": 0 for i in range(1, MEMBERS + 1)}
    threads = [
        threading.Thread(target=run_member, args=(n, stop, counts)) for n in counts
    ]
    try:
        delete_groups(admin, [GROUP])
        for t in threads:
            t.start()
        _, assigned = settled_assignment(admin, GROUP, MEMBERS, partitions=6)
        assignment = {client: [p for _, p in tps] for client, tps in assigned.items()}
        for name in sorted(assignment):
            print(f"{name} owns partitions {assignment[name]}")
        owned = sorted(p for parts in assignment.values() for p in parts)
        assert owned == list(range(6)), "each partition has exactly one owner"
        assert all(len(parts) == 2 for parts in assignment.values())

        partitions = [TopicPartition(TOPIC, p) for p in range(6)]
        consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP)
        end = consumer.end_offsets(partitions)
        consumer.close()
        deadline = time.monotonic() + 20
        # wait until the group has committed up to the end of every partition
        while True:
            committed = admin.list_group_offsets({GROUP: None})[GROUP]
            lag = {
                tp.partition: end[tp] - committed[tp].offset
                for tp in partitions
                if tp in committed
            }
            if len(lag) == 6 and sum(lag.values()) == 0:
                break
            assert time.monotonic() < deadline, f"lag did not drain: {lag}"
            time.sleep(0.3)
        print(f"records read: {sum(counts.values())}; lag per partition: {lag}")
    finally:
        stop.set()
        for t in threads:
            t.join()
        admin.close()


if __name__ == "__main__":
    main()
