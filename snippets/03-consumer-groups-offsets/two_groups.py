"""Two more groups read the same topic: each group gets every record.

Groups are independent readers. Each keeps its own committed offsets, so a record read
by the live group of Step 2 is still there for the analytics group and the audit
group.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

TOPIC = "lesson03-orders"
GROUPS = ["lesson03-analytics", "lesson03-audit"]


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def delete_groups(admin: KafkaAdminClient, group_ids: list[str]) -> None:
    """Delete consumer groups and their committed offsets, if they exist."""
    existing = {g["group_id"] for g in admin.list_groups()}
    wanted = [g for g in group_ids if g in existing]
    if wanted:
        admin.delete_groups(wanted)  # returns (group, error) pairs; nothing to check


def read_everything(group_id: str, expected: int) -> list[tuple[int, int]]:
    """Join, read `expected` records (10 s at most), commit, and return them."""
    # --8<-- [start:consumer]
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=group_id,
        client_id=f"{group_id}-1",
        auto_offset_reset="earliest",  # a new group starts at the beginning
        enable_auto_commit=False,
        session_timeout_ms=6000,
    )
    # --8<-- [end:consumer]
    seen: list[tuple[int, int]] = []
    try:
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        deadline = time.monotonic() + 10
        while len(seen) < expected and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=200).values():
                seen.extend((r.partition, r.offset) for r in batch)
        consumer.commit()
    finally:
        consumer.close()
    return seen


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        delete_groups(admin, GROUPS)
    finally:
        admin.close()

    probe = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=None)
    try:
        partitions = [
            TopicPartition(TOPIC, p) for p in sorted(probe.partitions_for_topic(TOPIC))
        ]
        total = sum(probe.end_offsets(partitions).values())
    finally:
        probe.close()
    print(f"{TOPIC} holds {total} records in {len(partitions)} partitions")

    for group_id in GROUPS:
        seen = read_everything(group_id, expected=total)
        partitions_read = sorted({partition for partition, _ in seen})
        print(
            f"group {group_id} read {len(seen)} records from partitions "
            f"{partitions_read}"
        )
        assert len(seen) == len(set(seen)) == total, (
            "every group gets every record once"
        )


if __name__ == "__main__":
    main()
