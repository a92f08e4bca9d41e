"""Three consumers in one group share a six-partition topic: every partition has one owner.

The assignment printed is read from the group itself (the coordinator's DescribeGroups answer),
not from the consumers. Then 60 records are produced, and each member receives exactly the
records of the partitions it owns.
"""

from __future__ import annotations

import threading
import time
from collections import Counter

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic

from kafkalab.course import bootstrap_servers, delete_groups, recreate_topics

TOPIC = "lesson03-orders"
PARTITIONS = 6
GROUP = "lesson03-billing"
MEMBERS = ["lesson03-billing-1", "lesson03-billing-2", "lesson03-billing-3"]
RECORDS = 60


class Member(threading.Thread):
    """One consumer of the group. It polls in its own thread until told to stop."""

    def __init__(self, client_id: str) -> None:
        super().__init__(name=client_id)
        self.client_id = client_id
        self.read: list[tuple[int, int]] = []  # (partition, offset) of every record received
        self.stopping = threading.Event()

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap_servers(),
            group_id=GROUP,
            client_id=self.client_id,
            auto_offset_reset="earliest",
            session_timeout_ms=6000,  # the broker's minimum (group.min.session.timeout.ms)
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe([TOPIC])
        # load the topic's metadata before the first join (see the page's note)
        consumer.partitions_for_topic(TOPIC)
        try:
            while not self.stopping.is_set():
                for batch in consumer.poll(timeout_ms=200).values():
                    self.read.extend((r.partition, r.offset) for r in batch)
        finally:
            consumer.close()  # commits, then leaves the group at once


def settled_assignment(admin: KafkaAdminClient, members: int) -> tuple[str, dict[str, list[int]]]:
    """Wait until the group is Stable with all members and partitions; return what it reports.

    Returns the assignor the group chose and each member's partitions, keyed by client id.
    """
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        group = admin.describe_groups([GROUP])[GROUP]
        if group["group_state"] == "Stable" and len(group["members"]) == members:
            owned = {}
            for m in group["members"]:
                topics = m["member_assignment"]["assigned_partitions"]
                owned[m["client_id"]] = sorted(p for t in topics for p in t["partitions"])
            if sum(len(partitions) for partitions in owned.values()) == PARTITIONS:
                return group["protocol_data"], owned
        time.sleep(0.2)  # joining, or the members' metadata does not list the topic yet
    raise TimeoutError(f"group {GROUP} did not settle with {members} members")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    members = [Member(name) for name in MEMBERS]
    try:
        recreate_topics(admin, [NewTopic(TOPIC, num_partitions=PARTITIONS, replication_factor=1)])
        delete_groups(admin, [GROUP])
        for m in members:
            m.start()

        assignor, owned = settled_assignment(admin, len(members))
        print(f"group {GROUP} is Stable with {len(owned)} members (assignor: {assignor})")
        for client_id in sorted(owned):
            print(f"  {client_id} owns partitions {owned[client_id]}")
        owners = Counter(p for partitions in owned.values() for p in partitions)
        assert sorted(owners) == list(range(PARTITIONS)), "every partition must be assigned"
        assert set(owners.values()) == {1}, "a partition must have exactly one owner"
        print(f"each of the {PARTITIONS} partitions has exactly one owner")

        producer = KafkaProducer(
            bootstrap_servers=bootstrap_servers(), key_serializer=DefaultSerializer()
        )
        try:
            for i in range(RECORDS):
                producer.send(TOPIC, key=f"customer-{i}", value=b"order")
            producer.flush()
        finally:
            producer.close()
        print(f"produced {RECORDS} records")

        deadline = time.monotonic() + 10
        while sum(len(m.read) for m in members) < RECORDS and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    everything = [record for m in members for record in m.read]
    for m in members:
        partitions = sorted({partition for partition, _ in m.read})
        print(f"  {m.client_id} read {len(m.read)} records, from partitions {partitions}")
        assert set(partitions) <= set(owned[m.client_id]), "a member reads only what it owns"
    assert len(everything) == len(set(everything)) == RECORDS, "each record read exactly once"
    print(f"together they read {len(everything)} records, each exactly once")


if __name__ == "__main__":
    main()
