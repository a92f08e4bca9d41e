"""Measure one partition's throughput on your lab: produce, then consume, for seconds.

It writes up to 20,000 records of 1 KiB with acks=all to a fresh one-partition
topic with three replicas, for at most 5 seconds, then reads them back from the
start. It prints the megabytes per second it observed and saves them to a JSON
file that `sizing.py` reads. The figures are this machine's: a laptop, a shared
lab, one Python process. They are an input to the method, not a production number.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson20-measure"
RECORD = b"x" * 1024
SECONDS = 5.0
MAX_RECORDS = 20_000
RESULT = os.path.join(tempfile.gettempdir(), "lesson20-measured.json")


def recreate(admin: AdminClient, replicas: int) -> None:
    """Delete the topic if it exists, then create it with one partition."""
    if TOPIC in admin.list_topics(timeout=10).topics:
        admin.delete_topics([TOPIC])[TOPIC].result()
    deadline = time.monotonic() + 30
    while True:  # deletion is asynchronous: retry the create until it works
        try:
            admin.create_topics([NewTopic(TOPIC, 1, replicas)])[TOPIC].result()
            return
        except KafkaException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def produce() -> tuple[int, float]:
    """Send records for SECONDS, wait for every ack; return (count, seconds)."""
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "acks": "all", "linger.ms": 5,
                         # a short local queue: the loop runs at the cluster's pace
                         "queue.buffering.max.messages": 5000,
                         "client.id": "lesson20-measure"})  # fmt: skip
    sent, start = 0, time.monotonic()
    while time.monotonic() - start < SECONDS and sent < MAX_RECORDS:
        try:
            producer.produce(TOPIC, RECORD)
            sent += 1
        except BufferError:  # the local queue is full: let it drain
            producer.poll(0.05)
    if producer.flush(30) != 0:
        sys.exit("some records were not acknowledged within 30 s")
    return sent, time.monotonic() - start


def consume(count: int) -> float:
    """Read `count` records from offset 0; return the seconds it took."""
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "lesson20-measure",
                         "enable.auto.commit": False})  # fmt: skip
    try:
        consumer.assign([TopicPartition(TOPIC, 0, 0)])
        got, start = 0, time.monotonic()
        while got < count and time.monotonic() - start < 60:
            for msg in consumer.consume(1000, timeout=1.0):
                if msg.error() is None:
                    got += 1
        if got < count:
            sys.exit(f"read {got} of {count} records within 60 s")
        return time.monotonic() - start
    finally:
        consumer.close()


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    brokers = len(admin.list_topics(timeout=10).brokers)
    replicas = min(3, brokers)
    recreate(admin, replicas)
    count, produce_s = produce()
    consume_s = consume(count)
    mb = count * len(RECORD) / 1e6
    result = {"produce_mb_s": mb / produce_s, "consume_mb_s": mb / consume_s,
              "record_bytes": len(RECORD), "replicas": replicas}  # fmt: skip
    with open(RESULT, "w") as f:
        json.dump(result, f)
    print(f"{count} records of 1 KiB, acks=all, {replicas} replicas, one partition")
    print(f"produce: {result['produce_mb_s']:.1f} MB/s  (this laptop, one process)")
    print(f"consume: {result['consume_mb_s']:.1f} MB/s")
    print(f"saved to {RESULT}")


if __name__ == "__main__":
    main()
