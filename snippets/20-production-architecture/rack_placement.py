"""Create a topic on a cluster with racks and check where Kafka put its replicas.

The cluster's brokers set `broker.rack`: two on rack-a, one on rack-b. Kafka spreads
each partition's replicas over as many racks as it can, so with two replicas every
partition has one on each rack, and the one broker of rack-b gets a replica of every
partition. The script asserts both.
"""

from __future__ import annotations

import os
import time
from collections import Counter

from confluent_kafka import KafkaException
from confluent_kafka.admin import AdminClient, NewTopic

BOOTSTRAP = os.environ.get(
    "KAFKA_RACKS_BOOTSTRAP_SERVERS", "localhost:14092,localhost:15092,localhost:16092"
)
TOPIC = "lesson20-racked"


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    cluster = admin.describe_cluster().result(timeout=10)
    rack = {node.id: node.rack for node in cluster.nodes}
    for node_id in sorted(rack):
        print(f"broker {node_id}: rack {rack[node_id]}")
    if TOPIC in admin.list_topics(timeout=10).topics:
        admin.delete_topics([TOPIC])[TOPIC].result()
    deadline = time.monotonic() + 30
    while True:  # deletion is asynchronous: retry the create until it works
        try:
            admin.create_topics([NewTopic(TOPIC, 6, 2)])[TOPIC].result()
            break
        except KafkaException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
    # each broker learns of the topic a moment after the create: ask until the broker
    # that answers lists all six partitions, and keep that answer
    while (
        len((topics := admin.list_topics(TOPIC, timeout=10).topics)[TOPIC].partitions)
        < 6
    ):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{TOPIC} has no partitions in the metadata after 30 s")
        time.sleep(0.2)
    # --8<-- [start:check]
    per_broker: Counter[int] = Counter()
    for p in sorted(topics[TOPIC].partitions.values(), key=lambda p: p.id):
        racks = [rack[r] for r in p.replicas]
        print(f"partition {p.id}: replicas {p.replicas} on {racks}")
        assert len(set(racks)) == 2, "both replicas on one rack"
        per_broker.update(p.replicas)
    print("replicas per broker:", dict(sorted(per_broker.items())))
    lonely = [b for b, r in rack.items() if r == "rack-b"]
    assert [per_broker[b] for b in lonely] == [6], (
        "rack-b's broker holds every partition"
    )
    # --8<-- [end:check]


if __name__ == "__main__":
    main()
