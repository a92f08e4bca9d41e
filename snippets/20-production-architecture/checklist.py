"""Read a production checklist's settings from a broker: value, and dynamic or not.

For each setting it prints the broker's value, whether you can change it without a
restart (the broker reports static settings as read-only), and what production
usually wants. It changes nothing.
"""

from __future__ import annotations

import os

from confluent_kafka.admin import AdminClient, ConfigResource, ResourceType

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")

# --8<-- [start:checks]
CHECKS = {  # setting: what production usually wants
    "broker.rack": "the zone or rack of the broker",
    "replica.selector.class": "RackAwareReplicaSelector",
    "default.replication.factor": "3",
    "min.insync.replicas": "2 (with acks=all producers)",
    "unclean.leader.election.enable": "false",
    "auto.create.topics.enable": "false: topics are created on purpose",
    "remote.log.storage.system.enable": "true only with a storage plugin",
    "num.network.threads": "more if the network threads are busy",
    "num.io.threads": "at least the number of data disks",
}
# --8<-- [end:checks]


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    cluster = admin.describe_cluster().result(timeout=10)
    for node in sorted(cluster.nodes, key=lambda n: n.id):
        print(f"broker {node.id}: rack {node.rack}")
    broker = ConfigResource(ResourceType.BROKER, str(cluster.nodes[0].id))
    config = admin.describe_configs([broker])[broker].result(timeout=10)
    print(f"{'setting':33} {'value':7} {'change':8} production")
    for name, wanted in CHECKS.items():
        entry = config[name]
        change = "restart" if entry.is_read_only else "dynamic"
        print(f"{name:33} {entry.value!s:7} {change:8} {wanted}")
    assert config["broker.rack"].is_read_only
    assert config["replica.selector.class"].is_read_only


if __name__ == "__main__":
    main()
