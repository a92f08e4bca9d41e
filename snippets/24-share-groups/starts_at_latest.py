"""A new share group starts at the end of the partition, not at its beginning.

The group lesson24-latest-workers has no share.auto.offset.reset of its own (the script
deletes it, in case an earlier run set it), so the broker's default applies: latest.
Three jobs written before the worker joins are never delivered; a job written after it
joined is.
"""

from __future__ import annotations

import time

from confluent_kafka import Producer, ShareConsumer
from confluent_kafka.admin import (
    AdminClient,
    AlterConfigOpType,
    ConfigEntry,
    ConfigResource,
    ResourceType,
)
from workqueue import BOOTSTRAP, delete_group, recreate_topic

TOPIC = "lesson24-latest"
GROUP = "lesson24-latest-workers"
JOIN_SECONDS = 12.0  # long enough to join the group and fetch (about 5 s here)


def poll_for(consumer: ShareConsumer, seconds: float) -> list[str]:
    jobs: list[str] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        jobs += [m.value().decode() for m in consumer.poll(0.5) if m.error() is None]
    return jobs


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    delete_group(admin, GROUP)
    recreate_topic(admin, TOPIC)
    unset = ConfigEntry(
        "share.auto.offset.reset", "", incremental_operation=AlterConfigOpType.DELETE
    )
    resource = ConfigResource(ResourceType.GROUP, GROUP, incremental_configs=[unset])
    admin.incremental_alter_configs([resource])[resource].result()

    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for n in range(3):
        producer.produce(TOPIC, value=f"job {n}")
    producer.flush(10)
    print("wrote job 0, job 1, job 2; then a worker joins")

    consumer = ShareConsumer({"bootstrap.servers": BOOTSTRAP, "group.id": GROUP})
    consumer.subscribe([TOPIC])
    try:
        before = poll_for(consumer, JOIN_SECONDS)
        print(f"worker got {before} in {JOIN_SECONDS:.0f} s")
        producer.produce(TOPIC, value="job 3")
        producer.flush(10)
        after = poll_for(consumer, 3.0)
        print(f"wrote job 3; worker got {after}")
    finally:
        consumer.close()
    assert before == [] and after == ["job 3"], (before, after)


if __name__ == "__main__":
    main()
