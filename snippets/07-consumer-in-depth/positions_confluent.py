"""The same with confluent-kafka: reset "error", watermarks, offsets_for_times.

Run positions.py first: it creates lesson07-history (3 old records, 3 recent ones)."""

from __future__ import annotations

import os
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-history"
HOUR_MS = 3_600_000


def main() -> None:
    # --8<-- [start:error]
    strict = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "lesson07-strict-confluent",  # no committed offset
            "auto.offset.reset": "error",  # librdkafka's name for Java's "none"
        }
    )
    try:
        strict.assign([TopicPartition(TOPIC, 0)])
        msg = None
        deadline = time.monotonic() + 10
        while msg is None and time.monotonic() < deadline:
            msg = strict.poll(1.0)
        assert msg is not None and msg.error(), "expected an error, not a record"
        assert msg.error().code() == KafkaError._AUTO_OFFSET_RESET
        print(f"auto.offset.reset=error: {msg.error().name()}")
    finally:
        strict.close()
    # --8<-- [end:error]
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "lesson07-unused"})
    try:
        low, high = consumer.get_watermark_offsets(TopicPartition(TOPIC, 0), timeout=10)
        print(f"watermarks: low {low}, high {high}")
        hour_ago = int(time.time() * 1000) - HOUR_MS
        found = consumer.offsets_for_times([TopicPartition(TOPIC, 0, hour_ago)], 10)
        if found[0].error:
            raise KafkaException(found[0].error)
        print(f"first record of the last hour: offset {found[0].offset}")
        assert (low, high, found[0].offset) == (0, 6, 3)
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
