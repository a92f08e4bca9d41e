"""After the writer stops, watch even the active segment expire.

With no new records, the newest record of `lesson08-retention` ages past `retention.ms`
too. Then the broker rolls a new, empty segment and deletes the old active one: the log
start offset catches up with the log-end offset and nothing is left on disk. Waits at
most 60 s.
"""

import os
import time

from kafka import OffsetSpec, TopicPartition
from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TP = TopicPartition("lesson08-retention", 0)
TIMEOUT_S = 60.0


def offset(admin: KafkaAdminClient, spec: OffsetSpec) -> int:
    return admin.list_partition_offsets({TP: spec})[TP].offset


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-watch")
    try:
        start = time.monotonic()
        while True:
            log_start = offset(admin, OffsetSpec.EARLIEST)
            log_end = offset(admin, OffsetSpec.LATEST)
            if log_start == log_end:
                break
            if time.monotonic() - start > TIMEOUT_S:
                raise SystemExit(f"still records {log_start}-{log_end - 1} after 60 s")
            time.sleep(1)
        [broker] = admin.describe_log_dirs(topic_partitions={TP.topic: [TP.partition]})
        size = sum(
            p["partition_size"]
            for log_dir in broker["log_dirs"]
            for t in log_dir["topics"]
            for p in t["partitions"]
        )
    finally:
        admin.close()
    print(f"log start offset {log_start} == log-end offset {log_end}")
    print(f"{size} bytes left on disk")
    assert size == 0, "the expired active segment should be gone"
    print("the next record will get offset", log_end, "in a new, empty segment")


if __name__ == "__main__":
    main()
