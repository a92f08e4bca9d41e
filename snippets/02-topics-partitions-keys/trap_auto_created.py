"""The classic trap: every record lands in partition 0, whatever its key.

The topic does not exist when the producer first writes to it. The broker creates it
on the spot (`auto.create.topics.enable=true`) with its default partition count
(`num.partitions=1`). A topic with one partition can only ever put records in
partition 0, so the keys make no difference.
"""

import os
import time

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient
from kafka.errors import UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-clicks"
USERS = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]


def delete_if_exists(
    admin: KafkaAdminClient, topic: str, timeout_s: float = 30.0
) -> None:
    """Start clean: the topic must not exist before the producer writes to it."""
    if topic in admin.list_topics():
        try:
            admin.delete_topics([topic])
        except UnknownTopicOrPartitionError:
            pass
    deadline = time.monotonic() + timeout_s
    while topic in admin.list_topics():
        assert time.monotonic() < deadline, f"{topic} was not deleted"
        time.sleep(0.2)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        delete_if_exists(admin, TOPIC)
    finally:
        admin.close()

    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-clicks-producer",
        acks="all",
        allow_auto_create_topics=True,  # the default: the broker may create it
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        futures = {
            user: producer.send(TOPIC, key=user, value="click") for user in USERS
        }
        placed = {user: f.get(timeout=10).partition for user, f in futures.items()}
        partition_count = len(producer.partitions_for(TOPIC))
    finally:
        producer.close()

    print(
        f"{TOPIC} did not exist; the broker created it with {partition_count} partition"
    )
    for user in USERS:
        print(f"key={user:<6} -> partition {placed[user]}")
    assert partition_count == 1, (
        "an auto-created topic gets num.partitions partitions (1)"
    )
    assert set(placed.values()) == {0}, (
        "with one partition, every key lands in partition 0"
    )


if __name__ == "__main__":
    main()
