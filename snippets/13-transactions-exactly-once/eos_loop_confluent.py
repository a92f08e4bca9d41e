"""The same billing worker with confluent-kafka: killed mid-batch, then restarted.

Without transactions the output topic ends up with duplicate invoices; with them, a
read_committed reader sees one invoice per order. The emails (a file outside Kafka)
are sent twice for the repeated batch either way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
INPUT = "lesson13-orders-confluent"
ORDERS = 20
CRASH_AT = 7
MODES = {"plain": "without transactions", "transactions": "with transactions"}


def send_email(ledger: Path, order: int) -> None:
    """The side effect outside Kafka: one line per email sent."""
    with ledger.open("a") as f:
        f.write(f"{order}\n")


def work(mode: str, crash_at: int) -> None:
    """The worker process: one batch of up to 5 orders at a time."""
    ledger = Path(f"/tmp/lesson13-emails-confluent-{mode}.txt")
    output = f"lesson13-invoices-confluent-{mode}"
    transactional = mode == "transactions"
    settings = {"bootstrap.servers": BOOTSTRAP, "enable.idempotence": True}
    if transactional:
        settings["transactional.id"] = "lesson13-billing-ck"
    producer = Producer(settings)
    if transactional:
        producer.init_transactions(10)
    consumer = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": f"lesson13-billing-confluent-{mode}",
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "isolation.level": "read_committed",  # librdkafka's default, made visible
            "session.timeout.ms": 6000,
        }
    )
    consumer.subscribe([INPUT])
    deadline = time.monotonic() + 60
    done = False
    while not done and time.monotonic() < deadline:
        batch = [m for m in consumer.consume(5, timeout=0.5) if m.error() is None]
        if not batch:
            continue
        # --8<-- [start:loop]
        if transactional:
            producer.begin_transaction()
        for msg in batch:
            producer.produce(output, msg.value().replace(b"order", b"invoice"))
            send_email(ledger, msg.offset())  # a side effect outside Kafka
            if msg.offset() == crash_at:
                producer.flush()
                os.kill(os.getpid(), signal.SIGKILL)
        last = batch[-1]
        offsets = [TopicPartition(last.topic(), last.partition(), last.offset() + 1)]
        if transactional:
            producer.send_offsets_to_transaction(
                offsets, consumer.consumer_group_metadata()
            )
            producer.commit_transaction()
        else:
            producer.flush()
            consumer.commit(offsets=offsets, asynchronous=False)
        # --8<-- [end:loop]
        done = last.offset() == ORDERS - 1
    consumer.close()
    producer.flush()


def recreate_topics(admin: AdminClient, topics: list[str]) -> None:
    """Delete the topics that exist, then create them all empty: 1 partition, RF 1."""
    existing = [t for t in topics if t in admin.list_topics(timeout=10).topics]
    for future in admin.delete_topics(existing).values() if existing else []:
        future.result()
    deadline = time.monotonic() + 30
    for topic in topics:
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(topic, 1, 1)])[topic].result()
                break
            except KafkaException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def start_clean() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    outputs = [f"lesson13-invoices-confluent-{mode}" for mode in MODES]
    recreate_topics(admin, [INPUT, *outputs])
    groups = [f"lesson13-billing-confluent-{mode}" for mode in MODES]
    for future in admin.delete_consumer_groups(groups).values():
        try:
            future.result()
        except KafkaException:
            pass  # the group does not exist yet
    for mode in MODES:
        Path(f"/tmp/lesson13-emails-confluent-{mode}.txt").unlink(missing_ok=True)
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for i in range(ORDERS):
        producer.produce(INPUT, f"order {i}".encode())
    producer.flush()


def read_invoices(topic: str) -> list[str]:
    """Every invoice a read_committed consumer reads from the output topic."""
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "lesson13-reader"})
    try:
        tp = TopicPartition(topic, 0, 0)
        consumer.assign([tp])
        end = consumer.get_watermark_offsets(tp, timeout=10)[1]
        values = []
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                values.append(msg.value().decode())
            elif consumer.position([tp])[0].offset >= end:
                break
        return values
    finally:
        consumer.close()


def run_worker(mode: str, crash_at: int) -> int:
    cmd = [sys.executable, __file__, "--worker", mode, str(crash_at)]
    return subprocess.run(cmd, timeout=90).returncode


def main() -> None:
    start_clean()
    for mode, label in MODES.items():
        status = run_worker(mode, crash_at=CRASH_AT)
        assert status == -signal.SIGKILL, f"the worker should die by SIGKILL: {status}"
        assert run_worker(mode, crash_at=-1) == 0  # restart, no crash this time
        invoices = read_invoices(f"lesson13-invoices-confluent-{mode}")
        counts = Counter(invoices)
        twice = sorted(int(v.split()[1]) for v, n in counts.items() if n > 1)
        emails = Path(f"/tmp/lesson13-emails-confluent-{mode}.txt").read_text().split()
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
