"""The Java producer and kafka-python put every key in the same partition.

Reads back both topics of the previous steps: `lesson02-keys` (written by
kafka-python) and `lesson02-keys-java` (written by the Java console producer), both
with 6 partitions. For each key it compares the partition each client chose. Same hash
(murmur2), same partition count, same partition.
"""

import os
import time
from collections import defaultdict

from kafka import DefaultSerializer, KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
PYTHON_TOPIC = "lesson02-keys"
JAVA_TOPIC = "lesson02-keys-java"


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
    python_side = partitions_by_key(PYTHON_TOPIC)
    java_side = partitions_by_key(JAVA_TOPIC)
    assert java_side, f"{JAVA_TOPIC} is empty: run the console producer step first"
    assert set(java_side) == set(python_side), "both topics should hold the same keys"

    print("key       kafka-python  Java producer")
    for key in sorted(java_side):
        print(f"{key:<9} {sorted(python_side[key])!s:<13} {sorted(java_side[key])}")
        assert len(python_side[key]) == 1 and len(java_side[key]) == 1
        assert python_side[key] == java_side[key], f"the clients disagree on {key}"
    print(f"{len(java_side)} keys, every one in the same partition with both clients")


if __name__ == "__main__":
    main()
