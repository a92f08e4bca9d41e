"""Three workers share the one partition of lesson24-jobs (run it in a second terminal).

Each worker is a ShareConsumer in the share group lesson24-workers, in its own thread,
with the default implicit acknowledgement: the records of one poll are accepted on the
next poll (or on close). A job's header `cost` says how many seconds it takes. Stop the
workers with Ctrl-C: they leave the group, and the script checks that each offset of
the partition was done exactly once.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter

from confluent_kafka import ShareConsumer, TopicPartition
from confluent_kafka.admin import AdminClient, OffsetSpec

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson24-jobs"
GROUP = "lesson24-workers"
WORKERS = ["worker-1", "worker-2", "worker-3"]
SLOW_JOB = "job 3"
MAX_RUN_SECONDS = 300

stop = threading.Event()
lock = threading.Lock()
done: list[tuple[int, str, str]] = []  # (offset, job, worker), in the order finished


# --8<-- [start:worker]
def work(name: str) -> None:
    consumer = ShareConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": GROUP,  # the share group: every worker names the same one
            "client.id": f"lesson24-{name}",
            "max.poll.records": 1,  # a hint: take one job at a time
        }
    )
    consumer.subscribe([TOPIC])
    try:
        while not stop.is_set():
            for msg in consumer.poll(0.5):  # a list: this poll's acquired records
                if msg.error() is not None:
                    print(f"{name}: {msg.error()}")
                    continue
                cost = float(dict(msg.headers() or [])["cost"])
                time.sleep(cost)  # the work
                job = msg.value().decode()
                with lock:
                    done.append((msg.offset(), job, name))
                    print(f"{name} did {job} (offset {msg.offset()}, {cost} s)")
    finally:
        consumer.close()  # accepts the last poll's records and leaves the group


# --8<-- [end:worker]


def end_offset() -> int:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    tp = TopicPartition(TOPIC, 0)
    return admin.list_offsets({tp: OffsetSpec.latest()})[tp].result().offset


def main() -> None:
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    threads = [threading.Thread(target=work, args=(name,)) for name in WORKERS]
    for thread in threads:
        thread.start()
    print(f"{len(WORKERS)} workers share {TOPIC} (group {GROUP}); Ctrl-C stops them")
    reported = 0
    deadline = time.monotonic() + MAX_RUN_SECONDS
    while not stop.wait(0.5) and time.monotonic() < deadline:
        with lock:
            count = len(done)
        if count != reported and count == end_offset():
            print(f"all {count} jobs in {TOPIC} are done", flush=True)
            reported = count
    stop.set()
    for thread in threads:
        thread.join()

    offsets = sorted(offset for offset, _, _ in done)
    end = end_offset()
    assert offsets == list(range(end)), f"offsets done {offsets}, end offset {end}"
    per_worker = Counter(worker for _, _, worker in done)
    print(f"stopped: {len(done)} jobs done, none twice, none lost")
    print("jobs per worker: " + ", ".join(f"{w} {per_worker[w]}" for w in WORKERS))
    slow = [i for i, (_, job, _) in enumerate(done) if job == SLOW_JOB]
    if slow:  # how many jobs written after the slow one finished before it
        slow_offset = done[slow[0]][0]
        overtook = sum(1 for offset, _, _ in done[: slow[0]] if offset > slow_offset)
        print(f"{SLOW_JOB} took 2.0 s; {overtook} jobs written after it finished first")
        assert overtook > 0, "the slow job held back the jobs after it"


if __name__ == "__main__":
    main()
