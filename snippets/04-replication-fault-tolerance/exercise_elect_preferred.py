"""Exercise 2: make broker 2 the preferred leader of a partition, then elect it.

The preferred leader is simply the first replica in the partition's replica list.
Reordering the list (same brokers, so no data moves) changes the preference but not the
current leader; a preferred leader election, asked for here from Python, then moves the
leadership.
"""

import os
import time
from collections.abc import Callable

from kafka import TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.protocol.admin import ElectionType

TOPIC = "lesson04-preferred"
TIMEOUT_S = 30.0


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


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
    admin.wait_for_topics(names, timeout_ms=30000)


def partition0(admin: KafkaAdminClient) -> dict | None:
    """Partition 0's metadata, or None while the broker asked does not know it yet."""
    [topic] = admin.describe_topics([TOPIC])
    return next((p for p in topic["partitions"] if p["partition_index"] == 0), None)


def wait_for(admin: KafkaAdminClient, check: Callable[[dict], bool], what: str) -> dict:
    """Poll partition 0's metadata until check(partition) is true (bounded)."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        p = partition0(admin)
        if p is not None and check(p):
            return p
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what}: not seen within {TIMEOUT_S:.0f} s ({p})")
        time.sleep(0.5)


def show(label: str, p: dict) -> None:
    print(f"{label:<26} replicas {p['replica_nodes']}  leader {p['leader_id']}")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson04-ex2")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, replica_assignments={0: [1, 2, 3]})])
        show("created:", wait_for(admin, lambda p: p["leader_id"] == 1, "leader 1"))

        # Same three brokers, new order: broker 2 first. No data is copied.
        errors = admin.alter_partition_reassignments(
            {TopicPartition(TOPIC, 0): [2, 1, 3]}
        )
        assert all(e is None for e in errors.values()), errors
        show(
            "after reordering:",
            wait_for(admin, lambda p: p["replica_nodes"][0] == 2, "reorder"),
        )

        admin.elect_leaders(ElectionType.PREFERRED, {TOPIC: [0]})
        p = wait_for(
            admin, lambda p: p["leader_id"] == p["replica_nodes"][0], "preferred leader"
        )
        show("after preferred election:", p)
        assert p["leader_id"] == 2
    finally:
        admin.close()


if __name__ == "__main__":
    main()
