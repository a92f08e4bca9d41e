"""Lag that never drains: consumers slower than the producer, then enough of them.

A producer writes 60 records/s for 8 s, spread evenly over the topic's partitions. Each
consumer handles 25 records/s (40 ms per record) and commits after every batch. Lag (end
offset minus committed offset, summed over partitions) is measured at 3 s and at 7 s.

    python lag.py --partitions 1 --consumers 1   # one consumer: lag grows
    python lag.py --partitions 4 --consumers 5   # four busy consumers, one idle

With `--hold`, the consumers stay in the group until Ctrl-C (or 60 s), so that you can
look at the group with kafka-consumer-groups.sh.
"""

from __future__ import annotations

import argparse
import threading
import time

from common import BOOTSTRAP, fresh_topic
from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient

TOPIC = "lesson21-clicks-{}p"  # one topic per partition count, e.g. lesson21-clicks-4p
GROUP = "lesson21-lag"
RATE, SECONDS, HANDLE_S = 60, 8, 0.04


def consume(topic: str, n: int, stop: threading.Event, owned: dict[int, int]) -> None:
    """One group member: handle each record in 40 ms, commit after every batch."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id=f"lesson21-lag-c{n}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        max_poll_records=10,
    )
    try:
        # metadata first: kafka-python 3.0.12 can strand a member that joins and polls
        # at once (Lesson 3)
        consumer.partitions_for_topic(topic)
        while not stop.is_set():
            batch = consumer.poll(timeout_ms=200)
            for records in batch.values():
                time.sleep(HANDLE_S * len(records))  # the handler's work
            if batch:
                consumer.commit()
            owned[n] = len(consumer.assignment())  # partitions it owns now
    finally:
        consumer.close()


def lag(admin: KafkaAdminClient, topic: str, partitions: int) -> int:
    """End offsets minus the group's committed offsets, summed over the partitions."""
    tps = [TopicPartition(topic, p) for p in range(partitions)]
    committed = admin.list_group_offsets([GROUP])[GROUP]
    with KafkaConsumer(bootstrap_servers=BOOTSTRAP) as reader:
        ends = reader.end_offsets(tps)
    done = {tp: committed[tp].offset if tp in committed else 0 for tp in tps}
    return sum(ends[tp] - done[tp] for tp in tps)


def main() -> None:
    parser = argparse.ArgumentParser(description="lag that never drains, and the fix")
    parser.add_argument("--partitions", type=int, default=1)
    parser.add_argument("--consumers", type=int, default=1)
    parser.add_argument("--hold", action="store_true", help="stay in the group")
    args = parser.parse_args()
    topic = TOPIC.format(args.partitions)
    fresh_topic(topic, args.partitions, 3, groups=(GROUP,))

    stop, owned = threading.Event(), {}
    threads = [
        threading.Thread(target=consume, args=(topic, n, stop, owned))
        for n in range(1, args.consumers + 1)
    ]
    for n, t in enumerate(threads, 1):  # one at a time: each join is its own rebalance
        t.start()
        joined = time.monotonic() + 30
        while n <= args.partitions and not owned.get(n) and time.monotonic() < joined:
            time.sleep(0.1)  # until the new member owns a partition
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson21-admin")
    try:
        deadline = time.monotonic() + 60  # wait until every partition has its owner
        while (  # every member joined, and the partitions spread over them evenly
            len(owned) < args.consumers
            or sum(owned.values()) != args.partitions
            or (args.partitions <= args.consumers and max(owned.values()) != 1)
        ):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the group did not settle in 60 s: {owned}")
            time.sleep(0.2)
        # --8<-- [start:measure]
        producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, linger_ms=5)
        start, sent, measured = time.monotonic(), 0, []
        while (elapsed := time.monotonic() - start) < SECONDS:
            while sent < elapsed * RATE:  # 60 records/s, round robin
                producer.send(topic, b"click", partition=sent % args.partitions)
                sent += 1
            if len(measured) < 2 and elapsed >= (3, 7)[len(measured)]:
                producer.flush()
                measured.append(lag(admin, topic, args.partitions))
                at = (3, 7)[len(measured) - 1]
                print(f"lag after {at} s: {measured[-1]} records")
            time.sleep(0.01)
        while sent < SECONDS * RATE:  # the last few of the final tick
            producer.send(topic, b"click", partition=sent % args.partitions)
            sent += 1
        producer.close()
        # --8<-- [end:measure]
        if args.partitions == 1 and args.consumers == 1:
            assert measured[1] > measured[0], "lag was expected to grow"
            print(f"lag grew by {measured[1] - measured[0]} records in 4 s")
        else:
            deadline = time.monotonic() + 30
            while (
                lag(admin, topic, args.partitions) > 0 and time.monotonic() < deadline
            ):
                time.sleep(0.5)
            assert lag(admin, topic, args.partitions) == 0, "lag did not drain in 30 s"
            print(f"the producer stopped after {sent} records; lag drained to 0")
            counts = sorted(owned.values(), reverse=True)
            idle = counts.count(0)
            print(f"partitions per consumer: {counts}; idle consumers: {idle}")
            assert idle == max(0, args.consumers - args.partitions)
        if args.hold:
            print("consumers stay in the group: Ctrl-C to stop", flush=True)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        admin.close()
        stop.set()
        for t in threads:
            t.join(timeout=30)


if __name__ == "__main__":
    main()
