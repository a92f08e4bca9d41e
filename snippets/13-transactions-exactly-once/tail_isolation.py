"""Two consumers side by side: read_committed and read_uncommitted, tailing one topic.

Run it in a second terminal, then run live_transaction.py in the first. Each line says
which consumer received which record, and when. It stops by itself once the
read_committed consumer has the three records (or on Ctrl-C, or after 60 s).
"""

from __future__ import annotations

import signal
import time

from kafka import KafkaConsumer, TopicPartition
from topics import BOOTSTRAP, recreate_topic

TOPIC = "lesson13-live"
EXPECTED = 3
stopping = False


def stop(signum: int, frame: object) -> None:
    global stopping
    stopping = True


def main() -> None:
    signal.signal(signal.SIGINT, stop)
    recreate_topic(TOPIC)
    tp = TopicPartition(TOPIC, 0)
    consumers = {}
    for level in ("read_committed", "read_uncommitted"):
        consumers[level] = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            client_id=f"lesson13-tail-{level}",
            isolation_level=level,
            enable_auto_commit=False,
        )
        consumers[level].assign([tp])
        consumers[level].seek(tp, 0)
        consumers[level].poll(timeout_ms=100)  # connect before the records arrive
    arrivals: dict[str, list[float]] = {level: [] for level in consumers}
    print(f"tailing {TOPIC} with read_committed and read_uncommitted", flush=True)
    start = None
    deadline = time.monotonic() + 60
    try:
        while (
            not stopping
            and len(arrivals["read_committed"]) < EXPECTED
            and time.monotonic() < deadline
        ):
            for level, consumer in consumers.items():
                for records in consumer.poll(timeout_ms=100).values():
                    for record in records:
                        now = time.monotonic()
                        start = start or now
                        arrivals[level].append(now)
                        print(f"{level:16}  got {record.value.decode()}", flush=True)
    finally:
        for consumer in consumers.values():
            consumer.close()
    committed, uncommitted = arrivals["read_committed"], arrivals["read_uncommitted"]
    if len(committed) < EXPECTED or len(uncommitted) < EXPECTED:
        print(f"stopped early: {len(uncommitted)} and {len(committed)} records")
        return
    spread = uncommitted[-1] - uncommitted[0]
    print(f"read_uncommitted got them one by one, over {spread:.1f} s")
    together = committed[-1] - committed[0]
    wait = committed[0] - uncommitted[-1]
    print(f"read_committed got all {EXPECTED} within {together:.1f} s,", end=" ")
    print(f"{wait:.1f} s after the last of them")
    assert committed[0] > uncommitted[-1], "read_committed waited for the commit"
    assert committed[-1] - committed[0] < 0.5, "read_committed got them at once"


if __name__ == "__main__":
    main()
