"""A fenced producer: two producer instances share one transactional.id.

The second instance's init_transactions() bumps the id's epoch and aborts the first
one's open transaction. The first instance is now a "zombie": its next request is
refused with PRODUCER_FENCED. Run it with `--fixed` for one transactional.id per
instance: both commit.
"""

from __future__ import annotations

import sys
import time

from common import BOOTSTRAP, fresh_topic
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError, ProducerFencedError

TOPIC = "lesson21-ledger"


def producer(transactional_id: str, instance: int) -> KafkaProducer:
    """Start a transactional producer and print the epoch its coordinator gave it."""
    p = KafkaProducer(bootstrap_servers=BOOTSTRAP, transactional_id=transactional_id)
    p.init_transactions()
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson21-admin")
    try:  # what kafka-transactions.sh describe shows
        tx = admin.describe_transactions([transactional_id])[transactional_id]
    finally:
        admin.close()
    print(
        f"instance {instance}: {transactional_id}, producer id {tx.producer_id},"
        f" epoch {tx.producer_epoch}"
    )
    return p


def committed_records() -> int:
    """The records a read_committed reader gets, from the start to the end."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, isolation_level="read_committed"
    )
    tp = TopicPartition(TOPIC, 0)
    try:
        consumer.assign([tp])
        consumer.seek_to_beginning()
        end = consumer.end_offsets([tp])[tp]  # read_committed: the last stable offset
        count, deadline = 0, time.monotonic() + 30
        while consumer.position(tp) < end:  # aborted records and markers are skipped
            if time.monotonic() > deadline:
                raise TimeoutError(f"could not read {TOPIC} to its end in 30 s")
            count += sum(map(len, consumer.poll(timeout_ms=500).values()))
        return count
    finally:
        consumer.close()


def main() -> None:
    fixed = sys.argv[1:] == ["--fixed"]
    fresh_topic(TOPIC, partitions=1, replicas=3)
    # --8<-- [start:ids]
    if fixed:  # one id per instance, stable across its restarts
        ids = ["lesson21-ledger-tx-instance-1", "lesson21-ledger-tx-instance-2"]
    else:  # the bug: every instance reads the same id from shared config
        ids = ["lesson21-ledger-tx", "lesson21-ledger-tx"]
    first = producer(ids[0], 1)
    second: KafkaProducer | None = None
    try:
        first.begin_transaction()
        first.send(TOPIC, b"from instance 1")
        first.flush()  # the record is in the log, its transaction still open
        second = producer(ids[1], 2)  # the second instance starts
        second.begin_transaction()
        second.send(TOPIC, b"from instance 2")
        second.commit_transaction()
        print("instance 2: committed")
        try:
            first.commit_transaction()
            print("instance 1: committed")
        except KafkaError as exc:
            print(f"instance 1: commit failed, {type(exc).__name__}")
            assert isinstance(exc, ProducerFencedError), f"not fenced: {exc!r}"
        # --8<-- [end:ids]
    finally:
        first.close()
        if second is not None:
            second.close()
    count = committed_records()
    print(f"committed records in {TOPIC}: {count}")
    assert count == (2 if fixed else 1)


if __name__ == "__main__":
    main()
