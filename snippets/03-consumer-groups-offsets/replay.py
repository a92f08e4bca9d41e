"""Replay: after an offset reset, the group re-reads from its new committed offsets.

The consumer is an ordinary member of the group. It starts where the group's committed
offsets point, so it reads (log-end offset - committed offset) records per partition, no
more, no less.
"""

from __future__ import annotations

import os
import time
from collections import Counter

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, OffsetSpec

TOPIC = "lesson03-payments"
GROUP = "lesson03-reports"


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        committed = admin.list_group_offsets([GROUP])[GROUP]
        partitions = sorted(tp for tp in committed if tp.topic == TOPIC)
        end = admin.list_partition_offsets({tp: OffsetSpec.LATEST for tp in partitions})
    finally:
        admin.close()
    behind = {tp.partition: end[tp].offset - committed[tp].offset for tp in partitions}
    print(
        "committed offsets: "
        f"{ {tp.partition: committed[tp].offset for tp in partitions} }"
    )
    print(f"records to read:   {behind}")

    # --8<-- [start:consumer]
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson03-reports-1",
        enable_auto_commit=False,
        session_timeout_ms=6000,
    )
    # --8<-- [end:consumer]
    read: Counter[int] = Counter()
    try:
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        deadline = time.monotonic() + 10
        while sum(read.values()) < sum(behind.values()) and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=200).values():
                for record in batch:
                    read[record.partition] += 1
        consumer.commit()
    finally:
        consumer.close()
    print(f"records read:      {dict(sorted(read.items()))}")
    assert all(read[p] == n for p, n in behind.items()), (
        "replay reads exactly what lies ahead"
    )
    print(f"replayed {sum(read.values())} records")


if __name__ == "__main__":
    main()
