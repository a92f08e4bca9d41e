"""Records without a key are not sent round-robin.

Sends 300 records with key=None through two kafka-python producers configured alike
(linger_ms=1000, batch_size=2048, so batches fill up before they are sent) and counts
the partitions the broker reports:

* DefaultPartitioner, kafka-python 3.0's default: picks a random partition for every
record. * StickyPartitioner (KIP-480), opt-in: stays on one partition until its batch
is full, then moves to another partition.

A round-robin partitioner would give exactly 100 records per partition and never put
two consecutive records in the same partition. Neither does that. The partition choice
is random, so the counts change from run to run.

It also creates the topic the Java producer writes to in the next block.
"""

import itertools
import os
import time
from collections import Counter

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.partitioner import DefaultPartitioner, Partitioner, StickyPartitioner

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-no-key"
JAVA_TOPIC = "lesson02-no-key-java"  # used by the next block
PARTITIONS = 3
RECORDS = 300


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


# --8<-- [start:send]
def send_without_key(partitioner: Partitioner) -> list[int]:
    """Send RECORDS values with key=None; return each partition, in send order."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-no-key-producer",
        acks="all",
        partitioner=partitioner,
        linger_ms=1000,  # wait up to 1 s for a batch to fill (flush() ends the wait)
        batch_size=2048,  # bytes per batch and partition
    )
    try:
        futures = [
            producer.send(TOPIC, value=f"{i:0100d}".encode()) for i in range(RECORDS)
        ]
        producer.flush()
        return [f.get(timeout=10).partition for f in futures]
    finally:
        producer.close()


# --8<-- [end:send]


def describe(partitions: list[int]) -> tuple[int, int]:
    """Print what the broker reported; return (number of runs, longest run)."""
    counts = Counter(partitions)
    runs = [len(list(group)) for _, group in itertools.groupby(partitions)]
    print(
        "  records per partition: "
        + ", ".join(f"{p}={counts[p]}" for p in range(PARTITIONS))
    )
    print(f"  runs of records in one partition: {len(runs)}, longest {max(runs)}")
    return len(runs), max(runs)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        recreate_topics(
            admin, [NewTopic(t, PARTITIONS, 1) for t in (TOPIC, JAVA_TOPIC)]
        )
    finally:
        admin.close()

    print(
        f"DefaultPartitioner (kafka-python's default), {RECORDS} records with key=None:"
    )
    runs, longest = describe(send_without_key(DefaultPartitioner()))
    assert runs < RECORDS and longest > 1, "random choice puts some neighbours together"

    print(f"StickyPartitioner (KIP-480), {RECORDS} records with key=None:")
    runs, longest = describe(send_without_key(StickyPartitioner()))
    assert runs <= RECORDS // 5, "sticky partitioning sends records in long runs"

    print(
        f"round-robin would give {RECORDS // PARTITIONS} records per partition "
        f"in {RECORDS} runs of 1 record"
    )


if __name__ == "__main__":
    main()
