"""Batching measured: the same trickle of records with linger.ms 0 and 250.

An application sends 150 small records, one every 10 ms. The producer sends each
partition's batch when it is full (`batch_size` bytes) or when it has waited
`linger_ms`. The broker then says how the records were stored: the number of
batches, records per batch, and bytes on disk (from batches.py, beside this file).
"""

import os
import time

from batches import topic_batches
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
RECORDS = 150
INTERVAL_S = 0.010  # one record every 10 ms: 100 records per second


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


def trickle(topic: str, linger_ms: int) -> None:
    """Send RECORDS records at a steady pace, then flush."""
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson06-batching",
        linger_ms=linger_ms,  # wait up to this long for a batch to fill
        batch_size=16384,  # bytes per partition batch (the default)
    )
    # --8<-- [end:producer]
    try:
        # Warm up: connect, get the producer id and metadata before the clock starts.
        producer.send(topic, b"warm-up").get(timeout=30)
        start = time.monotonic()
        for i in range(RECORDS):
            producer.send(topic, f"page-view {i:05d} /pricing".encode())
            time.sleep(max(0.0, start + (i + 1) * INTERVAL_S - time.monotonic()))
        producer.flush()
    finally:
        producer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        batches_by_linger, bytes_by_linger = {}, {}
        for linger_ms in (0, 250):
            topic = f"lesson06-linger-{linger_ms}"
            recreate_topic(admin, topic)
            trickle(topic, linger_ms)
            batches, _ = topic_batches(admin, topic)
            batches = batches[1:]  # the first batch holds the warm-up record
            records = sum(b.count for b in batches)
            assert records == RECORDS, f"expected {RECORDS} records, found {records}"
            batches_by_linger[linger_ms] = len(batches)
            bytes_by_linger[linger_ms] = sum(b.size for b in batches)
            print(
                f"linger_ms={linger_ms:<3} {records} records in {len(batches):>3} "
                f"batches, {records / len(batches):5.1f} records/batch, "
                f"{bytes_by_linger[linger_ms]:>6} bytes on disk"
            )
    finally:
        admin.close()
    # --8<-- [start:check]
    assert batches_by_linger[250] * 2 <= batches_by_linger[0], "expected fewer batches"
    assert bytes_by_linger[250] < bytes_by_linger[0], "expected fewer bytes on disk"
    print("linger_ms=250: at most half the batches, fewer bytes on disk")
    # --8<-- [end:check]


if __name__ == "__main__":
    main()
