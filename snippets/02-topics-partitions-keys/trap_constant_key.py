"""The second cause of "everything is in one partition": the same key on every record.

The topics have 3 partitions, but a key that never changes (here the site name) hashes
to one partition, so one partition gets everything and one consumer in a group does
all the work. Keying by something that varies and whose order matters (the user)
spreads the load and keeps each user's events in order.
"""

import os
import time
from collections import Counter

from kafka import DefaultSerializer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
BY_SITE = "lesson02-views-by-site"
BY_USER = "lesson02-views-by-user"
PARTITIONS = 3
SITE = "www.example.com"
VIEWS = [  # (user, page)
    ("alice", "/home"), ("bob", "/pricing"), ("carol", "/home"), ("dave", "/docs"),
    ("erin", "/home"), ("frank", "/signup"), ("grace", "/docs"), ("heidi", "/home"),
    ("alice", "/pricing"), ("bob", "/signup"), ("carol", "/docs"), ("dave", "/home"),
]  # fmt: skip


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


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(t, PARTITIONS, 1) for t in (BY_SITE, BY_USER)])
    finally:
        admin.close()

    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-views-producer",
        acks="all",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        by_site = [producer.send(BY_SITE, key=SITE, value=page) for _, page in VIEWS]
        by_user = [producer.send(BY_USER, key=user, value=page) for user, page in VIEWS]
        site_counts = Counter(f.get(timeout=10).partition for f in by_site)
        user_counts = Counter(f.get(timeout=10).partition for f in by_user)
    finally:
        producer.close()

    for label, counts in (
        (f"key={SITE} (constant)", site_counts),
        ("key=user", user_counts),
    ):
        spread = ", ".join(f"{p}={counts[p]}" for p in range(PARTITIONS))
        print(f"{label:<31} records per partition: {spread}")
    assert len(site_counts) == 1, "a constant key puts every record in one partition"
    assert len(user_counts) > 1, "varying keys spread over the partitions"


if __name__ == "__main__":
    main()
