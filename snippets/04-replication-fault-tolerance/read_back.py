"""Read the whole topic back and count which acknowledged writes survived the failures.

Every write in this lesson was acknowledged: one record per partition with acks=all in
Step 3 (all brokers up) and again in Step 5 (broker 2 down), and one record with acks=1
to partition 0 in Step 7 (only broker 1 up). This script reads every partition from its
beginning to its end and checks which of them are still there.
"""

import os
from collections import Counter

from kafka import DefaultSerializer, KafkaConsumer, TopicPartition

TOPIC = "lesson04-orders"
PARTITIONS = [0, 1, 2]
ACKS_ALL_WRITES = 6  # 2 per partition: Step 3 and Step 5
ACKS_ONE_WRITES = 1  # partition 0: Step 7


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson04-read-back",
        group_id=None,
        value_deserializer=DefaultSerializer(),
    )
    records = []
    try:
        tps = [TopicPartition(TOPIC, p) for p in PARTITIONS]
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        end = consumer.end_offsets(tps)
        while any(consumer.position(tp) < end[tp] for tp in tps):
            for batch in consumer.poll(timeout_ms=1000).values():
                records.extend(batch)
    finally:
        consumer.close()

    for r in sorted(records, key=lambda r: (r.partition, r.offset)):
        print(f"partition {r.partition} offset {r.offset}: {r.value}")
    found = Counter(r.value for r in records)
    print(
        f"acknowledged acks=all records still there: {found['acks=all']} of "
        f"{ACKS_ALL_WRITES}"
    )
    print(
        f"acknowledged acks=1 records still there: {found['acks=1']} of "
        f"{ACKS_ONE_WRITES}"
    )
    assert found["acks=all"] == ACKS_ALL_WRITES, "no acks=all write may be lost"
    assert found["acks=1"] == 0, (
        "the acks=1 write was on one broker only, and it failed"
    )


if __name__ == "__main__":
    main()
