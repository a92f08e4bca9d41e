"""Exercise 1: lag in time. How long ago was the oldest unprocessed record written?

For each partition of group lesson12-slow (lag_from_offsets.py): if the committed
offset is behind the end offset, read the record at the committed offset (the next one
the group will process) and compare its timestamp with now.
"""

import os
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, OffsetSpec

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUP = "lesson12-slow"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-admin")
    reader = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson12-time-lag")
    try:
        committed = admin.list_group_offsets(GROUP)[GROUP]
        ends = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in committed})
        for tp in sorted(committed):
            behind = ends[tp].offset - committed[tp].offset
            if behind == 0:
                print(f"partition {tp.partition}: caught up")
                continue
            reader.assign([tp])
            reader.seek(tp, committed[tp].offset)  # the next record to process
            records = reader.poll(timeout_ms=15_000, max_records=1).get(tp, [])
            assert records, f"no record at offset {committed[tp].offset}"
            age = time.time() - records[0].timestamp / 1000
            print(
                f"partition {tp.partition}: {behind} records behind, the oldest "
                f"written {age:.0f} s ago"
            )
            assert age >= 0
    finally:
        reader.close()
        admin.close()


if __name__ == "__main__":
    main()
