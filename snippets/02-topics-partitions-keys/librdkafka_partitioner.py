"""confluent-kafka (librdkafka) hashes keys differently unless you tell it not to.

librdkafka's default `partitioner` is `consistent_random`: CRC32 of the key modulo the
partition count (and a random partition for an empty or null key). The Java client and
kafka-python use murmur2. Set `partitioner=murmur2_random` and librdkafka places keys
exactly like them. The snippet sends the same keys both ways and compares with both
hashes.
"""

import os
import time
import zlib
from collections import defaultdict

from confluent_kafka import KafkaError, Message, Producer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.partitioner import murmur2

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-keys-librdkafka"
PARTITIONS = 6
CUSTOMERS = "alice bob carol dave erin frank grace heidi ivan judy mallory niaj".split()


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


def placements(partitioner: str | None) -> dict[str, int]:
    """Send one record per customer with confluent-kafka; return each partition."""
    config = {"bootstrap.servers": BOOTSTRAP, "client.id": "lesson02-librdkafka"}
    if partitioner is not None:
        config["partitioner"] = partitioner
    producer = Producer(config)
    landed: dict[str, set[int]] = defaultdict(set)

    def on_delivery(err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            raise RuntimeError(f"delivery failed: {err}")
        landed[msg.key().decode()].add(msg.partition())

    for customer in (
        CUSTOMERS * 2
    ):  # every key twice: the same key must land in one place
        producer.produce(
            TOPIC, key=customer, value=f"order from {customer}", on_delivery=on_delivery
        )
    remaining = producer.flush(10)
    assert remaining == 0, f"{remaining} records not delivered"
    assert all(len(p) == 1 for p in landed.values()), "a key landed in two partitions"
    return {customer: landed[customer].pop() for customer in CUSTOMERS}


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, PARTITIONS, 1)])
    finally:
        admin.close()

    default = placements(None)  # librdkafka's default: consistent_random
    java_compatible = placements("murmur2_random")

    print("key       default  crc32%6  murmur2_random  murmur2%6 (Java, kafka-python)")
    for key in CUSTOMERS:
        crc = zlib.crc32(key.encode()) % PARTITIONS
        mm2 = (murmur2(key.encode()) & 0x7FFFFFFF) % PARTITIONS
        print(f"{key:<9} {default[key]:<8} {crc:<8} {java_compatible[key]:<15} {mm2}")
        assert default[key] == crc, f"consistent_random should be CRC32 for {key}"
        assert java_compatible[key] == mm2, (
            f"murmur2_random should match murmur2 for {key}"
        )
    moved = [k for k in CUSTOMERS if default[k] != java_compatible[k]]
    print(
        f"keys placed differently by the partitioners: {len(moved)} of {len(CUSTOMERS)}"
    )
    assert moved, "the two hashes should disagree on some keys"


if __name__ == "__main__":
    main()
