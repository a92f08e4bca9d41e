"""One transaction, slowly: three records a second apart, then the commit.

After each send it asks the broker for the partition's two end offsets: the high
watermark (what read_uncommitted consumers may read up to) and the last stable offset
(what read_committed consumers may read up to). It also asks the transaction
coordinator for the transaction's state (the DescribeTransactions admin call).
"""

from __future__ import annotations

import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from topics import BOOTSTRAP

TOPIC = "lesson13-live"
TP = TopicPartition(TOPIC, 0)
TRANSACTIONAL_ID = "lesson13-live-tx"


def end_offset(consumer: KafkaConsumer) -> int:
    return consumer.end_offsets([TP])[TP]


def coordinator_view(admin: KafkaAdminClient) -> str:
    """The transaction's state as its coordinator keeps it in __transaction_state."""
    tx = admin.describe_transactions([TRANSACTIONAL_ID])[TRANSACTIONAL_ID]
    partitions = sorted(f"{tp.topic}-{tp.partition}" for tp in tx.topic_partitions)
    return f"coordinator {tx.coordinator_id}: {tx.state.value} {partitions}"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson13-admin")
    try:
        admin.create_topics([NewTopic(TOPIC, 1, 1)])  # tail_isolation.py did already
    except TopicAlreadyExistsError:
        pass
    committed = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, isolation_level="read_committed"
    )
    uncommitted = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, isolation_level="read_uncommitted"
    )
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, transactional_id=TRANSACTIONAL_ID
    )
    try:
        producer.init_transactions()
        first = end_offset(uncommitted)
        # --8<-- [start:slow]
        producer.begin_transaction()
        for step in range(1, 4):
            producer.send(TOPIC, f"step {step}".encode()).get(timeout=10)
            hw, lso = end_offset(uncommitted), end_offset(committed)
            print(f"sent step {step}, open: high watermark {hw}, LSO {lso}")
            assert (hw, lso) == (first + step, first), "the LSO waits"
            if step == 1:
                view = coordinator_view(admin)
                print(f"  {view}")
                assert "Ongoing" in view, view
            time.sleep(1)
        producer.commit_transaction()
        # --8<-- [end:slow]
        # commit_transaction() returns once the coordinator has logged the decision;
        # it writes the markers right after, so give them a moment to land.
        deadline = time.monotonic() + 15
        while end_offset(committed) == first and time.monotonic() < deadline:
            time.sleep(0.05)
        lso, hw = end_offset(committed), end_offset(uncommitted)
        print(f"committed:          high watermark {hw}, LSO {lso}")
        view = coordinator_view(admin)
        # once the markers are written, the coordinator logs CompleteCommit
        while "CompleteCommit" not in view and time.monotonic() < deadline:
            time.sleep(0.05)
            view = coordinator_view(admin)
        print(f"  {view}")
        assert "CompleteCommit" in view, view
        assert hw == lso == first + 4, "the commit marker took one offset"
    finally:
        admin.close()
        producer.close()
        committed.close()
        uncommitted.close()


if __name__ == "__main__":
    main()
