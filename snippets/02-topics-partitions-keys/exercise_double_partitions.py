"""Exercise 3 solution: doubling the partition count from n to 2n.

A key either stays in its partition p or moves to p + n, never anywhere else.

murmur2(key) mod 2n is either (murmur2(key) mod n) or (murmur2(key) mod n) + n. The
snippet checks that on a real topic grown from 4 to 8 partitions.
"""

import os
import time
from collections import Counter

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-double"
N = 4
KEYS = [f"user-{i}" for i in range(1, 21)]


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


def placements() -> dict[str, int]:
    """Send one record per key with a fresh producer; return each key's partition."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-double-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        futures = {key: producer.send(TOPIC, key=key, value="event") for key in KEYS}
        return {key: f.get(timeout=10).partition for key, f in futures.items()}
    finally:
        producer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, N, 1)])
        before = placements()
        admin.create_partitions({TOPIC: 2 * N})
        admin.wait_for_topics([TOPIC])
        after = placements()
    finally:
        admin.close()

    outcome: Counter[str] = Counter()
    for key in KEYS:
        if after[key] == before[key]:
            outcome["stayed in p"] += 1
        elif after[key] == before[key] + N:
            outcome[f"moved to p + {N}"] += 1
        else:
            outcome["moved elsewhere"] += 1
    print(f"{len(KEYS)} keys, {N} -> {2 * N} partitions:")
    for label in ("stayed in p", f"moved to p + {N}", "moved elsewhere"):
        print(f"  {label:<16} {outcome[label]}")
    assert outcome["moved elsewhere"] == 0, "a key can only stay or move by exactly n"


if __name__ == "__main__":
    main()
