"""Pitfall: kafka-python 3.0.12 does not know `by_duration:` and falls back to "none".

It logs a warning ("Unrecognized offset_reset_strategy, using NONE") and carries on, so
a new group fails on its first poll instead of starting an hour back. Run positions.py
first."""

from __future__ import annotations

import os

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import NoOffsetForPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")

consumer = KafkaConsumer(
    bootstrap_servers=BOOTSTRAP,
    group_id="lesson07-by-duration",  # a new group: no committed offset
    auto_offset_reset="by_duration:PT1H",  # accepted without an error...
)
try:
    consumer.assign([TopicPartition("lesson07-history", 0)])
    for _ in range(30):  # at most 15 s: poll() raises once it looks for an offset
        consumer.poll(timeout_ms=500)
    raise AssertionError("expected NoOffsetForPartitionError")
except NoOffsetForPartitionError as exc:
    print(f"by_duration:PT1H in kafka-python: poll() raised {type(exc).__name__}")
finally:
    consumer.close()
