"""Three transactions, one aborted: what read_committed and read_uncommitted see.

A transactional producer commits two payments, aborts a third, and commits a fourth.
Then two consumers read the partition from the start, one with
isolation_level="read_committed", one with "read_uncommitted" (kafka-python's default).
The offsets they read show the aborted record, and the offsets no consumer reads: the
transaction markers (control records), one per transaction.
"""

from __future__ import annotations

from kafka import KafkaProducer
from topics import BOOTSTRAP, read_partition, recreate_topic, wait_for_markers

TOPIC = "lesson13-payments"


def main() -> None:
    recreate_topic(TOPIC)
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        transactional_id="lesson13-payments-tx",  # stable across restarts
    )
    try:
        producer.init_transactions()  # register with the transaction coordinator
        # --8<-- [start:transactions]
        producer.begin_transaction()
        producer.send(TOPIC, b"payment 1")
        producer.send(TOPIC, b"payment 2")
        producer.commit_transaction()  # both become visible, together

        producer.begin_transaction()
        producer.send(TOPIC, b"payment 3 (aborted)")
        producer.flush()  # the record is in the partition's log now...
        producer.abort_transaction()  # ...and an abort marker follows it

        producer.begin_transaction()
        producer.send(TOPIC, b"payment 4")
        producer.commit_transaction()
        # --8<-- [end:transactions]
    finally:
        producer.close()

    wait_for_markers(TOPIC)  # the last commit's marker lands just after commit returns
    committed, end = read_partition(TOPIC, "read_committed")
    everything, end_uncommitted = read_partition(TOPIC, "read_uncommitted")
    seen_committed = [r.offset for r in committed]
    seen_all = [r.offset for r in everything]
    print(f"read_committed   reads offsets {seen_committed}")
    print(f"read_uncommitted reads offsets {seen_all}")
    aborted = [r for r in everything if r.offset not in seen_committed]
    for r in aborted:
        print(f"  only read_uncommitted sees offset {r.offset}: {r.value.decode()}")
    markers = sorted(set(range(end)) - set(seen_all))
    print(f"end offset {end}; offsets no consumer reads (the markers): {markers}")

    assert [r.value for r in aborted] == [b"payment 3 (aborted)"], aborted
    assert b"payment 3 (aborted)" not in [r.value for r in committed]
    assert len(committed) == 3 and len(everything) == 4
    assert end == end_uncommitted, "no transaction is open: LSO = high watermark"
    assert len(markers) == 3, "one marker per transaction, each takes an offset"


if __name__ == "__main__":
    main()
