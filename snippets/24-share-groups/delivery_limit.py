"""A job that always fails: the delivery count limit archives it.

The share group sets share.delivery.count.limit to 3 (the broker's default is 5). The
worker releases the poison job every time, so the broker delivers it again, until the
third delivery: then the job is archived and never delivered again. The broker refuses
a limit outside its bounds (group.share.min/max.delivery.count.limit).
"""

from __future__ import annotations

import textwrap
import time

from confluent_kafka import AcknowledgeType, KafkaException, Producer, ShareConsumer
from confluent_kafka.admin import AdminClient, ConfigResource, ResourceType
from workqueue import BOOTSTRAP, configure_group, make_queue

TOPIC = "lesson24-poison"
GROUP = "lesson24-poison-workers"
QUIET_SECONDS = 3.0
BOUNDS = ("min.", "", "max.")  # group.share.min.delivery.count.limit, ...
LABELS = ("min", "default", "max")


def broker_bounds() -> str:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    broker = admin.describe_cluster().result(10).nodes[0].id
    resource = ConfigResource(ResourceType.BROKER, str(broker))
    configs = admin.describe_configs([resource])[resource].result()
    values = [configs[f"group.share.{b}delivery.count.limit"].value for b in BOUNDS]
    return ", ".join(
        f"{label} {value}" for label, value in zip(LABELS, values, strict=True)
    )


def main() -> None:
    print(f"broker delivery count limit: {broker_bounds()}")
    # --8<-- [start:limit]
    make_queue(TOPIC, GROUP, **{"share.delivery.count.limit": "3"})
    try:
        admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
        configure_group(admin, GROUP, {"share.delivery.count.limit": "11"})
    except KafkaException as exc:
        print(textwrap.fill(f"limit 11 refused: {exc.args[0].str()}", 86))
    # --8<-- [end:limit]
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    producer.produce(TOPIC, value="poison job")
    producer.flush(10)

    consumer = ShareConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": GROUP,
            "share.acknowledgement.mode": "explicit",
        }
    )
    consumer.subscribe([TOPIC])
    counts: list[int] = []
    last = deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            if counts and time.monotonic() - last > QUIET_SECONDS:
                break
            records = [m for m in consumer.poll(0.5) if m.error() is None]
            for msg in records:
                print(f"delivery_count={msg.delivery_count()}: failed, RELEASE")
                counts.append(msg.delivery_count())
                consumer.acknowledge(msg, AcknowledgeType.RELEASE)
            if records:
                for error in consumer.commit_sync().values():
                    if error is not None:  # e.g. INVALID_RECORD_STATE: lock expired
                        raise error
                last = time.monotonic()
    finally:
        consumer.close()

    assert counts == [1, 2, 3], counts
    print(f"nothing more in {QUIET_SECONDS:.0f} s: archived after 3 deliveries")


if __name__ == "__main__":
    main()
