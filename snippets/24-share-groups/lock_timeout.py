"""A healthy worker joins lesson24-lock-workers while the stuck worker holds the jobs.

It reads the group's acquisition lock duration from the broker, then polls. It gets
nothing until the stuck worker's locks expire; then the broker hands the same jobs
out again, with delivery_count() == 2.
"""

from __future__ import annotations

import time

from confluent_kafka import ShareConsumer
from confluent_kafka.admin import AdminClient, ConfigResource, ResourceType
from workqueue import BOOTSTRAP

TOPIC = "lesson24-locks"
GROUP = "lesson24-lock-workers"


def lock_duration_ms() -> int:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    resource = ConfigResource(ResourceType.GROUP, GROUP)
    configs = admin.describe_configs([resource])[resource].result()
    return int(configs["share.record.lock.duration.ms"].value)


def main() -> None:
    lock_ms = lock_duration_ms()
    print(f"group {GROUP}: share.record.lock.duration.ms={lock_ms}")
    consumer = ShareConsumer(
        {"bootstrap.servers": BOOTSTRAP, "group.id": GROUP, "client.id": "lesson24-ok"}
    )
    consumer.subscribe([TOPIC])
    start = time.monotonic()
    got: list[tuple[int, int]] = []
    ages: list[float] = []  # seconds from each job's write to its arrival here
    try:
        while len(got) < 3 and time.monotonic() - start < lock_ms / 1000 + 20:
            for msg in consumer.poll(0.5):
                if msg.error() is None:
                    got.append((msg.offset(), msg.delivery_count()))
                    ages.append(time.time() - msg.timestamp()[1] / 1000)
    finally:
        consumer.close()
    waited = time.monotonic() - start
    print(f"got offsets {[o for o, _ in got]} after {waited:.0f} s")
    print(f"delivery counts {[c for _, c in got]}")
    assert [c for _, c in got] == [2, 2, 2], got
    # the stuck worker took the jobs after they were written: their locks expired
    # at least lock_ms after the write
    assert min(ages) >= lock_ms / 1000, "the jobs came back before the lock expired"


if __name__ == "__main__":
    main()
