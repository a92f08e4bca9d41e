"""Watch the backup cluster: print when the orders arrive there, and how late.

It subscribes to a pattern, so it sees the copy of the next lesson18-orders-* topic
as soon as MirrorMaker 2 creates it on the backup cluster. The delay of each record
is the time it arrives here minus its timestamp, set by the producer on the primary
cluster and kept by MirrorMaker 2 (both clusters run on this machine, so the clocks
agree).
"""

from __future__ import annotations

import statistics
import time

from clusters import BACKUP
from kafka import KafkaConsumer

EXPECTED = 100
DEADLINE_S = 90


def main() -> None:
    consumer = KafkaConsumer(
        bootstrap_servers=BACKUP,
        client_id="lesson18-tail",
        auto_offset_reset="earliest",
        enable_auto_commit=False,  # no group: nothing to commit
        metadata_max_age_ms=1000,  # look for new matching topics every second
    )
    delays: list[float] = []
    topic = ""
    try:
        consumer.subscribe(pattern=r"^primary\.lesson18-orders-\d+$")
        print("waiting for primary.lesson18-orders-* on the backup cluster", flush=True)
        deadline = time.monotonic() + DEADLINE_S
        while len(delays) < EXPECTED and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                now = time.time()
                for r in records:
                    if not delays:
                        topic = r.topic
                        print(f"first order arrived on {r.topic}", flush=True)
                    delays.append(now - r.timestamp / 1000)
    finally:
        consumer.close()
    print(
        f"{len(delays)} of {EXPECTED} orders arrived on the backup cluster in {topic}"
    )
    assert len(delays) == EXPECTED, f"only {len(delays)} arrived in {DEADLINE_S} s"
    print(
        f"replication delay: min {min(delays):.1f} s, "
        f"median {statistics.median(delays):.1f} s, max {max(delays):.1f} s"
    )


if __name__ == "__main__":
    main()
