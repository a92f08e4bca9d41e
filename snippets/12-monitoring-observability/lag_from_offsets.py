"""Consumer lag computed from offsets: end offset minus committed offset, per partition.

A consumer of group lesson12-slow processes 100 records of partition 0, 50 of
partition 1 and 10 of partition 2 (100 records each), commits, and stops. A monitor that
is not in the group then asks the brokers for the two offsets and subtracts.
"""

import os

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, OffsetSpec
from kafka.structs import OffsetAndMetadata
from topics import recreate

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC, GROUP = "lesson12-lag", "lesson12-slow"
PROCESSED = {0: 100, 1: 50, 2: 10}  # records the consumer gets through, per partition


def slow_consumer() -> None:
    """Process some records of each partition, commit them, stop."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson12-slow",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    try:
        for partition, count in PROCESSED.items():
            tp = TopicPartition(TOPIC, partition)
            consumer.assign([tp])
            done = 0
            while done < count:
                records = consumer.poll(timeout_ms=1000, max_records=count - done)
                done += len(records.get(tp, []))
            consumer.commit({tp: OffsetAndMetadata(done, "", -1)})
    finally:
        consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-admin")
    try:
        recreate(admin, TOPIC, 3, GROUP)
        with KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all") as producer:
            for partition in range(3):
                for i in range(100):
                    producer.send(TOPIC, f"event {i}".encode(), partition=partition)
        slow_consumer()
        # --8<-- [start:lag]
        committed = admin.list_group_offsets(GROUP)[GROUP]  # {TopicPartition: ...}
        ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in committed})
        total = 0
        for tp in sorted(committed):
            lag = ends[tp].offset - committed[tp].offset  # end offset: high watermark
            total += lag
            print(
                f"partition {tp.partition}: end offset {ends[tp].offset}, "
                f"committed {committed[tp].offset}, lag {lag}"
            )
        print(f"group {GROUP}: total lag {total}")
        # --8<-- [end:lag]
        assert total == 300 - sum(PROCESSED.values()), total
    finally:
        admin.close()


if __name__ == "__main__":
    main()
