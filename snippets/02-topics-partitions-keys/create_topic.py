"""Create the topic for Lesson 2's first steps: 3 partitions, replication factor 1.

Both numbers are given explicitly. A topic created by the broker on first use would
get the broker's default partition count instead (`num.partitions`, 1 in Kafka 4.x):
the "Pitfalls" section of the lesson shows what that does.
"""

import os
import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-orders"
PARTITIONS = 3
REPLICATION_FACTOR = 1  # the lab has one broker, so one copy of each partition


def recreate_topics(admin: KafkaAdminClient, topics: list[NewTopic]) -> None:
    """Delete the topics if they exist, then create them afresh.

    Deletion is asynchronous: until it completes, creating the same name fails with
    TopicAlreadyExistsError, so the create retries for up to 30 s.
    """
    names = [t.name for t in topics]
    existing = set(admin.list_topics())
    if any(n in existing for n in names):
        admin.delete_topics([n for n in names if n in existing])
    deadline = time.monotonic() + 30
    for topic in topics:
        while True:
            try:
                admin.create_topics([topic])
                break
            except TopicAlreadyExistsError:  # the old topic is still being deleted
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    admin.wait_for_topics(names)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, PARTITIONS, REPLICATION_FACTOR)])
        [description] = admin.describe_topics([TOPIC])
        partitions = sorted(
            description["partitions"], key=lambda p: p["partition_index"]
        )
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
