"""The order processor: validate each order event, write a status event or a dead
letter, and commit both with the input offsets in one transaction.

`main()` runs the processor twice. The first one is killed with SIGKILL in the middle
of a transaction, the second one restarts with the same transactional id and
finishes. Then it checks the result from the cluster: every input has exactly one
output for a read_committed reader, the dead letters carry their reason in a header,
and each order's status events are in the order of its input events.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict

from common import BOOTSTRAP, read_all
from kafka import KafkaConsumer, KafkaProducer
from kafka.consumer.fetcher import ConsumerRecord
from kafka.structs import OffsetAndMetadata
from orders_setup import DLQ, GROUP, ORDERS, STATUS, events

CRASH_AFTER = 3  # records written in an open transaction when the first run dies


def validate(raw: bytes) -> tuple[dict | None, str | None]:
    """(the order, None) if it is valid, else (None, the reason)."""
    try:
        order = json.loads(raw)
    except ValueError:
        return None, "value is not JSON"
    if not order.get("customer"):
        return None, "customer is missing"
    if order.get("event") not in ("placed", "paid", "shipped"):
        return None, f"unknown event {order.get('event')!r}"
    if not isinstance(order.get("amount_cents"), int) or order["amount_cents"] <= 0:
        return None, "amount_cents must be > 0"
    return order, None


# --8<-- [start:route]
def route(producer: KafkaProducer, record: ConsumerRecord) -> None:
    order, reason = validate(record.value)
    if order is None:  # a dead letter: the original bytes, and why, in headers
        headers = [
            ("error.reason", reason.encode()),
            ("source.partition", str(record.partition).encode()),
            ("source.offset", str(record.offset).encode()),
        ]
        producer.send(DLQ, key=record.key, value=record.value, headers=headers)
    else:  # same key as the input: same partition number, same order
        status = {"order_id": order["order_id"], "status": order["event"].upper()}
        producer.send(STATUS, key=record.key, value=json.dumps(status).encode())


# --8<-- [end:route]


def work(crash: bool) -> None:
    """One processor instance: a transaction per poll, until the input is read."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, transactional_id="lesson23-order-processor-1"
    )
    producer.init_transactions()  # fences an older instance, aborts its transaction
    consumer = KafkaConsumer(
        ORDERS,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        enable_auto_commit=False,  # offsets are committed inside the transaction
        auto_offset_reset="earliest",
        isolation_level="read_committed",
        max_poll_records=5,
        session_timeout_ms=6000,  # a killed instance leaves the group after 6 s
    )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            batch = consumer.poll(timeout_ms=500)
            if not batch and consumer.assignment():
                ends = consumer.end_offsets(list(consumer.assignment()))
                if all(consumer.position(tp) >= end for tp, end in ends.items()):
                    return  # the whole input is processed and committed
            if not batch:
                continue
            # --8<-- [start:loop]
            producer.begin_transaction()
            written = 0
            for records in batch.values():
                for record in records:
                    route(producer, record)
                    written += 1
                    if crash and written == CRASH_AFTER:
                        producer.flush()  # the records reach the broker...
                        os.kill(os.getpid(), signal.SIGKILL)  # ...and we die
            offsets = {
                tp: OffsetAndMetadata(records[-1].offset + 1, "", -1)
                for tp, records in batch.items()
            }
            producer.send_offsets_to_transaction(offsets, consumer.group_metadata())
            producer.commit_transaction()  # outputs and offsets: all or nothing
            # --8<-- [end:loop]
        raise SystemExit("the processor did not finish in 60 s")
    finally:
        consumer.close()
        producer.close()


def run(crash: bool) -> int:
    cmd = [sys.executable, __file__, "--work", "crash" if crash else "finish"]
    return subprocess.run(cmd, timeout=90, check=False).returncode


def check() -> None:
    """Read every topic back and assert what the page states."""
    status = read_all(STATUS)
    dead = read_all(DLQ)
    uncommitted = [read_all(t, "read_uncommitted") for t in (STATUS, DLQ)]
    everything = sum(len(records) for records in uncommitted)
    print(f"read_committed: {STATUS} {len(status)}, {DLQ} {len(dead)}")
    print(f"read_uncommitted: {everything} records, aborted ones included")
    assert len(status) + len(dead) == len(events()), "one output per input"
    assert everything == len(events()) + CRASH_AFTER, "the aborted copies are there"
    print("dead letters, with their reason:")
    for r in sorted(dead, key=lambda r: r.key):
        h = {k: v.decode() for k, v in r.headers}
        where = f"partition {h['source.partition']}, offset {h['source.offset']}"
        print(f"  {r.key.decode()} ({where}): {h['error.reason']}")
    sent: dict[str, list[str]] = defaultdict(list)
    for key, value in events():
        order, _ = validate(value)
        if order:
            sent[key].append(order["event"].upper())
    seen: dict[str, list[str]] = defaultdict(list)
    for r in status:  # sorted by partition, then offset
        seen[r.key.decode()].append(json.loads(r.value)["status"])
    assert seen == sent, f"per-order sequence differs: {seen} != {sent}"
    print(f"per order, status events in input order: {len(seen)} of {len(sent)}")
    print("  o-01: " + " -> ".join(seen["o-01"]))


def main() -> None:
    status = run(crash=True)
    assert status == -signal.SIGKILL, f"the first run should be killed: {status}"
    print(f"processor 1: killed with {CRASH_AFTER} records in an open transaction")
    assert run(crash=False) == 0
    print("processor 2: same transactional id, aborted that transaction, finished")
    check()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--work"]:
        work(crash=sys.argv[2] == "crash")
    else:
        main()
