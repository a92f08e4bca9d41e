"""A real crash at the worst moment: what each commit strategy delivers.

A worker process reads five payments and "processes" each by appending its offset to a
ledger file, the side effect that survives a crash. At offset 2 the worker is killed
with SIGKILL (no cleanup, no close, like an out-of-memory kill). Then it restarts and
finishes. The ledger shows what each strategy gives:

- commit after processing: at-least-once (offset 2 is processed twice)
- commit before processing: at-most-once (offset 2 is never processed)
- auto-commit (every 5 s): at-least-once, and everything since the last auto-commit
  repeats
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    GroupIdNotFoundError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-payments"
RECORDS = 5
CRASH_AT = 2
STRATEGIES = {
    "after": "commit after processing",
    "before": "commit before processing",
    "auto": "auto-commit (every 5 s)",
}


def crash_if(condition: bool) -> None:
    """Die at once, as an out-of-memory kill would: no cleanup, no close, no commit."""
    if condition:
        os.kill(os.getpid(), signal.SIGKILL)


def work(strategy: str, ledger: Path, crash_at: int) -> None:
    """The worker process: consume, process, commit in the strategy's order."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=f"lesson07-crash-{strategy}",
        auto_offset_reset="earliest",
        enable_auto_commit=strategy == "auto",  # auto_commit_interval_ms: 5000
        session_timeout_ms=6000,  # a crashed member is noticed after 6 s
        max_poll_records=1,
    )
    consumer.subscribe([TOPIC])
    consumer.partitions_for_topic(TOPIC)
    deadline = time.monotonic() + 30
    done = False
    while not done and time.monotonic() < deadline:
        for records in consumer.poll(timeout_ms=500).values():
            # --8<-- [start:work]
            for record in records:
                if strategy == "before":
                    consumer.commit()  # the position is already past this record
                    crash_if(record.offset == crash_at)  # committed, not processed
                with ledger.open("a") as f:  # the side effect: process the record
                    f.write(f"{record.offset}\n")
                if strategy != "before":
                    crash_if(record.offset == crash_at)  # processed, not committed
                if strategy == "after":
                    consumer.commit()
                # --8<-- [end:work]
                done = record.offset == RECORDS - 1
    consumer.close()


def start_clean(groups: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        existing = {g["group_id"] for g in admin.list_groups()}
        if existing & set(groups):
            try:
                admin.delete_groups(sorted(existing & set(groups)))
            except GroupIdNotFoundError:
                pass
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(TOPIC, 1, 1)])
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(RECORDS):
            producer.send(TOPIC, f"payment {i}".encode())


def run_worker(strategy: str, ledger: Path, crash_at: int) -> int:
    cmd = [sys.executable, __file__, "--worker", strategy, str(ledger), str(crash_at)]
    return subprocess.run(cmd, timeout=60).returncode


def main() -> None:
    start_clean([f"lesson07-crash-{s}" for s in STRATEGIES])
    for strategy, label in STRATEGIES.items():
        ledger = Path(f"/tmp/lesson07-ledger-{strategy}.txt")
        ledger.unlink(missing_ok=True)
        status = run_worker(strategy, ledger, crash_at=CRASH_AT)
        assert status == -signal.SIGKILL, f"the worker should die by SIGKILL: {status}"
        first = [int(x) for x in ledger.read_text().split()]
        run_worker(strategy, ledger, crash_at=-1)  # restart, no crash this time
        processed = [int(x) for x in ledger.read_text().split()]
        print(f"{label}: killed at offset {CRASH_AT}, restarted; ledger {processed}")
        twice = sorted({o for o in processed if processed.count(o) > 1})
        never = sorted(set(range(RECORDS)) - set(processed))
        print(f"  processed twice: {twice}, never: {never}")
        processed_first = CRASH_AT + (0 if strategy == "before" else 1)
        assert first == list(range(processed_first)), first
        if strategy == "after":
            assert twice == [CRASH_AT] and never == [], "at-least-once"
        elif strategy == "before":
            assert twice == [] and never == [CRASH_AT], "at-most-once"
        else:  # nothing was auto-committed in the < 5 s before the crash
            assert twice == list(range(CRASH_AT + 1)) and never == []
        ledger.unlink()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        work(sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]))
    else:
        main()
