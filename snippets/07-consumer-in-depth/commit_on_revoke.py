"""A rebalance listener that commits in on_partitions_revoked: nothing is read twice.

Member a reads all 20 records of a two-partition topic and commits nothing yet (say it
commits every 100 records). Then member b joins. Before the rebalance takes partitions
from a, a's listener runs; committing there hands b exact positions. The run is repeated
with a listener that does not commit: b then reads again what a had processed.
"""

from __future__ import annotations

import os
import threading
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.subscription_state import AsyncConsumerRebalanceListener
from kafka.errors import (
    GroupIdNotFoundError,
    IllegalStateError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-orders"
RECORDS = 20


# --8<-- [start:listener]
class CommitOnRevoke(AsyncConsumerRebalanceListener):
    """kafka-python runs listeners on its IO thread: a blocking commit() there raises
    RuntimeError, so the listener is async and awaits commit_async() instead."""

    def __init__(self, consumer: KafkaConsumer, commit: bool) -> None:
        self.consumer, self.commit = consumer, commit

    async def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        if revoked and self.commit:
            await self.consumer.commit_async()  # positions of all records processed

    async def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        pass
        # --8<-- [end:listener]


class Member(threading.Thread):
    """A member polling in its own thread; it records each (partition, offset) read."""

    def __init__(self, group: str, name: str, commit: bool, seen: list) -> None:
        super().__init__()
        self.seen, self.stop = seen, threading.Event()
        self.at_end = False  # set by its own thread: it has read all it owns
        self.consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            group_id=group,
            client_id=f"{group}-{name}",
            auto_offset_reset="earliest",
            enable_auto_commit=False,  # commits only every 100 records, or on revoke
            session_timeout_ms=6000,
        )
        listener = CommitOnRevoke(self.consumer, commit)
        self.consumer.subscribe([TOPIC], listener=listener)
        self.consumer.partitions_for_topic(TOPIC)
        self.start()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                for records in self.consumer.poll(timeout_ms=100).values():
                    self.seen.extend((r.partition, r.offset) for r in records)
                self.at_end = self.read_to_end()
        finally:
            self.consumer.close(autocommit=False)

    def read_to_end(self) -> bool:
        """Whether it owns partitions and its position is at the end of each."""
        try:
            owned = self.consumer.assignment()
            return bool(owned) and all(
                self.consumer.position(tp) == self.consumer.highwater(tp)
                for tp in owned
            )
        except (IllegalStateError, KeyError):  # a rebalance took a partition meanwhile
            return False

    def close(self) -> None:
        self.stop.set()
        self.join()


def wait_for(condition, timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("timed out")
        time.sleep(0.1)


def run(group: str, commit: bool) -> list:
    seen: list = []
    a = Member(group, "a", commit, seen)
    b = None
    try:
        wait_for(lambda: len(seen) == RECORDS)  # a has processed all 20
        b = Member(group, "b", commit, seen)  # b joins: a rebalance
        owned = lambda m: len(m.consumer.assignment())  # noqa: E731
        wait_for(lambda: owned(a) == owned(b) == 1)  # the rebalance is over
        wait_for(lambda: b.at_end)  # b has read whatever it is going to read
    finally:
        a.close()
        if b:
            b.close()
    return seen


def start_clean(groups: list[str]) -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        existing = {g["group_id"] for g in admin.list_groups()} & set(groups)
        if existing:
            try:
                admin.delete_groups(sorted(existing))
            except GroupIdNotFoundError:
                pass
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(TOPIC, 2, 1)])
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(RECORDS):
            producer.send(TOPIC, f"order {i}".encode(), partition=i % 2)


def main() -> None:
    groups = {True: "lesson07-revoke-commit", False: "lesson07-revoke-nocommit"}
    start_clean(list(groups.values()))
    for commit, group in groups.items():
        seen = run(group, commit)
        twice = len(seen) - len(set(seen))
        label = "commits on revoke:" if commit else "does not commit:"
        print(f"listener {label:18} {len(seen)} reads, {twice} of them repeats")
        assert twice == (0 if commit else RECORDS // 2)


if __name__ == "__main__":
    main()
