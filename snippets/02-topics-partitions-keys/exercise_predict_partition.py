"""Exercise 1 solution: predict a key's partition without sending anything, then check.

The partition count comes from the cluster's metadata, never from a constant in the code: it
is the number the producer's partitioner uses, and it can change (Step 7).
"""

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.partitioner import murmur2

from kafkalab.course import bootstrap_servers, recreate_topics

TOPIC = "lesson02-predict"
KEY = "order-2024"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, 6, 1)])
    finally:
        admin.close()

    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson02-predict-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        partition_count = len(producer.partitions_for(TOPIC))  # from the cluster's metadata
        predicted = (murmur2(KEY.encode()) & 0x7FFFFFFF) % partition_count
        print(f"{TOPIC} has {partition_count} partitions; murmur2 predicts {KEY} -> {predicted}")
        actual = producer.send(TOPIC, key=KEY, value="created").get(timeout=10).partition
        print(f"the broker stored {KEY} in partition {actual}")
        assert actual == predicted, "the prediction should match the broker's answer"
    finally:
        producer.close()


if __name__ == "__main__":
    main()
