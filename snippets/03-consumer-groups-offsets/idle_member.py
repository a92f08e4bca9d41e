"""Four consumers in one group, three partitions: one consumer gets no partition and sits idle.

A partition has at most one owner inside a group, so a group can use at most as many
consumers as its topics have partitions. The spare member is a hot standby, not extra capacity.
"""

from __future__ import annotations

import threading

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic

from kafkalab.course import bootstrap_servers, delete_groups, recreate_topics, settled_assignment

TOPIC = "lesson03-invoices"
PARTITIONS = 3
GROUP = "lesson03-invoicing"
MEMBERS = [f"lesson03-invoicing-{n}" for n in (1, 2, 3, 4)]


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
            consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    members = [Member(name) for name in MEMBERS]
    try:
        recreate_topics(admin, [NewTopic(TOPIC, num_partitions=PARTITIONS, replication_factor=1)])
        delete_groups(admin, [GROUP])
        for m in members:
            m.start()
        _, assigned = settled_assignment(admin, GROUP, len(members), PARTITIONS)
        owned = {client: [p for _, p in tps] for client, tps in assigned.items()}
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    print(f"{len(owned)} members, {PARTITIONS} partitions:")
    for client_id in sorted(owned):
        print(f"  {client_id} owns partitions {owned[client_id]}")
    idle = [client_id for client_id, partitions in owned.items() if not partitions]
    assert len(idle) == len(MEMBERS) - PARTITIONS, "one member more than partitions: one idle"
    print(f"idle members: {idle}")


if __name__ == "__main__":
    main()
