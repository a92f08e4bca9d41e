"""Consume-transform-produce, killed mid-batch and restarted: with and without
transactions.

A billing worker reads orders from lesson13-orders, writes one invoice per order to an
output topic, and "sends an email" per order (it appends the order's offset to a
file, a side effect outside Kafka). It handles five orders per batch. At order 7 the
worker is killed with SIGKILL, mid-batch; then it restarts and finishes.

- Without transactions (idempotent producer, commit after processing): the restart
  repeats the batch, and the output topic holds duplicate invoices.
- With transactions (outputs and input offsets committed together): the killed
  batch's invoices are aborted, and a read_committed reader sees each invoice once.
- In both, the emails of the repeated batch are sent twice: the transaction covers
  Kafka writes and offsets, nothing else.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient
from kafka.errors import GroupIdNotFoundError
from kafka.structs import OffsetAndMetadata
from topics import BOOTSTRAP, read_partition, recreate_topic, wait_for_markers

INPUT = "lesson13-orders"
ORDERS = 20
CRASH_AT = 7
MODES = {"plain": "without transactions", "transactions": "with transactions"}


def send_email(ledger: Path, order: int) -> None:
    """The side effect outside Kafka: one line per email sent."""
    with ledger.open("a") as f:
        f.write(f"{order}\n")


def work(mode: str, crash_at: int) -> None:
    """The worker process: one batch of up to 5 orders at a time."""
    ledger = Path(f"/tmp/lesson13-emails-{mode}.txt")
    output = f"lesson13-invoices-{mode}"
    transactional = mode == "transactions"
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        transactional_id="lesson13-billing-tx" if transactional else None,
    )
    if transactional:
        producer.init_transactions()  # fences a zombie, aborts its open transaction
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=f"lesson13-billing-{mode}",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=5,
        session_timeout_ms=6000,  # the killed member leaves the group after 6 s
    )
    consumer.subscribe([INPUT])
    deadline = time.monotonic() + 60
    done = False
    while not done and time.monotonic() < deadline:
        batch = consumer.poll(timeout_ms=500)
        if not batch:
            continue
        # --8<-- [start:loop]
        if transactional:
            producer.begin_transaction()
        for records in batch.values():
            for record in records:
                invoice = record.value.replace(b"order", b"invoice")
                producer.send(output, invoice)  # transform and produce
                send_email(ledger, record.offset)  # a side effect outside Kafka
                if record.offset == crash_at:
                    producer.flush()  # the invoices so far reach the broker...
                    os.kill(os.getpid(), signal.SIGKILL)  # ...and the worker dies
        offsets = {
            tp: OffsetAndMetadata(records[-1].offset + 1, "", -1)
            for tp, records in batch.items()
        }
        if transactional:  # the input offsets join the transaction
            producer.send_offsets_to_transaction(offsets, consumer.group_metadata())
            producer.commit_transaction()  # invoices and offsets, all or nothing
        else:
            producer.flush()
            consumer.commit(offsets)  # commit after processing: at-least-once
        # --8<-- [end:loop]
        done = max(r.offset for rs in batch.values() for r in rs) == ORDERS - 1
    consumer.close()
    producer.close()


def start_clean() -> None:
    recreate_topic(INPUT)
    for mode in MODES:
        recreate_topic(f"lesson13-invoices-{mode}")
        Path(f"/tmp/lesson13-emails-{mode}.txt").unlink(missing_ok=True)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson13-admin")
    try:
        for mode in MODES:
            try:
                admin.delete_groups([f"lesson13-billing-{mode}"])
            except GroupIdNotFoundError:
                pass
    finally:
        admin.close()
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(ORDERS):
            producer.send(INPUT, f"order {i}".encode())


def run_worker(mode: str, crash_at: int) -> int:
    cmd = [sys.executable, __file__, "--worker", mode, str(crash_at)]
    return subprocess.run(cmd, timeout=90).returncode


def main() -> None:
    start_clean()
    for mode, label in MODES.items():
        status = run_worker(mode, crash_at=CRASH_AT)
        assert status == -signal.SIGKILL, f"the worker should die by SIGKILL: {status}"
        assert run_worker(mode, crash_at=-1) == 0  # restart, no crash this time
        wait_for_markers(f"lesson13-invoices-{mode}")  # the last commit's marker
        invoices, _ = read_partition(f"lesson13-invoices-{mode}", "read_committed")
        counts = Counter(r.value.decode() for r in invoices)
        twice = sorted(int(v.split()[1]) for v, n in counts.items() if n > 1)
        emails = Path(f"/tmp/lesson13-emails-{mode}.txt").read_text().split()
        print(f"{label}: killed at order {CRASH_AT}, restarted")
        print(f"  invoices (read_committed): {len(invoices)}, duplicated: {twice}")
        print(f"  emails sent: {len(emails)} for {ORDERS} orders")
        assert len(counts) == ORDERS, "every order has an invoice"
        assert len(emails) > ORDERS, "the repeated batch sent its emails again"
        if mode == "plain":
            assert CRASH_AT in twice, "without transactions, invoices are duplicated"
        else:
            assert twice == [] and len(invoices) == ORDERS, "exactly one per order"


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        work(sys.argv[2], int(sys.argv[3]))
    else:
        main()
