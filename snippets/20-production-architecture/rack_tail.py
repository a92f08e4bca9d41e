"""A consumer that names its rack, and the broker it really fetches from.

It reads partition 0 of `lesson20-nearby`, whose leader is broker 1 (rack-a) and whose
follower is broker 3 (rack-b), with `client.rack` set to the rack you give. librdkafka's
statistics report, per partition, the leader and the broker the consumer fetches from.

    python rack_tail.py rack-b            # wait for the next 50 records
    python rack_tail.py rack-a --replay   # read the last 50 records again
    python rack_tail.py "" --replay       # no client.rack at all
"""

from __future__ import annotations

import json
import os
import sys
import time

from confluent_kafka import Consumer, KafkaError, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

BOOTSTRAP = os.environ.get(
    "KAFKA_RACKS_BOOTSTRAP_SERVERS", "localhost:14092,localhost:15092,localhost:16092"
)
TOPIC = "lesson20-nearby"
COUNT = 50


def ensure_topic() -> None:
    """Create the topic with its leader on broker 1 and its follower on broker 3."""
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    if TOPIC not in admin.list_topics(timeout=10).topics:
        new = NewTopic(TOPIC, num_partitions=1, replica_assignment=[[1, 3]])
        try:
            admin.create_topics([new])[TOPIC].result()
        except KafkaException as exc:  # created meanwhile by another run
            if "already exists" not in str(exc):
                raise


def watermarks(consumer: Consumer, tp: TopicPartition) -> tuple[int, int]:
    """The low and high offsets; a topic created a moment ago may not be known yet."""
    deadline = time.monotonic() + 15
    while True:
        try:
            return consumer.get_watermark_offsets(tp, timeout=10)
        except KafkaException as exc:
            code = exc.args[0].code()
            if code != KafkaError._UNKNOWN_PARTITION or time.monotonic() > deadline:
                raise
            time.sleep(0.5)  # the broker asked has not applied the new topic yet


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit('usage: rack_tail.py RACK [--replay]   (RACK may be "")')
    rack, replay = sys.argv[1], "--replay" in sys.argv[2:]
    ensure_topic()
    stats: list[dict] = []
    # --8<-- [start:consumer]
    consumer = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "lesson20-nearby",  # only for the client's bookkeeping
            "enable.auto.commit": False,
            "client.rack": rack,  # "" means: no rack, always the leader
            "statistics.interval.ms": 500,
            "stats_cb": lambda raw: stats.append(json.loads(raw)),
        }
    )
    # --8<-- [end:consumer]
    try:
        tp = TopicPartition(TOPIC, 0)
        low, high = watermarks(consumer, tp)
        tp.offset = max(low, high - COUNT) if replay else high
        consumer.assign([tp])
        print(f"reading {TOPIC}-0 with client.rack={rack!r}", flush=True)
        got, deadline = 0, time.monotonic() + 60
        while got < COUNT and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                got += 1
        stats.clear()
        while not stats and time.monotonic() < deadline + 5:
            consumer.poll(0.2)  # one more statistics report, after the reads
        # --8<-- [start:stats]
        part = stats[-1]["topics"][TOPIC]["partitions"]["0"]
        print(f"read {got} records; leader: broker {part['leader']}, "
              f"fetched from: broker {part['broker']}")  # fmt: skip
        # --8<-- [end:stats]
        assert got == COUNT, f"read {got} of {COUNT} records within 60 s"
        expected = 3 if rack == "rack-b" else 1
        assert part["broker"] == expected, f"expected broker {expected}"
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
