"""List a partition's segments by asking Kafka's own tools, not the file system.

A segment file is named after the first offset it holds, padded to 20 digits. So,
starting at the partition's log start offset (ListOffsets "earliest"), this script dumps
that segment with `kafka-dump-log.sh`, reads its last offset and its size from the batch
lines, and moves on to the segment that starts right after it, until it reaches the one
that holds the log-end offset: the active segment. It runs where the files are (in
Docker mode the tool runs inside the broker's container). It suits topics that are not
compacted: compaction leaves gaps.
Usage: python segments.py [TOPIC [PARTITION]]  (default: lesson08-rolling 0)
"""

import os
import re
import subprocess
import sys

from kafka import OffsetSpec, TopicPartition
from kafka.admin import KafkaAdminClient
from partition_dir import partition_dir

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
BATCH = re.compile(r"lastOffset: (\d+) .* position: (\d+) .* size: (\d+)")


def segment_end(path: str) -> tuple[int, int] | None:
    """(last offset, size in bytes) of a segment file, or None if it holds no batch."""
    dump = subprocess.run(
        ["kafka-dump-log.sh", "--files", path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    batches = BATCH.findall(dump)
    if not batches:
        return None
    last_offset, position, size = map(int, batches[-1])
    return last_offset, position + size


def main() -> None:
    if len(sys.argv) > 3:
        raise SystemExit("usage: python segments.py [TOPIC [PARTITION]]")
    topic = sys.argv[1] if len(sys.argv) > 1 else "lesson08-rolling"
    partition = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    tp = TopicPartition(topic, partition)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-segments")
    try:
        directory = partition_dir(admin, topic, partition)
        earliest = admin.list_partition_offsets({tp: OffsetSpec.EARLIEST})[tp].offset
        latest = admin.list_partition_offsets({tp: OffsetSpec.LATEST})[tp].offset
    finally:
        admin.close()
    print(f"{topic}-{partition}: log start offset {earliest}, log-end offset {latest}")
    # --8<-- [start:walk]
    base = earliest
    while True:
        name = f"{base:020d}.log"
        end = segment_end(f"{directory}/{name}")
        if end is None:
            print(f"  {name}  empty (active)")
            break
        last_offset, size = end
        active = last_offset + 1 >= latest
        label = "active" if active else "closed"
        print(f"  {name}  offsets {base}-{last_offset}  {size:>9,} bytes  {label}")
        if active:
            break
        base = last_offset + 1  # the next segment starts right after this one
    # --8<-- [end:walk]


if __name__ == "__main__":
    main()
