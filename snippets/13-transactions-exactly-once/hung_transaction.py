"""A hung transaction: read_committed consumers wait until transaction.timeout.ms.

A transactional producer with transaction_timeout_ms=3000 opens a transaction, writes
one record, and then never commits (as if it hung). A plain producer writes three
records after it. The last stable offset stays at the open transaction's first
offset, so read_committed consumers cannot read even the plain records, until the
coordinator aborts the transaction for timing out.
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError
from topics import BOOTSTRAP, read_partition, recreate_topic

TOPIC = "lesson13-hung"
TP = TopicPartition(TOPIC, 0)


def main() -> None:
    recreate_topic(TOPIC)
    hung = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        transactional_id="lesson13-hung-tx",
        transaction_timeout_ms=3000,  # default 60000
    )
    committed = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, isolation_level="read_committed"
    )
    try:
        hung.init_transactions()
        hung.begin_transaction()
        hung.send(TOPIC, b"in the hung transaction").get(timeout=10)
        started = time.monotonic()
        with KafkaProducer(bootstrap_servers=BOOTSTRAP) as plain:
            for i in range(3):
                plain.send(TOPIC, f"plain {i}".encode()).get(timeout=10)
        lso = committed.end_offsets([TP])[TP]
        print(f"transaction open: LSO {lso}; read_committed reads nothing past it")
        assert lso == 0
        while lso == 0 and time.monotonic() - started < 30:
            time.sleep(0.2)
            lso = committed.end_offsets([TP])[TP]
        waited = time.monotonic() - started
        print(f"after {waited:.0f} s the coordinator aborted it: LSO {lso}")
        assert 3 <= waited < 30 and lso == 5, (waited, lso)
        try:
            hung.commit_transaction()
            raise AssertionError("a timed-out transaction cannot commit")
        except KafkaError as e:
            print(f"the hung producer's commit: {type(e).__name__}")
    finally:
        hung.close(timeout=5)
        committed.close()
    values = [r.value.decode() for r in read_partition(TOPIC, "read_committed")[0]]
    print(f"read_committed reads: {values}")
    assert values == ["plain 0", "plain 1", "plain 2"], values


if __name__ == "__main__":
    main()
