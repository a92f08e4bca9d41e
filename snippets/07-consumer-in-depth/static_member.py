"""Static membership: a restart within the session timeout causes no rebalance.

Two members with a `group_instance_id` share a two-partition topic. Member a stops (a
static member sends no LeaveGroup) and starts again 2 s later, well within its 10 s
session timeout. The generation the coordinator gives the members does not change,
member a gets its partition back, and member b, polling all along, sees no rebalance."""

from __future__ import annotations

import os
import threading
import time

from kafka import (
    ConsumerRebalanceListener,
    KafkaConsumer,
    KafkaProducer,
    TopicPartition,
)
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import (
    GroupIdNotFoundError,
    TopicAlreadyExistsError,
    UnknownTopicOrPartitionError,
)

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-static"
GROUP = "lesson07-static"


class Count(ConsumerRebalanceListener):
    def __init__(self) -> None:
        self.rebalances = 0

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        pass

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.rebalances += 1


def start_clean() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        # Static members of an earlier run stay in the group until their session
        # times out (10 s): wait for that, then delete the group.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            groups = {g["group_id"]: g for g in admin.list_groups()}
            if GROUP not in groups:
                break
            if groups[GROUP]["group_state"] == "Empty":
                try:
                    admin.delete_groups([GROUP])
                except GroupIdNotFoundError:
                    pass
            time.sleep(0.5)
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
        producer.send(TOPIC, b"warm-up")  # makes the topic's metadata available


class Member(threading.Thread):
    """One static member, polling in its own thread (a consumer is not thread-safe)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.rebalances = Count()
        self.stop = threading.Event()
        # --8<-- [start:member]
        self.consumer = KafkaConsumer(
            bootstrap_servers=BOOTSTRAP,
            group_id=GROUP,
            group_instance_id=f"lesson07-static-{name}",  # stable across restarts
            client_id=f"lesson07-static-{name}",
            session_timeout_ms=10000,  # a restart must come back within 10 s
            heartbeat_interval_ms=1000,
        )
        # --8<-- [end:member]
        self.consumer.subscribe([TOPIC], listener=self.rebalances)
        self.consumer.partitions_for_topic(TOPIC)
        self.generation = -1
        self.owned: list[int] = []
        self.start()

    def run(self) -> None:
        try:
            while not self.stop.is_set():
                self.consumer.poll(timeout_ms=100)
                meta = self.consumer.group_metadata()
                if meta.state == "<stable>":
                    self.generation = meta.generation_id
                    self.owned = sorted(p.partition for p in self.consumer.assignment())
        finally:
            self.consumer.close()  # a static member sends no LeaveGroup

    def close(self) -> None:
        self.stop.set()
        self.join()


def settle(members: list[Member], timeout_s: float = 20) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(m.owned for m in members) and len({m.generation for m in members}) == 1:
            return
        time.sleep(0.1)
    raise TimeoutError("the group did not settle")


def main() -> None:
    start_clean()
    a, b = Member("a"), Member("b")
    try:
        settle([a, b])
        generation, owned_by_a = b.generation, a.owned
        b_assignments = b.rebalances.rebalances
        print(f"generation {generation}: a owns {a.owned}, b owns {b.owned}")
        # --8<-- [start:restart]
        a.close()  # stop member a: no LeaveGroup, the coordinator keeps its place
        time.sleep(2)  # b keeps polling meanwhile
        a = Member("a")  # the same group_instance_id comes back
        settle([a, b])
        # --8<-- [end:restart]
        print(f"after a's restart: a in generation {a.generation}, b in {b.generation}")
        b_again = b.rebalances.rebalances - b_assignments
        print(f"a owns {a.owned} again; b's listener was called {b_again} times since")
        assert a.generation == b.generation == generation, "no rebalance"
        assert a.owned == owned_by_a and b_again == 0
    finally:
        a.close()
        b.close()


if __name__ == "__main__":
    main()
