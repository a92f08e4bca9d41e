"""Exercise 1 solution: predict a key's partition without sending anything, then check.

The partition count comes from the cluster's metadata, never from a constant in the
code: it is the number the producer's partitioner uses, and it can change (Step 7).
"""

import os
import time

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.partitioner import murmur2

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-predict"
KEY = "order-2024"


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
        recreate_topics(admin, [NewTopic(TOPIC, 6, 1)])
    finally:
        admin.close()

    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-predict-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        partition_count = len(
            producer.partitions_for(TOPIC)
        )  # from the cluster's metadata
        predicted = (murmur2(KEY.encode()) & 0x7FFFFFFF) % partition_count
        print(
            f"{TOPIC}: {partition_count} partitions; murmur2 says {KEY} -> {predicted}"
        )
        actual = (
            producer.send(TOPIC, key=KEY, value="created").get(timeout=10).partition
        )
        print(f"the broker stored {KEY} in partition {actual}")
        assert actual == predicted, "the prediction should match the broker's answer"
    finally:
        producer.close()


if __name__ == "__main__":
    main()
