"""Create the topic for Lesson 2's first steps: 3 partitions, replication factor 1.

Both numbers are given explicitly. A topic created by the broker on first use would get the
broker's default partition count instead (`num.partitions`, 1 in Kafka 4.x): the "Pitfalls"
section of the lesson shows what that does.
"""

from kafka.admin import KafkaAdminClient, NewTopic

from kafkalab.course import bootstrap_servers, recreate_topics

TOPIC = "lesson02-orders"
PARTITIONS = 3
REPLICATION_FACTOR = 1  # the lab has one broker, so one copy of each partition


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, PARTITIONS, REPLICATION_FACTOR)])
        [description] = admin.describe_topics([TOPIC])
        partitions = sorted(description["partitions"], key=lambda p: p["partition_index"])
        assert len(partitions) == PARTITIONS, f"expected {PARTITIONS} partitions"
        print(f"topic {TOPIC}: {len(partitions)} partitions")
        for p in partitions:
            print(
                f"  partition {p['partition_index']}: leader broker {p['leader_id']}, "
                f"replicas {p['replica_nodes']}"
            )
    finally:
        admin.close()


if __name__ == "__main__":
    main()
