"""Accept, release and reject: one worker in explicit acknowledgement mode.

The worker reads five jobs. It releases job 1 the first time it sees it (say a service
it needs is down), rejects job 2 (it can never succeed), and accepts every other
delivery. The released job comes back with delivery_count() == 2; the rejected one
never comes back.
"""

from __future__ import annotations

import time

from confluent_kafka import AcknowledgeType, Message, Producer, ShareConsumer
from workqueue import BOOTSTRAP, make_queue

TOPIC = "lesson24-acks"
GROUP = "lesson24-ackers"
QUIET_SECONDS = 3.0  # after the last delivery, poll this long to see nothing comes back


# --8<-- [start:decide]
def decide(msg: Message) -> AcknowledgeType:
    job = msg.value().decode()
    if job == "job 1" and msg.delivery_count() == 1:
        return AcknowledgeType.RELEASE  # not now: give it back for a later delivery
    if job == "job 2":
        return AcknowledgeType.REJECT  # never: archive it, no redelivery
    return AcknowledgeType.ACCEPT  # done


# --8<-- [end:decide]


def main() -> None:
    make_queue(TOPIC, GROUP)
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for n in range(5):
        producer.produce(TOPIC, value=f"job {n}")
    producer.flush(10)

    consumer = ShareConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": GROUP,
            "share.acknowledgement.mode": "explicit",
        }
    )
    consumer.subscribe([TOPIC])
    deliveries: list[tuple[str, int]] = []
    last = deadline = time.monotonic() + 30
    try:
        # --8<-- [start:loop]
        while time.monotonic() < deadline:
            if deliveries and time.monotonic() - last > QUIET_SECONDS:
                break
            records = [m for m in consumer.poll(0.5) if m.error() is None]
            for msg in records:
                kind = decide(msg)
                consumer.acknowledge(msg, kind)  # recorded locally
                job = msg.value().decode()
                print(f"{job}  delivery_count={msg.delivery_count()}  -> {kind.name}")
                deliveries.append((job, msg.delivery_count()))
            if records:
                # commit_sync() sends the acknowledgements and waits for the broker
                for error in consumer.commit_sync().values():
                    if error is not None:  # e.g. INVALID_RECORD_STATE: lock expired
                        raise error
                last = time.monotonic()
        # --8<-- [end:loop]
    finally:
        consumer.close()

    jobs = [job for job, _ in deliveries]
    assert [c for job, c in deliveries if job == "job 1"] == [1, 2], deliveries
    assert jobs.count("job 2") == 1, deliveries
    assert jobs.index("job 4") < len(jobs) - 1 - jobs[::-1].index("job 1"), jobs
    print(f"nothing more in {QUIET_SECONDS:.0f} s: job 2 was not redelivered")


if __name__ == "__main__":
    main()
