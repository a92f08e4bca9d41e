"""After `kafka-topics.sh --alter --partitions 3`, the same keys spread over three
partitions.

Kafka never moves existing records: the users' earlier clicks stay in partition 0.
Reading the topic back shows it. A user whose key now hashes to another partition has
clicks in two partitions, so their clicks are no longer in one ordered log.
"""

import os
import time
from collections import defaultdict

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.partitioner import murmur2

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-clicks"
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]


def read_topic(topic: str) -> list:
    """Every record of the topic (keys as text), from the beginning to its end."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-key-reader",
        group_id=None,
        key_deserializer=DefaultSerializer(),
    )
    records = []
    try:
        ids = sorted(consumer.partitions_for_topic(topic))
        partitions = [TopicPartition(topic, p) for p in ids]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        deadline = time.monotonic() + 10
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {topic} to its end in 10 s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
    finally:
        consumer.close()
    return records


def partitions_by_key(topic: str) -> dict[str, set[int]]:
    """Read a whole topic; return, for each key, the partitions its records are in."""
    found: dict[str, set[int]] = defaultdict(set)
    for record in read_topic(topic):
        found[record.key].add(record.partition)
    return found


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-clicks-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        partition_count = len(producer.partitions_for(TOPIC))
        futures = {
            user: producer.send(TOPIC, key=user, value="click") for user in USERS
        }
        placed = {user: f.get(timeout=10).partition for user, f in futures.items()}
    finally:
        producer.close()
    assert partition_count == 3, "run the --alter step first"

    stored = partitions_by_key(TOPIC)
    print(f"{TOPIC} has {partition_count} partitions")
    print("key     new click  all clicks of this key are in")
    for user in USERS:
        print(f"{user:<7} {placed[user]:<10} partitions {sorted(stored[user])}")
        assert placed[user] == (murmur2(user.encode()) & 0x7FFFFFFF) % partition_count
        assert stored[user] == {0, placed[user]}, (
            "old clicks stay in 0, new ones go to murmur2"
        )
    assert len(set(placed.values())) > 1, "with 3 partitions the keys should spread"


if __name__ == "__main__":
    main()
