"""Where a consumer reads: reset "none", watermarks, offsets_for_times, seek.

The topic holds three records stamped two hours ago and three stamped now. A group with
no committed offset and `auto_offset_reset="none"` refuses to guess. A consumer without
a group then reads the partition's watermarks, finds the first offset of the last hour,
and seeks."""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    NoOffsetForPartitionError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-history"
HOUR_MS = 3_600_000


def start_clean() -> None:
    """Recreate the topic: 3 records from two hours ago, then 3 from now."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(TOPIC, 1, 1)])
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()
    now_ms = int(time.time() * 1000)
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(6):
            stamp = now_ms - 2 * HOUR_MS if i < 3 else now_ms
            producer.send(TOPIC, f"event {i}".encode(), timestamp_ms=stamp)


def main() -> None:
    start_clean()
    tp = TopicPartition(TOPIC, 0)
    # --8<-- [start:none]
    strict = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id="lesson07-strict",  # a new group: no committed offset
        auto_offset_reset="none",
    )
    try:
        strict.assign([tp])
        for _ in range(30):  # at most 15 s: poll() raises once it looks for an offset
            strict.poll(timeout_ms=500)
        raise AssertionError("poll() should have refused to start")
    except NoOffsetForPartitionError as exc:
        print(f"auto_offset_reset='none': poll() raised {type(exc).__name__}")
    finally:
        strict.close()
    # --8<-- [end:none]
    # --8<-- [start:seek]
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False)
    try:
        consumer.assign([tp])
        low = consumer.beginning_offsets([tp])[tp]
        high = consumer.end_offsets([tp])[tp]
        print(f"watermarks: low {low}, high {high}")
        hour_ago = int(time.time() * 1000) - HOUR_MS
        found = consumer.offsets_for_times({tp: hour_ago})[tp]
        print(f"first record of the last hour: offset {found.offset}")
        consumer.seek(tp, found.offset)
        values = []
        while consumer.position(tp) < high:
            for record in consumer.poll(timeout_ms=1000).get(tp, []):
                values.append(record.value.decode())
        print(f"read after seek: {values}")
    finally:
        consumer.close()
    # --8<-- [end:seek]
    assert (low, high, found.offset) == (0, 6, 3)
    assert values == ["event 3", "event 4", "event 5"]


if __name__ == "__main__":
    main()
