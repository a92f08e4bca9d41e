"""Exercise 1: read RF and min.insync.replicas from the cluster, do the arithmetic.

Creates lesson04-strict (replication factor 3, min.insync.replicas=3), then, for it and
for lesson04-orders, reads the replica lists and the topic config back from the cluster
and computes how many brokers may be down while acks=all writes still succeed. Finally
it checks the one claim that can be tested without stopping a broker: with every broker
up, an acks=all write to the strict topic succeeds.
"""

import os
import time

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import ConfigResource, ConfigResourceType, KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

STRICT = "lesson04-strict"
TOPICS = ["lesson04-orders", STRICT]
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


def replication_factor(admin: KafkaAdminClient, topic: str) -> int:
    """The number of replicas per partition, as the cluster metadata lists them."""
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        [described] = admin.describe_topics([topic])
        if described["partitions"]:
            return min(len(p["replica_nodes"]) for p in described["partitions"])
        if time.monotonic() > deadline:  # a broker may not know a brand-new topic yet
            raise TimeoutError(f"no partitions for {topic} within {TIMEOUT_S:.0f} s")
        time.sleep(0.2)


def min_insync_replicas(admin: KafkaAdminClient, topic: str) -> int:
    """The topic's min.insync.replicas, whether set on the topic or inherited."""
    resource = ConfigResource(
        ConfigResourceType.TOPIC, topic, {"min.insync.replicas": None}
    )
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        configs = admin.describe_configs([resource], config_filter="all")
        entry = configs.get("topic", {}).get(topic, {}).get("min.insync.replicas")
        if entry is not None:
            return int(entry["value"])
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"no min.insync.replicas for {topic} within {TIMEOUT_S:.0f} s"
            )
        time.sleep(0.2)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson04-ex1")
    try:
        strict = NewTopic(
            STRICT,
            replica_assignments={0: [1, 2, 3]},
            topic_configs={"min.insync.replicas": "3"},
        )
        recreate_topics(admin, [strict])
        settings = {
            t: (replication_factor(admin, t), min_insync_replicas(admin, t))
            for t in TOPICS
        }
    finally:
        admin.close()

    for name, (rf, min_isr) in settings.items():
        print(f"{name}: RF {rf}, min.insync.replicas {min_isr}")
        print(f"  acks=all writes work with up to {rf - min_isr} broker(s) down")
        print(f"  an acknowledged write has at least {min_isr} copies")

    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson04-ex1",
        acks="all",
        value_serializer=DefaultSerializer(),
    )
    try:
        metadata = producer.send(STRICT, value="all three replicas", partition=0).get(
            timeout=30
        )
    finally:
        producer.close()
    print(f"acks=all write to {STRICT} with all brokers up -> offset {metadata.offset}")


if __name__ == "__main__":
    main()
