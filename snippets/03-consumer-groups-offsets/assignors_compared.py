"""Range vs round-robin: the same two members, the same two topics, different assignments.

The range assignor works topic by topic: each topic's partitions are split into ranges, and the
first member gets the larger range of every topic. Round-robin deals all partitions of all
topics out one by one. The assignments printed are read from each group on the broker.
"""

from __future__ import annotations

import threading

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.coordinator.assignors.range import RangePartitionAssignor
from kafka.coordinator.assignors.roundrobin import RoundRobinPartitionAssignor

from kafkalab.course import bootstrap_servers, delete_groups, recreate_topics, settled_assignment

TOPICS = ["lesson03-clicks", "lesson03-views"]
GROUPS = {
    "lesson03-range": RangePartitionAssignor,
    "lesson03-roundrobin": RoundRobinPartitionAssignor,
}


class Member(threading.Thread):
    """One consumer of a group, using one assignor; it polls in its own thread until stopped."""

    def __init__(self, group_id: str, client_id: str, assignor: type) -> None:
        super().__init__(name=client_id)
        self.group_id, self.client_id, self.assignor = group_id, client_id, assignor
        self.stopping = threading.Event()

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap_servers(),
            group_id=self.group_id,
            client_id=self.client_id,
            partition_assignment_strategy=[self.assignor],
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe(TOPICS)
        for topic in TOPICS:
            # load each topic's metadata before the first join (see the page's note)
            consumer.partitions_for_topic(topic)
        try:
            while not self.stopping.is_set():
                consumer.poll(timeout_ms=200)
        finally:
            consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    members = [
        Member(group_id, f"{group_id}-{n}", assignor)
        for group_id, assignor in GROUPS.items()
        for n in (1, 2)
    ]
    try:
        recreate_topics(
            admin, [NewTopic(t, num_partitions=3, replication_factor=1) for t in TOPICS]
        )
        delete_groups(admin, GROUPS)
        for m in members:
            m.start()
        results = {g: settled_assignment(admin, g, 2, 3 * len(TOPICS)) for g in GROUPS}
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    sizes = {}
    for group_id, (assignor, owned) in results.items():
        print(f"group {group_id} (assignor: {assignor})")
        for client_id in sorted(owned):
            by_topic = {t: [p for tt, p in owned[client_id] if tt == t] for t in TOPICS}
            shown = "  ".join(f"{t} {ps}" for t, ps in by_topic.items())
            print(f"  {client_id}: {len(owned[client_id])} partitions: {shown}")
        sizes[assignor] = sorted(len(partitions) for partitions in owned.values())
    assert sizes["range"] == [2, 4], (
        "range: the first member gets the extra partition of each topic"
    )
    assert sizes["roundrobin"] == [3, 3], "round-robin: 6 partitions, 2 members, 3 each"


if __name__ == "__main__":
    main()
