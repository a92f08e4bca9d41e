"""Exercise 2: a worker that closes, or crashes, gives its jobs back at once.

First, two workers (explicit acknowledgement) join the share group, and whichever gets
the three jobs closes without acknowledging them. Then a worker in a child process
takes three new jobs and is killed with SIGKILL, as a crash would. Both times the other
worker gets the jobs long before the 30 s lock would have expired, with
delivery_count() == 2.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

from confluent_kafka import Producer, ShareConsumer
from workqueue import BOOTSTRAP, make_queue

TOPIC = "lesson24-close"
GROUP = "lesson24-close-workers"
# A killed member stays in its group until share.session.timeout.ms (45 s): the crash
# uses a new group each run, so that the next run can start at once.
CRASH_GROUP = f"lesson24-crash-workers-{uuid.uuid4().hex[:8]}"


def worker(name: str, group: str = GROUP) -> ShareConsumer:
    consumer = ShareConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": group,
            "client.id": f"lesson24-{name}",
            "share.acknowledgement.mode": "explicit",
        }
    )
    consumer.subscribe([TOPIC])
    return consumer


def write_jobs() -> None:
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for n in range(3):
        producer.produce(TOPIC, value=f"job {n}")
    producer.flush(10)


def take(consumer: ShareConsumer, seconds: float = 0.2) -> int:
    """Poll once; how many jobs this worker acquired."""
    return len([m for m in consumer.poll(seconds) if m.error() is None])


def wait_for_jobs(consumer: ShareConsumer, since: float) -> str:
    counts: list[int] = []
    while len(counts) < 3 and time.monotonic() - since < 40:
        counts += [m.delivery_count() for m in consumer.poll(0.5) if m.error() is None]
    waited = time.monotonic() - since
    assert counts == [2, 2, 2] and waited < 15, (counts, waited)
    return f"{waited:.0f} s later; delivery counts {counts}"


def hold_jobs(group: str) -> None:
    """The child process: take the jobs, say so, and hang until killed."""
    consumer = worker("doomed", group)
    deadline = time.monotonic() + 30
    while not take(consumer, 0.5) and time.monotonic() < deadline:
        pass
    print("took", flush=True)
    time.sleep(60)


def main() -> None:
    make_queue(TOPIC, GROUP)  # the default lock: share.record.lock.duration.ms=30000
    write_jobs()
    workers = {"a": worker("a"), "b": worker("b")}
    holder = None
    deadline = time.monotonic() + 30
    while holder is None and time.monotonic() < deadline:
        holder = next((name for name, c in workers.items() if take(c)), None)
    assert holder is not None, "no worker got the jobs"
    other = workers.pop("b" if holder == "a" else "a")
    workers[holder].close()  # no acknowledge(), no commit
    result = wait_for_jobs(other, time.monotonic())
    print(f"closed without acknowledging: the other worker got them {result}")

    other.close()
    make_queue(TOPIC, CRASH_GROUP)
    write_jobs()
    child = subprocess.Popen(
        [sys.executable, __file__, "--hold", CRASH_GROUP],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "took"
        other = worker("b", CRASH_GROUP)
        join = time.monotonic() + 7  # join the group; the child holds the jobs
        while time.monotonic() < join:
            assert take(other, 0.5) == 0, "the child should hold the jobs"
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        result = wait_for_jobs(other, time.monotonic())
        print(f"killed with SIGKILL: the other worker got them {result}")
    finally:
        child.kill()
        other.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--hold"]:
        hold_jobs(sys.argv[2])
    else:
        main()
