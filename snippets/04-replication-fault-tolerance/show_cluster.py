"""Who is who in the lab cluster: three brokers and the KRaft controller.

Brokers store partitions and serve clients. The active controller keeps the cluster
metadata and decides which broker leads each partition. It is the leader of the KRaft
metadata quorum, which this script reads with the DescribeQuorum API. No ZooKeeper
anywhere: Kafka 4.x has none.
"""

import os

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson04-cluster")
    try:
        cluster = admin.describe_cluster()
        quorum = admin.describe_metadata_quorum()
    finally:
        admin.close()

    brokers = sorted(
        b["broker_id"] for b in cluster["brokers"] if not b.get("is_fenced")
    )
    [metadata_log] = quorum["topics"][0][
        "partitions"
    ]  # __cluster_metadata, partition 0
    voters = sorted(v["replica_id"] for v in metadata_log["current_voters"])
    active = metadata_log["leader_id"]

    print(f"brokers (store partitions, serve clients): {brokers}")
    print(f"controllers (voters of the KRaft metadata quorum): {voters}")
    print(f"active controller (the quorum leader): {active}")
    # In KRaft, the "controller" field of a Metadata answer is a random live broker:
    # clients
    # never talk to the controllers; brokers forward controller requests for them.
    answer = "yes" if cluster["controller_id"] in brokers else "no"
    print(f"the 'controller' a client sees in metadata is a broker: {answer}")

    assert len(brokers) == 3, "start all three brokers first (Step 1)"
    assert active in voters, "the active controller is one of the voters"
    assert not set(voters) & set(brokers), (
        "in this lab the controller is a separate node"
    )


if __name__ == "__main__":
    main()
