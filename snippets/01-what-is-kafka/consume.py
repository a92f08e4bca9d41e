"""Read every event in the topic from the beginning and print its coordinates.

The consumer has no group (group_id=None): it reads all partitions and commits nothing, which
is the simplest way to look at a topic. Lesson 3 introduces consumer groups.
"""

import os
import time

from kafka import DefaultSerializer, KafkaConsumer

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"


def main() -> None:
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-consumer",
        group_id=None,
        auto_offset_reset="earliest",  # no stored position: start at the first record
        key_deserializer=DefaultSerializer(),  # UTF-8 bytes -> str
        value_deserializer=DefaultSerializer(),
    )
    records = []
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
            assignment = consumer.assignment()
            if assignment:
                end = consumer.end_offsets(list(assignment))
                if all(consumer.position(tp) >= end[tp] for tp in assignment):
                    break  # we have read up to the end of every partition
    finally:
        consumer.close()

    # Kafka orders records within a partition only, so sort for a stable printout.
    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        print(
            f"topic={r.topic} partition={r.partition} offset={r.offset} key={r.key} value={r.value}"
        )
    print(f"read {len(records)} records")


if __name__ == "__main__":
    main()
