"""Two more groups read the same topic: each group gets every record.

Groups are independent readers. Each keeps its own committed offsets, so a record read by the
billing group (Step 1) is still there for the analytics group and the audit group.
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from kafkalab.course import bootstrap_servers, delete_groups

TOPIC = "lesson03-orders"
GROUPS = ["lesson03-analytics", "lesson03-audit"]


def read_everything(group_id: str, expected: int) -> list[tuple[int, int]]:
    """Join as `group_id`, read `expected` records (or for 10 s at most), commit; return them."""
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap_servers(),
        group_id=group_id,
        client_id=f"{group_id}-1",
        auto_offset_reset="earliest",  # a new group starts at the beginning
        enable_auto_commit=False,
        session_timeout_ms=6000,
    )
    seen: list[tuple[int, int]] = []
    try:
        # load the topic's metadata before the first join (see the page's note)
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
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    try:
        delete_groups(admin, GROUPS)
    finally:
        admin.close()

    probe = KafkaConsumer(bootstrap_servers=bootstrap_servers(), group_id=None)
    try:
        partitions = [TopicPartition(TOPIC, p) for p in sorted(probe.partitions_for_topic(TOPIC))]
        total = sum(probe.end_offsets(partitions).values())
    finally:
        probe.close()
    print(f"{TOPIC} holds {total} records in {len(partitions)} partitions")

    for group_id in GROUPS:
        seen = read_everything(group_id, expected=total)
        partitions_read = sorted({partition for partition, _ in seen})
        print(f"group {group_id} read {len(seen)} records from partitions {partitions_read}")
        assert len(seen) == len(set(seen)) == total, "every group gets every record once"


if __name__ == "__main__":
    main()
