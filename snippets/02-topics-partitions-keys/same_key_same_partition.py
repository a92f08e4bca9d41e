"""The key decides the partition: murmur2(key) modulo the partition count, as in the Java client.

Every customer's key is sent several times, in shuffled order. The broker reports where each
record landed; the snippet checks that one key always lands in one partition, and that this
partition is exactly the one murmur2 predicts, computed here by hand. It also creates the
topic the Java producer writes to in the next step, with the same partition count.
"""

import random
from collections import defaultdict

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.partitioner import murmur2

from kafkalab.course import bootstrap_servers, recreate_topics

TOPIC = "lesson02-keys"
JAVA_TOPIC = "lesson02-keys-java"  # used by the next step
PARTITIONS = 6
CUSTOMERS = "alice bob carol dave erin frank grace heidi ivan judy mallory niaj".split()
SENDS_PER_CUSTOMER = 4


def murmur2_partition(key: bytes, num_partitions: int) -> int:
    """The Java client's rule (BuiltInPartitioner.partitionForKey): positive murmur2 mod n."""
    return (murmur2(key) & 0x7FFFFFFF) % num_partitions


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(t, PARTITIONS, 1) for t in (TOPIC, JAVA_TOPIC)])
    finally:
        admin.close()

    sends = CUSTOMERS * SENDS_PER_CUSTOMER
    random.Random(2).shuffle(sends)  # a fixed shuffle, so every run sends the same sequence
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson02-keys-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    seen: dict[str, set[int]] = defaultdict(set)
    try:
        futures = [(c, producer.send(TOPIC, key=c, value=f"order from {c}")) for c in sends]
        for customer, future in futures:
            seen[customer].add(future.get(timeout=10).partition)
    finally:
        producer.close()

    print(f"{len(sends)} records, {SENDS_PER_CUSTOMER} per customer, in shuffled order")
    print("customer  partitions the broker reported  murmur2 predicts")
    for customer in CUSTOMERS:
        predicted = murmur2_partition(customer.encode(), PARTITIONS)
        print(f"{customer:<9} {sorted(seen[customer])!s:<32} {predicted}")
        assert len(seen[customer]) == 1, f"{customer} landed in more than one partition"
        assert seen[customer] == {predicted}, f"{customer} is not where murmur2 puts it"

    by_partition: dict[int, list[str]] = defaultdict(list)
    for customer in CUSTOMERS:
        by_partition[seen[customer].pop()].append(customer)
    print("customers per partition:")
    for partition in range(PARTITIONS):
        print(f"  partition {partition}: {', '.join(by_partition[partition]) or '-'}")
    shared = [p for p, names in by_partition.items() if len(names) > 1]
    assert shared, "12 keys in 6 partitions: some partition must hold several keys"


if __name__ == "__main__":
    main()
