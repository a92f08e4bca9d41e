"""Exercise 1 solution: retention by size deletes whole segments, and keeps at least
`retention.bytes`.

`lesson08-size` has 1 MiB segments and `retention.bytes=1048576` (per partition). 2.5 MB
of records fill three segments; the cleaner's next pass (the policy includes `compact`,
with unique keys) deletes the oldest segments for as long as what remains is still at
least `retention.bytes`. The script waits (at most 60 s) for the log start offset to
move, then checks that it stopped at a segment boundary with at least 1 MiB left.
"""

import os
import time

from kafka import KafkaProducer, OffsetSpec, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TP = TopicPartition("lesson08-size", 0)
MIB = 1024 * 1024
TIMEOUT_S = 60.0


def recreate(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if an earlier run left it, then create it (retrying while the
    deletion completes: it is asynchronous)."""
    try:
        admin.delete_topics([topic.name])
    except UnknownTopicOrPartitionError:
        pass
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic.name])


def size_on_disk(admin: KafkaAdminClient) -> int:
    [broker] = admin.describe_log_dirs(topic_partitions={TP.topic: [TP.partition]})
    return sum(
        p["partition_size"]
        for log_dir in broker["log_dirs"]
        for t in log_dir["topics"]
        for p in t["partitions"]
    )


def log_start_offset(admin: KafkaAdminClient) -> int:
    return admin.list_partition_offsets({TP: OffsetSpec.EARLIEST})[TP].offset


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-admin")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson08-size")
    try:
        configs = {
            "segment.bytes": str(MIB),
            "retention.bytes": str(MIB),  # keep about 1 MiB per partition
            "cleanup.policy": "compact,delete",  # retention on each cleaner pass
        }
        recreate(admin, NewTopic(TP.topic, 1, 1, topic_configs=configs))
        for i in range(250):
            producer.send(TP.topic, key=f"k{i}".encode(), value=b"x" * 10_000)
        producer.flush()
        # about 2.5 MB, or less if a cleaner pass has already applied retention.bytes
        print(f"wrote 250 records; {size_on_disk(admin):,} bytes on disk")
        start = time.monotonic()
        while (log_start := log_start_offset(admin)) == 0:
            if time.monotonic() - start > TIMEOUT_S:
                raise SystemExit(f"nothing was deleted in {TIMEOUT_S:.0f} s")
            time.sleep(1)
        size = size_on_disk(admin)
        print(f"log start offset 0 -> {log_start}; {size:,} bytes left on disk")
        assert log_start == 104, "the first segment (offsets 0-103) should be gone"
        assert size >= MIB, "size retention keeps at least retention.bytes"
    finally:
        producer.close()
        admin.close()


if __name__ == "__main__":
    main()
