"""RecordTooLarge: which limit refuses a 1.5 MB record, and where the error appears.

- The producer checks each record against its own `max_request_size` (kafka-python's
  name for `max.request.size`, default 1048576 bytes) inside send(): nothing reaches a
  broker.
- With that limit raised, the broker checks the batch against the topic's
  `max.message.bytes` (default 1048588): the error comes back in the send's future.

Run it with `--fixed` after raising the topic's limit: the record is written and read
back.
"""

from __future__ import annotations

import argparse
import time

from common import BOOTSTRAP, fresh_topic
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import MessageSizeTooLargeError
from kafka.producer.future import RecordMetadata

TOPIC = "lesson21-big"
RECORD = b"x" * 1_500_000  # 1.5 MB, like a document or an image someone sends


def symptom() -> None:
    fresh_topic(TOPIC, partitions=1, replicas=3)  # default topic configs
    # --8<-- [start:symptom]
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:  # the defaults
        try:
            producer.send(TOPIC, RECORD)
            raise AssertionError("send() accepted the record")
        except MessageSizeTooLargeError as exc:
            print(f"default producer: send() raised {type(exc).__name__}")
    with KafkaProducer(
        bootstrap_servers=BOOTSTRAP, max_request_size=2_097_152
    ) as producer:
        future = producer.send(TOPIC, RECORD)  # passes the client's check
        try:
            future.get(timeout=30)
            raise AssertionError("the broker accepted the record")
        except MessageSizeTooLargeError as exc:
            print(
                f"max_request_size=2 MiB: the broker answered {exc.message}"
                f" (error code {exc.errno})"
            )
    # --8<-- [end:symptom]


def send_big() -> RecordMetadata:
    """Send RECORD; kafka-configs returns before the leader applies the new limit,
    so a refusal in the first seconds is retried (each time with a new producer:
    the refusal is fatal to an idempotent one)."""
    deadline = time.monotonic() + 15
    while True:
        with KafkaProducer(
            bootstrap_servers=BOOTSTRAP, max_request_size=2_097_152, acks="all"
        ) as producer:
            try:
                return producer.send(TOPIC, RECORD).get(timeout=30)
            except MessageSizeTooLargeError:
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.5)


def fixed() -> None:
    meta = send_big()
    print(f"written at offset {meta.offset}")
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, consumer_timeout_ms=10_000)
    try:  # max_partition_fetch_bytes is 1 MiB, yet a larger batch is still returned
        tp = TopicPartition(TOPIC, 0)
        consumer.assign([tp])
        consumer.seek(tp, meta.offset)
        record = next(iter(consumer))
    finally:
        consumer.close()
    assert record.value == RECORD
    print(f"read back offset {record.offset}: {len(record.value):,} bytes")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="RecordTooLarge, caused and fixed")
    parser.add_argument("--fixed", action="store_true", help="write after the fix")
    fixed() if parser.parse_args().fixed else symptom()
