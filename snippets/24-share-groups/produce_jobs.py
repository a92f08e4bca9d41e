"""Write 20 jobs to the queue lesson24-jobs: job 3 takes 2 s, every other one 0.2 s.

A job's value names it; its header `cost` says how long it takes a worker. Each job is
flushed on its own, so it travels in its own record batch (see the pitfall on batches).
"""

from __future__ import annotations

import os

from confluent_kafka import Producer

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson24-jobs"
JOBS = 20
SLOW_JOB = 3


def main() -> None:
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "client.id": "lesson24-jobs"})
    for n in range(JOBS):
        cost = "2.0" if n == SLOW_JOB else "0.2"
        producer.produce(TOPIC, value=f"job {n}", headers={"cost": cost})
        if producer.flush(10) > 0:
            raise SystemExit(f"job {n} was not delivered: is the broker up?")
    print(f"wrote {JOBS} jobs to {TOPIC}; job {SLOW_JOB} takes 2.0 s, the others 0.2 s")


if __name__ == "__main__":
    main()
