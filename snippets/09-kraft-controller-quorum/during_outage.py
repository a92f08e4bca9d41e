"""With one of three controllers stopped, the cluster still changes its metadata.

Two voters of three are a majority, so the quorum elects a leader and commits new
records. This creates a topic (a metadata change) and writes to two topics with
acks=all while one node is down, and checks that each step succeeded.
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
NEW_TOPIC = "lesson09-during-outage"
OLD_TOPIC = "lesson09-orders"  # created in Step 3 with replication factor 3


def recreate(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if an earlier run left it, then create it."""
    try:
        admin.delete_topics([topic.name])
        time.sleep(1)
    except UnknownTopicOrPartitionError:
        pass
    for _ in range(20):
        try:
            admin.create_topics([topic])
            return
        except TopicAlreadyExistsError:  # the deletion is still under way
            time.sleep(0.5)
    raise RuntimeError(f"could not recreate {topic.name}")


def live_brokers(admin: KafkaAdminClient) -> list[int]:
    """The brokers that the cluster metadata lists as alive (registered, not fenced)."""
    brokers = admin.describe_cluster()["brokers"]
    return sorted(b["broker_id"] for b in brokers if not b.get("is_fenced"))


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson09-outage")
    try:
        [log] = admin.describe_metadata_quorum()["topics"][0]["partitions"]
        voters = len(log["current_voters"])
        live = live_brokers(admin)
        deadline = time.monotonic() + 30  # a stopped broker leaves within seconds
        while len(live) >= voters and time.monotonic() < deadline:
            time.sleep(1)
            live = live_brokers(admin)
        print(
            f"live brokers: {len(live)} of {voters}; active controller: "
            f"node {log['leader_id']} (epoch {log['leader_epoch']})"
        )
        assert len(live) == voters - 1, "stop the active controller's node first"
        # --8<-- [start:create]
        recreate(admin, NewTopic(NEW_TOPIC, num_partitions=3, replication_factor=2))
        # --8<-- [end:create]
        print(f"created {NEW_TOPIC} (3 partitions, replication factor 2)")
    finally:
        admin.close()

    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson09-outage", acks="all"
    )
    try:
        for topic in (OLD_TOPIC, NEW_TOPIC):
            futures = [producer.send(topic, f"order-{i}".encode()) for i in range(3)]
            for future in futures:
                future.get(timeout=30)  # raises if the write was not acknowledged
            print(f"{topic}: 3 records acknowledged (acks=all)")
    finally:
        producer.close()


if __name__ == "__main__":
    main()
