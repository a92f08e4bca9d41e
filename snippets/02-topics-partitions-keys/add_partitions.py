"""Adding partitions moves keys: the partition is murmur2(key) modulo the partition
count.

Sends one record per customer to a 3-partition topic, grows the topic to 6 partitions
with the admin API, and sends again. A producer only learns about new partitions when
it refreshes its metadata (`metadata_max_age_ms`, 5 minutes by default), so the
snippet sends once more with the producer it already had, and once with a new
producer. Kafka moves no existing records: a moved key's history is now split across
two partitions.
"""

import os
import time

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.partitioner import murmur2

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-grow"
BEFORE, AFTER = 3, 6
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


def murmur2_partition(key: str, num_partitions: int) -> int:
    return (murmur2(key.encode()) & 0x7FFFFFFF) % num_partitions


def new_producer() -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-grow-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )


def send_all(producer: KafkaProducer, label: str) -> dict[str, int]:
    """Send one record per customer; return the partition the broker reports."""
    futures = {
        c: producer.send(TOPIC, key=c, value=f"{label} order") for c in CUSTOMERS
    }
    return {c: f.get(timeout=10).partition for c, f in futures.items()}


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    old_producer = new_producer()
    try:
        recreate_topics(admin, [NewTopic(TOPIC, BEFORE, 1)])
        # --8<-- [start:grow]
        before = send_all(old_producer, "first")

        admin.create_partitions({TOPIC: AFTER})  # the new total, not the number to add
        admin.wait_for_topics([TOPIC])
        [description] = admin.describe_topics([TOPIC])
        print(f"{TOPIC} now has {len(description['partitions'])} partitions")

        stale = send_all(old_producer, "second")  # still believes in 3 partitions
        fresh_producer = new_producer()
        try:
            after = send_all(fresh_producer, "third")
        finally:
            fresh_producer.close()
        # --8<-- [end:grow]
    finally:
        old_producer.close()
        admin.close()

    print("key       3 partitions  old producer  new producer")
    for c in CUSTOMERS:
        note = "  moved" if after[c] != before[c] else ""
        print(f"{c:<9} {before[c]:<13} {stale[c]:<13} {after[c]}{note}")
        assert before[c] == stale[c] == murmur2_partition(c, BEFORE)
        assert after[c] == murmur2_partition(c, AFTER), (
            f"{c} is not where murmur2 % 6 puts it"
        )
    moved = [c for c in CUSTOMERS if after[c] != before[c]]
    print(f"{len(moved)} of {len(CUSTOMERS)} keys moved: {', '.join(moved)}")
    assert moved, "growing from 3 to 6 partitions should move some keys"


if __name__ == "__main__":
    main()
