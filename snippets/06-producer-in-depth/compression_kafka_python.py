"""Compression measured with kafka-python: bytes on disk for each codec it can use.

The same 2,000 JSON page-view events go to one topic per codec. kafka-python has
gzip built in; lz4, zstd and snappy need the packages `lz4`, `zstandard` and
`python-snappy`, and without its package a codec's producer refuses to start.
The sizes come from the broker (batches.py, beside this file, asks it).
"""

import json
import os
import time

from batches import topic_batches
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]  # "none" is compression_type=None
RECORDS = 2000


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


def event(i: int) -> bytes:
    """A realistic small JSON event: repeated field names, a few distinct values."""
    return json.dumps(
        {
            "user": f"user-{i % 97:04d}",
            "page": ["/home", "/pricing", "/docs", "/signup"][i % 4],
            "ts": 1_700_000_000_000 + i * 37,
            "agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0",
        }
    ).encode()


def produce(topic: str, codec: str) -> None:
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson06-compression",
        compression_type=None if codec == "none" else codec,
        linger_ms=50,
        batch_size=16384,
    )
    # --8<-- [end:producer]
    try:
        for i in range(RECORDS):
            producer.send(topic, event(i))
        producer.flush(timeout=30)
    finally:
        producer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        size_by_codec = {}
        for codec in CODECS:
            topic = f"lesson06-codec-kp-{codec}"
            recreate_topic(admin, topic)
            try:
                produce(topic, codec)
            except RuntimeError as exc:  # "Libraries for lz4 compression codec ..."
                print(f"{codec:<6} not available: {exc}")
                continue
            batches, size = topic_batches(admin, topic)
            assert sum(b.count for b in batches) == RECORDS
            assert {b.codec for b in batches} == {codec}
            size_by_codec[codec] = size
            print(
                f"{codec:<6} {len(batches):>3} batches, {size:>7} bytes on disk, "
                f"{size / size_by_codec['none']:4.0%} of uncompressed"
            )
    finally:
        admin.close()
    assert "gzip" in size_by_codec, "gzip is built into kafka-python"
    for codec, size in size_by_codec.items():
        assert codec == "none" or size < size_by_codec["none"], f"{codec} grew"


if __name__ == "__main__":
    main()
