"""Exercise 2 solution: read one order's history from the only partition that can hold
it.

The key's partition is computed (murmur2 modulo the partition count), so the consumer
reads one partition out of three instead of the whole topic. Other keys share that
partition; their records are skipped.
"""

import os
import time

from kafka import DefaultSerializer, KafkaConsumer, TopicPartition
from kafka.partitioner import murmur2

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-orders"
ORDER = "order-3"


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson02-one-order",
        group_id=None,
        key_deserializer=DefaultSerializer(),
        value_deserializer=DefaultSerializer(),
    )
    try:
        partition_count = len(consumer.partitions_for_topic(TOPIC))
        partition = (murmur2(ORDER.encode()) & 0x7FFFFFFF) % partition_count
        tp = TopicPartition(TOPIC, partition)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        history: list[str] = []
        skipped: set[str] = set()
        deadline = time.monotonic() + 10
        while consumer.position(tp) < end:
            assert time.monotonic() < deadline, "timed out reading the partition"
            for record in consumer.poll(timeout_ms=500).get(tp, []):
                if record.key == ORDER:
                    history.append(f"{record.value}@{record.offset}")
                else:
                    skipped.add(record.key)
    finally:
        consumer.close()

    print(f"{ORDER} lives in partition {partition} of {partition_count}")
    print(f"{ORDER} history (value@offset): {' -> '.join(history)}")
    print(
        f"skipped records of other keys in that partition: {', '.join(sorted(skipped))}"
    )
    assert [h.split("@")[0] for h in history][:3] == ["created", "paid", "shipped"]


if __name__ == "__main__":
    main()
