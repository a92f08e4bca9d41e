"""Two more groups read the same topic: each group gets every record.

Groups are independent readers. Each keeps its own committed offsets, so a record read by the
billing group (Step 1) is still there for the analytics group and the audit group.
"""

from __future__ import annotations

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from kafkalab.course import bootstrap_servers, delete_groups

TOPIC = "lesson03-orders"
GROUPS = ["lesson03-analytics", "lesson03-audit"]


def read_everything(group_id: str) -> list[tuple[int, int]]:
    """Join `group_id`, read until the end of every partition, commit; return (partition, offset)s."""
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap_servers(),
        group_id=group_id,
        client_id=f"{group_id}-1",
        auto_offset_reset="earliest",  # a new group starts at the beginning
        enable_auto_commit=False,
        session_timeout_ms=6000,
        consumer_timeout_ms=10000,  # the safety net: stop iterating after 10 s without records
    )
    seen: list[tuple[int, int]] = []
    try:
        end: dict[TopicPartition, int] = {}
        for record in consumer:  # iterating polls; it joins the group on the first poll
            seen.append((record.partition, record.offset))
            if not end:
                end = consumer.end_offsets(list(consumer.assignment()))
            if all(consumer.position(tp) >= offset for tp, offset in end.items()):
                break
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
        seen = read_everything(group_id)
        print(f"group {group_id} read {len(seen)} records from partitions {sorted({p for p, _ in seen})}")
        assert len(seen) == len(set(seen)) == total, "every group gets every record once"


if __name__ == "__main__":
    main()
