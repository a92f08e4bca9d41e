"""Create a topic with three replicas per partition, and read back who leads what.

The replica lists are given explicitly, so each partition's first replica (its
*preferred leader*) is a different broker and the output is the same on every run. The
topic requires two in-sync replicas for an acks=all write: min.insync.replicas=2.
"""

import os
import time

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

TOPIC = "lesson04-orders"
ASSIGNMENT = {
    0: [1, 2, 3],
    1: [2, 3, 1],
    2: [3, 1, 2],
}  # partition -> replicas, leader first


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


def topic_config(
    admin: KafkaAdminClient, topic: str, name: str, timeout_s: float = 30.0
) -> str:
    """One config value of a topic (polls: a broker may not know a new topic yet)."""
    resource = ConfigResource(ConfigResourceType.TOPIC, topic, {name: None})
    deadline = time.monotonic() + timeout_s
    while True:
        configs = admin.describe_configs([resource], config_filter="all")
        entry = configs.get("topic", {}).get(topic, {}).get(name)
        if entry is not None:
            return entry["value"]
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {name} for {topic} within {timeout_s:.0f} s")
        time.sleep(0.2)


def all_partitions_in_sync(
    admin: KafkaAdminClient, topic: str, timeout_s: float = 30.0
) -> list:
    """The partitions, once every one has a leader and all its replicas in sync."""
    deadline = time.monotonic() + timeout_s
    while True:
        [described] = admin.describe_topic_partitions([topic])["topics"]
        parts = sorted(described["partitions"], key=lambda p: p["partition_index"])
        if len(parts) == len(ASSIGNMENT) and all(
            p["leader_id"] >= 0 and len(p["isr_nodes"]) == len(p["replica_nodes"])
            for p in parts
        ):
            return parts
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"{topic} not fully in sync within {timeout_s:.0f} s: {parts}"
            )
        time.sleep(0.2)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson04-admin")
    try:
        # --8<-- [start:topic]
        topic = NewTopic(
            TOPIC,
            # implies 3 partitions, replication factor 3
            replica_assignments=ASSIGNMENT,
            topic_configs={"min.insync.replicas": "2"},
        )
        recreate_topics(admin, [topic])
        # --8<-- [end:topic]
        partitions = all_partitions_in_sync(admin, TOPIC)
        min_isr = topic_config(admin, TOPIC, "min.insync.replicas")
    finally:
        admin.close()

    rf = {len(p["replica_nodes"]) for p in partitions}
    print(
        f"{TOPIC}: {len(partitions)} partitions, replication factor {rf.pop()}, "
        f"min.insync.replicas={min_isr}"
    )
    for p in partitions:
        print(
            f"partition {p['partition_index']}  replicas {p['replica_nodes']}  "
            f"leader {p['leader_id']}  isr {sorted(p['isr_nodes'])}"
        )
        assert p["replica_nodes"] == ASSIGNMENT[p["partition_index"]]
        assert p["leader_id"] == p["replica_nodes"][0], (
            "new partitions start led by their first replica"
        )
        assert sorted(p["isr_nodes"]) == sorted(p["replica_nodes"]), (
            "all replicas start in sync"
        )
    assert min_isr == "2"
    print("every leader is its partition's first (preferred) replica: yes")


if __name__ == "__main__":
    main()
