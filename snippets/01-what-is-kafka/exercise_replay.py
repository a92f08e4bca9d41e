"""Exercise 2 solution: reading does not remove records. Read the topic twice; compare.

A queue hands each message to one reader and deletes it once acknowledged. A Kafka
topic is a log: records stay until retention removes them, and any reader can read
them again.
"""

import os
import time

from kafka import KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"


def read_all() -> list[tuple[int, int, bytes]]:
    """Every record of the topic as (partition, offset, value), from the beginning."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson01-replay", group_id=None
    )
    try:
        ids = sorted(consumer.partitions_for_topic(TOPIC))
        partitions = [TopicPartition(TOPIC, p) for p in ids]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        seen = []
        deadline = time.monotonic() + 10
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {TOPIC} to its end in 10 s")
            for batch in consumer.poll(timeout_ms=1000).values():
                seen.extend((r.partition, r.offset, r.value) for r in batch)
        return sorted(seen)
    finally:
        consumer.close()


def main() -> None:
    first = read_all()
    second = read_all()
    print(f"first read: {len(first)} records; second read: {len(second)} records")
    assert first and first == second, "the second read should see the same records"
    print("the second read saw the same records at the same offsets")


if __name__ == "__main__":
    main()
