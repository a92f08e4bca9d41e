"""Failover drill: the billing service continues on the backup cluster.

The primary cluster is "lost". The same consumer group, lesson18-billing, now
connects to the backup cluster and subscribes to the remote topic,
primary.lesson18-orders-<n>. It starts from the offset MirrorMaker 2 committed there
for it, reads to the end, and counts the orders it had already processed on the
primary cluster (order-0 to order-59).
"""

from __future__ import annotations

import time

from clusters import BACKUP, GROUP, newest_orders_topic, remote
from kafka import KafkaConsumer, TopicPartition

PROCESSED_ON_PRIMARY = 60  # order-0 .. order-59, committed on the primary cluster
TOTAL = 100


def main() -> None:
    topic = remote(newest_orders_topic())
    tp = TopicPartition(topic, 0)
    # --8<-- [start:failover]
    consumer = KafkaConsumer(
        bootstrap_servers=BACKUP,  # the only change to the application's settings
        group_id=GROUP,  # the same group: it finds the offset MM2 synced
        client_id="lesson18-billing",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    orders: list[int] = []
    try:
        translated = consumer.committed(tp)  # committed by MirrorMaker 2
        consumer.subscribe([topic])  # the remote name: primary.<topic>
        start = None
        deadline = time.monotonic() + 30
        while len(orders) < TOTAL and time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=500)
            for records in batch.values():
                for r in records:
                    start = r.offset if start is None else start
                    orders.append(int(r.value.decode().removeprefix("order-")))
            if batch and consumer.position(tp) == consumer.end_offsets([tp])[tp]:
                break  # read to the end of the partition
        consumer.commit()  # the group now moves on, on the backup cluster
    finally:
        consumer.close()
    reread = [n for n in orders if n < PROCESSED_ON_PRIMARY]
    new = [n for n in orders if n >= PROCESSED_ON_PRIMARY]
    print(f"{GROUP} resumed on backup at offset {start}")
    print(
        f"read {len(orders)} orders: {len(reread)} again (already processed on primary)"
    )
    print(f"  and {len(new)} new ones, order-{new[0]} to order-{new[-1]}")
    # --8<-- [end:failover]
    assert start == translated, "the group resumes where MM2 committed for it"
    assert reread == list(range(start, PROCESSED_ON_PRIMARY))
    assert len(reread) == PROCESSED_ON_PRIMARY - start, (
        "re-read = upstream - translated"
    )
    assert new == list(range(PROCESSED_ON_PRIMARY, TOTAL)), "no order is lost"


if __name__ == "__main__":
    main()
