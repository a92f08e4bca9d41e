"""A worker that takes jobs and gets stuck (run it in a second terminal).

It makes the queue lesson24-locks with a 15 s acquisition lock on its share group
(share.record.lock.duration.ms; the broker allows no less than
group.share.min.record.lock.duration.ms, 15000 by default), writes three jobs, takes
them, and then hangs without acknowledging them, still a member of the group, until
you press Ctrl-C. Then it accepts them: if their locks expired meanwhile, the broker
refuses the acknowledgement (INVALID_RECORD_STATE).
"""

from __future__ import annotations

import signal
import threading
import time

from confluent_kafka import AcknowledgeType, Message, Producer, ShareConsumer
from workqueue import BOOTSTRAP, make_queue

TOPIC = "lesson24-locks"
GROUP = "lesson24-lock-workers"
MAX_STUCK_SECONDS = 300


def main() -> None:
    make_queue(TOPIC, GROUP, **{"share.record.lock.duration.ms": "15000"})
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for n in range(3):
        producer.produce(TOPIC, value=f"job {n}")
    producer.flush(10)

    stop = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    consumer = ShareConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": GROUP,
            "client.id": "lesson24-stuck",
            "share.acknowledgement.mode": "explicit",
        }
    )
    consumer.subscribe([TOPIC])
    try:
        taken: list[Message] = []
        deadline = time.monotonic() + 30
        while not taken and time.monotonic() < deadline:
            taken = [m for m in consumer.poll(0.5) if m.error() is None]
        offsets = [m.offset() for m in taken]
        print(f"took offsets {offsets}; stuck now, acknowledging nothing", flush=True)
        stop.wait(MAX_STUCK_SECONDS)  # still in the group: the heartbeats go on
        # --8<-- [start:late]
        for msg in taken:  # it wakes up and finishes its jobs, too late
            consumer.acknowledge(msg, AcknowledgeType.ACCEPT)
        for tp, result in consumer.commit_sync().items():
            outcome = result.args[0].name() if isinstance(result, Exception) else "OK"
            print(f"late ACCEPT of {tp.topic}-{tp.partition} {offsets}: {outcome}")
        # --8<-- [end:late]
    finally:
        consumer.close()
    print("stuck worker stopped")


if __name__ == "__main__":
    main()
