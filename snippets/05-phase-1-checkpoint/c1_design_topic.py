"""Challenge 1: an orders topic that keeps taking writes with one broker down.

6 partitions (room for 6 consumers), replication factor 3, min.insync.replicas=2: with
acks=all, writes keep succeeding with one broker down, and every acknowledged write is
on at least two brokers.
"""

import os
import time

from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

TOPIC = "lesson05-orders"


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


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson05-admin")
    try:
        topic = NewTopic(
            TOPIC,
            num_partitions=6,
            replication_factor=3,
            topic_configs={"min.insync.replicas": "2"},
        )
        recreate_topics(admin, [topic])
        # A new topic's replicas need a moment to start on every broker: wait until all
        # are in sync.
        deadline = time.monotonic() + 30
        while True:
            [description] = admin.describe_topics([TOPIC])
            parts = description["partitions"]  # empty while a broker lacks the topic
            in_sync = [sorted(p["isr_nodes"]) == [1, 2, 3] for p in parts]
            if len(parts) == 6 and all(in_sync):
                break
            assert time.monotonic() < deadline, (
                f"replicas not in sync: {description['partitions']}"
            )
            time.sleep(0.3)
        # The broker that answers may learn the new topic's configs a moment later.
        resource = ConfigResource(ConfigResourceType.TOPIC, TOPIC)
        while True:
            configs = admin.describe_configs([resource])
            entry = configs.get("topic", {}).get(TOPIC, {}).get("min.insync.replicas")
            if entry is not None:
                break
            assert time.monotonic() < deadline, f"no min.insync.replicas for {TOPIC}"
            time.sleep(0.3)
        min_isr = entry["value"]
        partitions = sorted(
            description["partitions"], key=lambda p: p["partition_index"]
        )
        for p in partitions:
            assert len(p["replica_nodes"]) == 3 and sorted(p["isr_nodes"]) == [1, 2, 3]
        assert len(partitions) == 6 and min_isr == "2"
        print(f"{TOPIC}: {len(partitions)} partitions, min.insync.replicas={min_isr}")
        for p in partitions:
            print(
                f"  partition {p['partition_index']}: replicas "
                f"{sorted(p['replica_nodes'])}, "
                f"in sync {sorted(p['isr_nodes'])}"
            )
    finally:
        admin.close()


if __name__ == "__main__":
    main()
