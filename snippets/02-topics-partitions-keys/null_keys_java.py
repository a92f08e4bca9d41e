"""Where the Java producer put records without a key: long sticky runs, not round-robin.

The console producer sent the lines 1, 2, 3, ... as values with no key. Reading the
topic back and sorting by value restores the send order, so the runs of consecutive
records that share a partition become visible. The Java client's built-in partitioner
(KIP-794) stays on a partition until about `batch.size` bytes have gone to it, then
picks another partition at random.
"""

import itertools
import os
import time
from collections import Counter

from kafka import KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-no-key-java"


def partition_of_each_record(topic: str) -> tuple[int, list[int]]:
    """Read the whole topic; return its partition count and each record's partition.

    The partitions come in the order of the values: the order the console producer sent.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson02-no-key-reader", group_id=None
    )
    found: list[tuple[int, int]] = []  # (value, partition)
    try:
        partitions = [
            TopicPartition(topic, p)
            for p in sorted(consumer.partitions_for_topic(topic))
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        end = consumer.end_offsets(partitions)
        deadline = time.monotonic() + 10
        while any(consumer.position(tp) < end[tp] for tp in partitions):
            assert time.monotonic() < deadline, f"timed out reading {topic}"
            for batch in consumer.poll(timeout_ms=500).values():
                found.extend((int(r.value), r.partition) for r in batch)
    finally:
        consumer.close()
    return len(partitions), [partition for _, partition in sorted(found)]


def main() -> None:
    partition_count, partitions = partition_of_each_record(TOPIC)
    assert partitions, f"{TOPIC} is empty: run the console producer first"
    counts = Counter(partitions)
    runs = [len(list(group)) for _, group in itertools.groupby(partitions)]
    print(f"Java console producer, {len(partitions)} records with no key:")
    print(
        "  records per partition: "
        + ", ".join(f"{p}={counts[p]}" for p in range(partition_count))
    )
    print(f"  runs of records in one partition: {len(runs)}, longest {max(runs)}")
    assert len(runs) <= len(partitions) // 50, (
        "the Java producer sends null keys in long runs (50 records on average)"
    )


if __name__ == "__main__":
    main()
