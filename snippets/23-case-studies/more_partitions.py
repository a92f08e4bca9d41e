"""Pitfall: adding partitions later moves keys, and per-key order breaks at the move.

Eight order ids go to a topic with 6 partitions; then the topic grows to 8 and the
same ids are sent again. The default partitioner picks murmur2(key) % partitions, so
the ids whose partition changed now have events in two partitions, and a consumer
may read the new event before the old one.
"""

from __future__ import annotations

import time

from common import BOOTSTRAP, fresh_topics
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewPartitions, NewTopic

TOPIC = "lesson23-resize"
IDS = [f"o-{n:02}" for n in range(1, 9)]


def partitions_of_ids(count: int) -> dict[str, int]:
    """Send one record per order id; return the partition each one landed in."""
    deadline = time.monotonic() + 15
    while True:  # a new producer each time: it fetches the metadata afresh
        with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
            if len(producer.partitions_for(TOPIC)) == count:
                futures = {
                    i: producer.send(TOPIC, key=i.encode(), value=b"x") for i in IDS
                }
                return {i: f.get(timeout=10).partition for i, f in futures.items()}
        if time.monotonic() > deadline:
            raise SystemExit(f"{TOPIC} does not have {count} partitions")
        time.sleep(0.2)


def main() -> None:
    fresh_topics([NewTopic(TOPIC, num_partitions=6, replication_factor=1)])
    before = partitions_of_ids(6)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson23-admin")
    try:
        admin.create_partitions({TOPIC: NewPartitions(total_count=8)})
    finally:
        admin.close()
    after = partitions_of_ids(8)
    moved = [f"{i} p{before[i]}->p{after[i]}" for i in IDS if before[i] != after[i]]
    print(f"6 -> 8 partitions: {len(moved)} of {len(IDS)} order ids moved")
    for n in range(0, len(moved), 4):
        print("  " + ", ".join(moved[n : n + 4]))
    assert moved, "with 8 ids, some should move"


if __name__ == "__main__":
    main()
