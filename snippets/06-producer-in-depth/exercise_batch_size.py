"""Exercise: batch.size caps a batch, and a full batch does not wait for linger.

500 records of about 60 bytes are sent as fast as possible with linger_ms=1000
and batch_size=1024. The broker's batches (batches.py, beside this file) show how
many records fit in one batch; the time shows whether the producer waited.
"""

import os
import time

from batches import topic_batches
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson06-batch-size"
RECORDS = 500


def recreate_topic(admin: KafkaAdminClient, name: str) -> None:
    """Delete the topic if it exists, then create it: 1 partition, RF 3."""
    if name in admin.list_topics():
        admin.delete_topics([name])
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([NewTopic(name, 1, 3)])
            break
        except TopicAlreadyExistsError:  # the old topic is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([name])


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        recreate_topic(admin, TOPIC)
        producer = KafkaProducer(
            bootstrap_servers=BOOTSTRAP,
            client_id="lesson06-batch-size",
            linger_ms=1000,
            batch_size=1024,
        )
        try:
            producer.send(TOPIC, b"warm-up").get(timeout=30)
            start = time.monotonic()
            futures = [
                producer.send(TOPIC, f"event {i:05d} ".encode() * 4)
                for i in range(RECORDS)
            ]
            futures[0].get(timeout=30)  # the first batch filled up at once
            took = time.monotonic() - start
        finally:
            producer.close()
        batches, _ = topic_batches(admin, TOPIC)
    finally:
        admin.close()
    batches = batches[1:]  # the first batch holds the warm-up record
    largest = max(b.size for b in batches)
    per_batch = max(b.count for b in batches)
    print(f"{RECORDS} records in {len(batches)} batches, at most {per_batch} per batch")
    print(f"largest batch on disk: {largest} bytes (batch_size=1024)")
    print(f"the first (full) batch was acknowledged after {took:.2f} s")
    assert largest <= 1024 and took < 0.9


if __name__ == "__main__":
    main()
