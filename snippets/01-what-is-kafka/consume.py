"""Read every record of the topic from the beginning, then stop, and print each one.

The consumer assigns itself every partition (no consumer group: Lesson 3 introduces
groups), moves to the first offset of each, and polls until its position reaches the
end offset it saw when it started.
"""

import os
import time

from kafka import DefaultSerializer, KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-consumer",
        group_id=None,  # no group: nothing is committed, no partitions are shared
        key_deserializer=DefaultSerializer(),  # UTF-8 bytes -> str
        value_deserializer=DefaultSerializer(),
    )
    records = []
    try:
        # --8<-- [start:read]
        ids = sorted(consumer.partitions_for_topic(TOPIC))
        partitions = [TopicPartition(TOPIC, p) for p in ids]
        consumer.assign(partitions)  # read exactly these partitions
        consumer.seek_to_beginning(*partitions)  # position = first offset of each
        end = consumer.end_offsets(partitions)  # the offset the next record will get
        deadline = time.monotonic() + 10
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {TOPIC} to its end in 10 s")
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        # --8<-- [end:read]
    finally:
        consumer.close()

    # Kafka orders records within a partition only, so sort for a stable printout.
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        print(f"partition={r.partition} offset={r.offset} key={r.key} value={r.value}")
    print(f"read {len(records)} records")


if __name__ == "__main__":
    main()
