"""max.poll.records is a hint: a share consumer acquires whole record batches.

Twenty jobs are written with a single flush, so they travel in one record batch. A
worker asks for one record per poll, and gets all twenty at once, in offset order: a
second worker would have found nothing to do.
"""

from __future__ import annotations

import time

from confluent_kafka import Producer, ShareConsumer
from workqueue import BOOTSTRAP, make_queue

TOPIC = "lesson24-batch"
GROUP = "lesson24-batch-workers"


def main() -> None:
    make_queue(TOPIC, GROUP)
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "linger.ms": 100})
    for n in range(20):
        producer.produce(TOPIC, value=f"job {n}")
    producer.flush(10)  # one flush: the 20 records leave as one batch

    consumer = ShareConsumer(
        {"bootstrap.servers": BOOTSTRAP, "group.id": GROUP, "max.poll.records": 1}
    )
    consumer.subscribe([TOPIC])
    polls: list[list[int]] = []
    deadline = time.monotonic() + 20
    try:
        while sum(map(len, polls)) < 20 and time.monotonic() < deadline:
            offsets = [m.offset() for m in consumer.poll(0.5) if m.error() is None]
            if offsets:
                polls.append(offsets)
    finally:
        consumer.close()
    print(f"max.poll.records=1; records per poll: {[len(p) for p in polls]}")
    print(f"in offset order: {polls[0] == sorted(polls[0])}")
    assert len(polls[0]) > 1 and polls[0] == sorted(polls[0]), polls


if __name__ == "__main__":
    main()
