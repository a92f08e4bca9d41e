"""Exercise 1 solution: read one partition only, by assigning it instead of subscribing.

Every record with the same key is in the same partition, so reading the partition that
holds "carol" shows all of carol's events, in the order they were produced.
"""

import os
import time

from kafka import DefaultSerializer, KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"
PARTITION = 2


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-exercise1",
        group_id=None,
        key_deserializer=DefaultSerializer(),
        value_deserializer=DefaultSerializer(),
    )
    try:
        tp = TopicPartition(TOPIC, PARTITION)
        consumer.assign([tp])  # this partition only
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        deadline = time.monotonic() + 10
        while consumer.position(tp) < end:
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read partition {PARTITION} in 10 s")
            for record in consumer.poll(timeout_ms=1000).get(tp, []):
                print(
                    f"partition={record.partition} offset={record.offset} "
                    f"key={record.key} value={record.value}"
                )
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
