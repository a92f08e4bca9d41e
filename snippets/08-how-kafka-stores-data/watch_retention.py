"""Watch the log start offset of `lesson08-retention` until retention moves it.

Every second it asks the broker for the partition's log start offset (ListOffsets
"earliest"), its log-end offset ("latest") and its size on disk (DescribeLogDirs), and
prints a line when they change. It stops when the log start offset moves, or after 90
seconds, and checks what the lesson claims: the oldest segment went as a whole, the
active one stayed.
"""

import os
import time

from kafka import OffsetSpec, TopicPartition
from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TP = TopicPartition("lesson08-retention", 0)
TIMEOUT_S = 90.0


def size_on_disk(admin: KafkaAdminClient) -> int:
    [broker] = admin.describe_log_dirs(topic_partitions={TP.topic: [TP.partition]})
    return sum(
        p["partition_size"]
        for log_dir in broker["log_dirs"]
        for t in log_dir["topics"]
        for p in t["partitions"]
    )


def offset(admin: KafkaAdminClient, spec: OffsetSpec) -> int:
    return admin.list_partition_offsets({TP: spec})[TP].offset


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-watch")
    try:
        start = time.monotonic()
        first_start = offset(admin, OffsetSpec.EARLIEST)
        first_size = size_on_disk(admin)
        # --8<-- [start:loop]
        while True:
            log_start = offset(admin, OffsetSpec.EARLIEST)
            log_end = offset(admin, OffsetSpec.LATEST)
            size = size_on_disk(admin)
            elapsed = time.monotonic() - start
            print(
                f"{elapsed:4.0f} s  log start {log_start:>3}  log end {log_end:>3}  "
                f"size {size:>9,} bytes"
            )
            if log_start > first_start:
                break
            if elapsed > TIMEOUT_S:
                raise SystemExit(f"retention deleted nothing in {TIMEOUT_S:.0f} s")
            time.sleep(1)
        # --8<-- [end:loop]
    finally:
        admin.close()
    print(f"log start offset moved {first_start} -> {log_start}: a segment was deleted")
    assert log_end > log_start, "the active segment should still hold records"
    assert size < first_size, "the partition should be smaller on disk"
    print(f"records {log_start}-{log_end - 1} remain, in the active segment")


if __name__ == "__main__":
    main()
