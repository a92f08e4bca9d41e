"""Zombie fencing: a producer with the same transactional.id fences the one before.

Producer "first" opens a transaction, writes a record and stalls (think: a long GC
pause, a network partition). A replacement, "second", starts with the same
transactional_id, opens a transaction and stalls too. A third replacement starts and
commits. Each init_transactions() bumps the producer epoch, and the coordinator aborts
the open transaction of the epoch before. When the stalled producers wake up, the
broker refuses both: their epoch is stale.
"""

from __future__ import annotations

from kafka import KafkaProducer
from kafka.errors import InvalidProducerEpochError, ProducerFencedError
from topics import BOOTSTRAP, read_partition, recreate_topic, wait_for_markers

TOPIC = "lesson13-fencing"
TRANSACTIONAL_ID = "lesson13-fencing-tx"


def transactional_producer() -> KafkaProducer:
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, transactional_id=TRANSACTIONAL_ID
    )
    producer.init_transactions()
    return producer


def main() -> None:
    recreate_topic(TOPIC)
    producers = [transactional_producer()]
    try:
        # --8<-- [start:fence]
        first = producers[0]
        first.begin_transaction()
        first.send(TOPIC, b"from the first producer").get(timeout=10)

        second = transactional_producer()  # same id: the first one is fenced
        producers.append(second)
        second.begin_transaction()
        second.send(TOPIC, b"from the second producer").get(timeout=10)

        third = transactional_producer()  # same id: the second one is fenced
        producers.append(third)
        third.begin_transaction()
        third.send(TOPIC, b"from the third producer")
        third.commit_transaction()

        errors = []
        try:
            first.commit_transaction()  # a zombie tries to commit
        except ProducerFencedError as e:
            errors.append(f"first.commit_transaction(): {type(e).__name__}")
        try:
            second.send(TOPIC, b"again").get(timeout=10)  # a zombie sends
        except InvalidProducerEpochError as e:
            errors.append(f"second.send():              {type(e).__name__}")
        # --8<-- [end:fence]
        for line in errors:
            print(line)
    finally:
        for producer in producers:
            producer.close(timeout=5)
    wait_for_markers(TOPIC)  # the commit's marker lands just after commit returns
    committed, _ = read_partition(TOPIC, "read_committed")
    values = [r.value.decode() for r in committed]
    print(f"read_committed reads: {values}")
    assert len(errors) == 2, "both zombies must be refused"
    assert values == ["from the third producer"], values


if __name__ == "__main__":
    main()
