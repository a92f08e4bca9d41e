"""Challenge 3 solution: three consumers in one group share six partitions, two each.

Starts three consumers (threads) in the group `lesson05-billing`, reads the assignment from the
group coordinator, lets them read everything and commit, then computes the group's lag.
"""

import threading
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from kafkalab.course import bootstrap_servers, delete_groups, settled_assignment

TOPIC = "lesson05-orders"
GROUP = "lesson05-billing"
MEMBERS = 3


def run_member(name: str, stop: threading.Event, counts: dict[str, int]) -> None:
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=bootstrap_servers(),
        group_id=GROUP,
        client_id=name,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    # Load the topic's metadata before the first poll, so the member joins the group once
    # (see the note in Lesson 3, Step 1).
    consumer.partitions_for_topic(TOPIC)
    try:
        while not stop.is_set():
            batches = consumer.poll(timeout_ms=200)
            counts[name] += sum(len(b) for b in batches.values())
            if batches:
                consumer.commit()  # at-least-once: commit after the records are processed
    finally:
        consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson05-admin")
    stop = threading.Event()
    counts = {f"billing-{i}": 0 for i in range(1, MEMBERS + 1)}
    threads = [threading.Thread(target=run_member, args=(n, stop, counts)) for n in counts]
    try:
        delete_groups(admin, [GROUP])
        for t in threads:
            t.start()
        _, assigned = settled_assignment(admin, GROUP, MEMBERS, partitions=6, timeout_s=30)
        assignment = {client: [p for _, p in tps] for client, tps in assigned.items()}
        for name in sorted(assignment):
            print(f"{name} owns partitions {assignment[name]}")
        owned = sorted(p for parts in assignment.values() for p in parts)
        assert owned == list(range(6)), "each partition has exactly one owner"
        assert all(len(parts) == 2 for parts in assignment.values())

        partitions = [TopicPartition(TOPIC, p) for p in range(6)]
        consumer = KafkaConsumer(bootstrap_servers=bootstrap_servers())
        end = consumer.end_offsets(partitions)
        consumer.close()
        deadline = time.monotonic() + 20
        while True:  # wait until the group has committed up to the end of every partition
            committed = admin.list_group_offsets({GROUP: None})[GROUP]
            lag = {
                tp.partition: end[tp] - committed[tp].offset for tp in partitions if tp in committed
            }
            if len(lag) == 6 and sum(lag.values()) == 0:
                break
            assert time.monotonic() < deadline, f"lag did not drain: {lag}"
            time.sleep(0.3)
        print(f"records read: {sum(counts.values())}; lag per partition: {lag}")
    finally:
        stop.set()
        for t in threads:
            t.join()
        admin.close()


if __name__ == "__main__":
    main()
