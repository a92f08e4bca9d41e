"""Exercise 2: an open transaction holds back a plain producer's record too.

A transactional producer opens a transaction and writes one record. A plain
(non-transactional) producer then writes one record to the same partition. Before
the commit, read_committed reads nothing at all; after it, both records.
"""

from __future__ import annotations

import time

from kafka import KafkaProducer
from topics import BOOTSTRAP, read_partition, recreate_topic

TOPIC = "lesson13-open-blocks"


def committed_values() -> list[str]:
    return [r.value.decode() for r in read_partition(TOPIC, "read_committed")[0]]


def main() -> None:
    recreate_topic(TOPIC)
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, transactional_id="lesson13-open-blocks-tx"
    )
    try:
        producer.init_transactions()
        producer.begin_transaction()
        producer.send(TOPIC, b"transactional").get(timeout=10)
        with KafkaProducer(bootstrap_servers=BOOTSTRAP) as plain:
            plain.send(TOPIC, b"plain").get(timeout=10)
        before = committed_values()
        print(f"before the commit, read_committed reads: {before}")
        producer.commit_transaction()
    finally:
        producer.close()
    deadline = time.monotonic() + 15
    after = committed_values()
    while len(after) < 2 and time.monotonic() < deadline:  # markers land just after
        time.sleep(0.1)
        after = committed_values()
    print(f"after the commit,  read_committed reads: {after}")
    assert before == [] and after == ["transactional", "plain"], (before, after)


if __name__ == "__main__":
    main()
