"""Compression measured with confluent-kafka: bytes on disk for each codec.

The same 2,000 JSON page-view events go to one topic per codec. The producer
compresses each batch as a whole; the broker stores the compressed batch as it
arrived. The sizes come from the broker (batches.py, beside this file, asks it).
confluent-kafka bundles all four codecs; no extra package is needed.
"""

import json
import os
import time

from batches import topic_batches
from confluent_kafka import Producer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
CODECS = ["none", "gzip", "snappy", "lz4", "zstd"]
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
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "client.id": "lesson06-compression",
            "compression.type": codec,  # none, gzip, snappy, lz4 or zstd
            "linger.ms": 50,
            "batch.size": 16384,
        }
    )
    # --8<-- [end:producer]
    for i in range(RECORDS):
        producer.produce(topic, event(i))
        producer.poll(0)  # serve delivery callbacks; keeps the queue moving
    remaining = producer.flush(30)
    assert remaining == 0, f"{remaining} records were not delivered"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        size_by_codec = {}
        for codec in CODECS:
            topic = f"lesson06-codec-ck-{codec}"
            recreate_topic(admin, topic)
            produce(topic, codec)
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
    for codec in CODECS[1:]:
        assert size_by_codec[codec] < size_by_codec["none"], f"{codec} did not shrink"


if __name__ == "__main__":
    main()
