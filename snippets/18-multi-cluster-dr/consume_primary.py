"""The billing service reads 60 of the 100 orders on the primary cluster and commits.

This consumer group is the one whose position MirrorMaker 2 carries over to the
backup cluster. It processes exactly 60 records, order-0 to order-59, and commits
offset 60: the next record the group will read is order-60.
"""

from __future__ import annotations

import time

from clusters import GROUP, PRIMARY, newest_orders_topic
from kafka import KafkaConsumer, OffsetAndMetadata, TopicPartition

PROCESSED = 60


def main() -> None:
    topic = newest_orders_topic()
    tp = TopicPartition(topic, 0)
    consumer = KafkaConsumer(
        bootstrap_servers=PRIMARY,
        group_id=GROUP,
        client_id="lesson18-billing",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    processed: list[str] = []
    try:
        consumer.subscribe([topic])
        deadline = time.monotonic() + 30
        while len(processed) < PROCESSED and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500, max_records=10).values():
                for r in records[: PROCESSED - len(processed)]:
                    processed.append(r.value.decode())  # "process" the order
                    next_offset = r.offset + 1
        consumer.commit({tp: OffsetAndMetadata(next_offset, "", -1)})
        committed = consumer.committed(tp)
    finally:
        consumer.close()
    print(f"{GROUP} processed {processed[0]} to {processed[-1]} on primary")
    print(f"committed offset on primary: {committed} (the next order to read)")
    assert len(processed) == PROCESSED and committed == PROCESSED


if __name__ == "__main__":
    main()
