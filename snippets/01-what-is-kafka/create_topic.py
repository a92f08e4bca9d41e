"""Create the topic for Lesson 1: 3 partitions, replication factor 1.

If a previous run left the topic, it is deleted and created again, so every run starts at
offset 0 (see "How lessons start clean" on the page).
"""

from kafka.admin import KafkaAdminClient, NewTopic

from kafkalab.course import bootstrap_servers, recreate_topics

TOPIC = "lesson01-page-views"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson01-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, num_partitions=3, replication_factor=1)])
        [description] = admin.describe_topics([TOPIC])
        partitions = sorted(p["partition_index"] for p in description["partitions"])
        print(f"created topic {TOPIC} with partitions {partitions}")
    finally:
        admin.close()


if __name__ == "__main__":
    main()
