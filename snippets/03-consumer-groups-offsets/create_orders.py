"""Create the topic lesson03-orders (6 partitions) and write 60 keyed orders to it.

Safe to run twice: it deletes the topic first, so every run starts from the same state.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson03-orders"


def recreate_topic(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if it exists, then create it (deletion is asynchronous)."""
    if topic.name in admin.list_topics():
        admin.delete_topics([topic.name])
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:  # the old one is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic.name])


def main() -> None:
    # --8<-- [start:main]
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        recreate_topic(admin, NewTopic(TOPIC, num_partitions=6, replication_factor=1))
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson03-producer")
    try:
        for i in range(60):
            producer.send(TOPIC, key=f"customer-{i % 12}".encode(), value=b"order")
        producer.flush()
    finally:
        producer.close()
    # --8<-- [end:main]
    print(f"created {TOPIC} with 6 partitions and wrote 60 orders")


if __name__ == "__main__":
    main()
