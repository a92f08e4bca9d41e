"""Exercise 1 solution: compute a group's lag with the consumer API only.

`committed()` asks the group coordinator for the group's committed offset of a
partition, and `end_offsets()` asks the partition leaders for their log-end offsets. The
consumer does not subscribe, so it never joins the group: it only looks.
"""

from __future__ import annotations

import os

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, OffsetSpec

TOPIC = "lesson03-payments"
GROUP = "lesson03-reports"


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,  # whose committed offsets committed() returns
        client_id="lesson03-lag-check",
        enable_auto_commit=False,
    )
    try:
        partitions = [
            TopicPartition(TOPIC, p)
            for p in sorted(consumer.partitions_for_topic(TOPIC))
        ]
        end = consumer.end_offsets(partitions)
        lag = {}
        for tp in partitions:
            committed = consumer.committed(tp)  # None if the group never committed here
            lag[tp] = end[tp] - (committed or 0)
            print(
                f"partition {tp.partition}: committed {committed}, log-end {end[tp]}, "
                f"lag {lag[tp]}"
            )
    finally:
        consumer.close()
    print(f"total lag: {sum(lag.values())}")

    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    try:
        committed = admin.list_group_offsets([GROUP])[GROUP]
        latest = admin.list_partition_offsets(
            {tp: OffsetSpec.LATEST for tp in partitions}
        )
    finally:
        admin.close()
    assert all(lag[tp] == latest[tp].offset - committed[tp].offset for tp in partitions)
    print("the admin API reports the same lag")


if __name__ == "__main__":
    main()
