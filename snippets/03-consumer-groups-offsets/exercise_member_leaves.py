"""Exercise 2 solution: when a member leaves, the survivors take over its partitions.

A member that closes cleanly sends LeaveGroup, so the coordinator rebalances at once. (A member
that crashes sends nothing: the coordinator waits for session.timeout.ms, 45 s by default,
before it gives its partitions away.)
"""

from __future__ import annotations

import threading
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient

from kafkalab.course import bootstrap_servers, delete_groups, settled_assignment

TOPIC = "lesson03-orders"
PARTITIONS = 6
GROUP = "lesson03-failover"
MEMBERS = ["lesson03-failover-1", "lesson03-failover-2", "lesson03-failover-3"]


class Member(threading.Thread):
    """One consumer of the group. It polls in its own thread until told to stop."""

    def __init__(self, client_id: str) -> None:
        super().__init__(name=client_id)
        self.client_id = client_id
        self.stopping = threading.Event()

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap_servers(),
            group_id=GROUP,
            client_id=self.client_id,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe([TOPIC])
        # load the topic's metadata before the first join (see the page's note)
        consumer.partitions_for_topic(TOPIC)
        try:
            while not self.stopping.is_set():
                consumer.poll(timeout_ms=200)
        finally:
            consumer.close()  # sends LeaveGroup


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    members = [Member(name) for name in MEMBERS]
    try:
        delete_groups(admin, [GROUP])
        for m in members:
            m.start()
        _, assigned = settled_assignment(admin, GROUP, 3, PARTITIONS)
        before = {client: [p for _, p in tps] for client, tps in assigned.items()}
        leaver = members[-1]
        leaver.stopping.set()
        leaver.join()
        started = time.monotonic()
        _, assigned = settled_assignment(admin, GROUP, 2, PARTITIONS)
        after = {client: [p for _, p in tps] for client, tps in assigned.items()}
        took = time.monotonic() - started
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    print(f"before: {dict(sorted(before.items()))}")
    print(f"{leaver.client_id} closed and left the group")
    print(f"after:  {dict(sorted(after.items()))}")
    assert sorted(p for ps in after.values() for p in ps) == list(range(PARTITIONS))
    print(f"the two survivors own all {PARTITIONS} partitions")
    assert took < 6, "a clean leave rebalances at once, without waiting for the session timeout"
    print("the group settled in less than the 6 s session timeout")


if __name__ == "__main__":
    main()
