"""The key decides the partition: murmur2(key) modulo the partition count.

Every customer's key is sent four times, in shuffled order. The broker reports where
each record landed; the snippet checks that one key always lands in one partition, and
that this partition is the one the Java client's rule predicts, computed by hand. It
also creates the topic the Java producer writes to in the "Go deeper" box, with the
same partition count.
"""

import os
import random
import time
from collections import defaultdict

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.partitioner import murmur2

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-keys"
JAVA_TOPIC = "lesson02-keys-java"  # used by the next step
PARTITIONS = 6
CUSTOMERS = "alice bob carol dave erin frank grace heidi ivan judy mallory niaj".split()
SENDS_PER_CUSTOMER = 4


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


def murmur2_partition(key: bytes, num_partitions: int) -> int:
    """The Java client's rule (BuiltInPartitioner.partitionForKey)."""
    return (murmur2(key) & 0x7FFFFFFF) % num_partitions


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        topics = [NewTopic(t, PARTITIONS, 1) for t in (TOPIC, JAVA_TOPIC)]
        recreate_topics(admin, topics)
    finally:
        admin.close()

    sends = CUSTOMERS * SENDS_PER_CUSTOMER
    random.Random(2).shuffle(sends)  # a fixed shuffle: every run sends the same order
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-keys-producer",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    # --8<-- [start:check]
    seen: dict[str, list[int]] = defaultdict(list)  # key -> partition of each record
    try:
        for customer in sends:
            future = producer.send(TOPIC, key=customer, value=f"order from {customer}")
            seen[customer].append(future.get(timeout=10).partition)
    finally:
        producer.close()

    by_partition: dict[int, list[str]] = defaultdict(list)
    for customer in CUSTOMERS:
        predicted = murmur2_partition(customer.encode(), PARTITIONS)
        assert set(seen[customer]) == {predicted}, (
            f"{customer} is not where murmur2 says"
        )
        by_partition[predicted].append(f"{customer} x{len(seen[customer])}")
    # --8<-- [end:check]

    print(f"{len(sends)} records, {SENDS_PER_CUSTOMER} per customer, in shuffled order")
    for partition in range(PARTITIONS):
        print(f"partition {partition}: {', '.join(by_partition[partition]) or '-'}")
    print(f"every key in one partition, the one murmur2(key) % {PARTITIONS} predicts")
    assert any(len(names) > 1 for names in by_partition.values()), "no key shares?"


if __name__ == "__main__":
    main()
