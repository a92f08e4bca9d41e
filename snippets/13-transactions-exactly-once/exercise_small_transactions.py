"""Exercise 1: ten records in ten transactions, or in one.

Each transaction ends with one marker per partition it wrote to, and each marker takes
an offset. The script writes ten records as ten transactions to one topic, and as a
single transaction to another, then compares end offsets and what read_committed reads.
"""

from __future__ import annotations

import time

from kafka import KafkaProducer
from topics import BOOTSTRAP, read_partition, recreate_topic, wait_for_markers


def write(topic: str, per_transaction: int) -> float:
    """Write 10 records, `per_transaction` at a time; return the seconds it took."""
    recreate_topic(topic)
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, transactional_id=f"{topic}-tx"
    )
    try:
        producer.init_transactions()
        started = time.monotonic()
        for first in range(0, 10, per_transaction):
            producer.begin_transaction()
            for i in range(first, first + per_transaction):
                producer.send(topic, f"record {i}".encode())
            producer.commit_transaction()
        return time.monotonic() - started
    finally:
        producer.close()


def main() -> None:
    ends = {}
    for topic, per_transaction, label in (
        ("lesson13-small-transactions", 1, "10 transactions of 1 record:"),
        ("lesson13-one-transaction", 10, "1 transaction of 10 records:"),
    ):
        seconds = write(topic, per_transaction)
        wait_for_markers(topic)  # the last commit's marker lands a moment later
        records, end = read_partition(topic, "read_committed")
        ends[per_transaction] = end
        print(
            f"{label:29} end offset {end}, "
            f"read_committed reads {len(records)}, {seconds:.2f} s"
        )
        assert len(records) == 10
    assert ends == {1: 20, 10: 11}, ends


if __name__ == "__main__":
    main()
