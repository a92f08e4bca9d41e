"""Create the topic for Lesson 1: 3 partitions, replication factor 1.

If a previous run left the topic behind, it is deleted and created again, so every run
starts at offset 0. Topic deletion is asynchronous: for a moment after `delete_topics`
returns, creating the same name fails with TopicAlreadyExistsError, so the create
retries.
"""

import os
import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"


def recreate_topic(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if it exists, then create it afresh."""
    if topic.name in admin.list_topics():
        admin.delete_topics([topic.name])
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:  # the old topic is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic.name])


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson01-admin")
    try:
        # --8<-- [start:create]
        topic = NewTopic(TOPIC, num_partitions=3, replication_factor=1)
        recreate_topic(admin, topic)
        [description] = admin.describe_topics([TOPIC])
        partitions = sorted(p["partition_index"] for p in description["partitions"])
        # --8<-- [end:create]
        print(f"created topic {TOPIC} with partitions {partitions}")
    finally:
        admin.close()


if __name__ == "__main__":
    main()
