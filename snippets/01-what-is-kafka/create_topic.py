"""Create the topic for Lesson 1: 3 partitions, replication factor 1.

Deletes the topic first if a previous run left it, so every run starts from offset 0.
"""

import os
import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"


def recreate_topic(admin: KafkaAdminClient, topic: NewTopic, timeout_s: float = 30.0) -> None:
    """Delete `topic` if it exists, wait until it is gone, then create it."""
    try:
        admin.delete_topics([topic.name])
    except UnknownTopicOrPartitionError:
        pass  # nothing to delete on a first run
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            admin.create_topics([topic])
            return
        except TopicAlreadyExistsError:
            # Deletion is asynchronous: the broker still has the old topic for a moment.
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson01-admin")
    try:
        recreate_topic(admin, NewTopic(TOPIC, num_partitions=3, replication_factor=1))
        admin.wait_for_topics([TOPIC])
        [description] = admin.describe_topics([TOPIC])
        partitions = sorted(p["partition_index"] for p in description["partitions"])
        print(f"created topic {TOPIC} with partitions {partitions}")
    finally:
        admin.close()


if __name__ == "__main__":
    main()
