"""Three offsets of one partition: log-end offset, high watermark, last stable offset.

The script writes two records normally, then opens a transaction and writes two more
without committing. It asks the broker (ListOffsets) for the "latest" offset twice: as a
read_uncommitted reader sees it (the high watermark) and as a read_committed reader sees
it (the last stable offset). Then it commits and asks again.
"""

import os
import time

from kafka import IsolationLevel, KafkaProducer, OffsetSpec, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TP = TopicPartition("lesson08-payments", 0)


def recreate(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if an earlier run left it, then create it (retrying while the
    deletion completes: it is asynchronous)."""
    try:
        admin.delete_topics([topic.name])
    except UnknownTopicOrPartitionError:
        pass
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic.name])


def latest(admin: KafkaAdminClient) -> tuple[int, int]:
    """(high watermark, last stable offset) of the partition."""
    hw = admin.list_partition_offsets({TP: OffsetSpec.LATEST})[TP].offset
    lso = admin.list_partition_offsets(
        {TP: OffsetSpec.LATEST}, isolation_level=IsolationLevel.READ_COMMITTED
    )[TP].offset
    return hw, lso


def show(label: str, hw: int, lso: int) -> None:
    print(f"{label:<24} high watermark {hw}  last stable {lso}")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-admin")
    plain = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson08-plain")
    txn = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson08-txn",
        transactional_id="lesson08-payments-txn",
    )
    try:
        recreate(admin, NewTopic(TP.topic, 1, 1))
        # --8<-- [start:offsets]
        plain.send(TP.topic, b"payment 1").get(timeout=10)
        plain.send(TP.topic, b"payment 2").get(timeout=10)
        hw, lso = latest(admin)
        show("2 records written:", hw, lso)

        txn.init_transactions()
        txn.begin_transaction()
        txn.send(TP.topic, b"payment 3 (in a transaction)")
        txn.send(TP.topic, b"payment 4 (in a transaction)")
        txn.flush()  # written to the log, not committed yet
        hw_open, lso_open = latest(admin)
        show("2 more, txn still open:", hw_open, lso_open)

        txn.commit_transaction()
        # The coordinator then writes a commit marker into the partition (it takes an
        # offset); the last stable offset moves once the marker is there. The two
        # offsets come from two requests, so wait until both have seen the marker.
        deadline = time.monotonic() + 10
        hw_done, lso_done = latest(admin)
        settled = False
        while not settled and time.monotonic() < deadline:
            time.sleep(0.1)
            hw_done, lso_done = latest(admin)
            settled = lso_done != lso_open and hw_done == lso_done
        show("transaction committed:", hw_done, lso_done)
        # --8<-- [end:offsets]
        assert hw == lso == 2, (hw, lso)
        assert hw_open == 4 and lso_open == 2, (hw_open, lso_open)
        assert hw_done == lso_done == 5, (hw_done, lso_done)
    finally:
        txn.close()
        plain.close()
        admin.close()


if __name__ == "__main__":
    main()
