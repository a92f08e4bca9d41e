"""Ask the broker how a topic's partition 0 is stored: its batches and bytes on disk.

The admin API's DescribeLogDirs request tells which directory the partition leader
keeps the partition in and how many bytes it holds. `kafka-dump-log.sh` (Kafka's
DumpLogSegments tool, on your PATH with the lab) then lists the record batches of
the partition's first segment, with each batch's producer id, epoch and sequence.

    python snippets/06-producer-in-depth/batches.py TOPIC [TOPIC ...]
    python snippets/06-producer-in-depth/batches.py --segment TOPIC  (path only)
"""

import os
import subprocess
import sys
from dataclasses import dataclass

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


@dataclass
class Batch:
    base_offset: int
    count: int
    producer_id: int
    producer_epoch: int
    base_sequence: int
    size: int  # bytes of the whole batch on disk
    codec: str


def partition_on_disk(admin: KafkaAdminClient, topic: str) -> tuple[str, int]:
    """Return (segment file of partition 0 on its leader, bytes the partition holds)."""
    [description] = admin.describe_topics([topic])
    [partition] = [p for p in description["partitions"] if p["partition_index"] == 0]
    leader = partition["leader_id"]
    [broker] = admin.describe_log_dirs({topic: [0]}, brokers=[leader])
    for log_dir in broker["log_dirs"]:
        for t in log_dir["topics"]:
            for p in t["partitions"]:
                segment = f"{log_dir['log_dir']}/{topic}-0/{0:020d}.log"
                return segment, p["partition_size"]
    raise RuntimeError(f"broker {leader} reports no log dir for {topic}-0")


def dump_batches(segment: str) -> list[Batch]:
    """Run kafka-dump-log.sh on a segment and parse its batch lines."""
    out = subprocess.run(
        ["kafka-dump-log.sh", "--files", segment],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    batches = []
    for line in out.splitlines():
        if not line.startswith("baseOffset:"):
            continue
        words = line.split()
        fields = dict(zip(words[0::2], words[1::2], strict=False))
        batches.append(
            Batch(
                base_offset=int(fields["baseOffset:"]),
                count=int(fields["count:"]),
                producer_id=int(fields["producerId:"]),
                producer_epoch=int(fields["producerEpoch:"]),
                base_sequence=int(fields["baseSequence:"]),
                size=int(fields["size:"]),
                codec=fields["compresscodec:"],
            )
        )
    return batches


def topic_batches(admin: KafkaAdminClient, topic: str) -> tuple[list[Batch], int]:
    """The batches of partition 0 of `topic`, and its bytes on disk."""
    segment, size = partition_on_disk(admin, topic)
    return dump_batches(segment), size


def main() -> None:
    if len(sys.argv) < 2:
        print(f"usage: python {sys.argv[0]} TOPIC [TOPIC ...]  (nothing to do)")
        return
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        if sys.argv[1] == "--segment":
            print(partition_on_disk(admin, sys.argv[2])[0])
            return
        for topic in sys.argv[1:]:
            batches, size = topic_batches(admin, topic)
            records = sum(b.count for b in batches)
            print(f"{topic}: {len(batches)} batches, {records} records, {size} bytes")
            for b in batches[:5]:
                print(
                    f"  offset {b.base_offset}: {b.count} records, producerId "
                    f"{b.producer_id}, epoch {b.producer_epoch}, baseSequence "
                    f"{b.base_sequence}"
                )
    finally:
        admin.close()


if __name__ == "__main__":
    main()
