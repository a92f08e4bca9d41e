"""librdkafka's statistics: a JSON document handed to stats_cb every interval.

confluent-kafka (librdkafka) has no metrics() dict. Set statistics.interval.ms (0, off,
by default) and a stats_cb: every interval, poll() calls it with one JSON string that
describes the client, each broker connection, each topic and each partition.
"""

import json
import os
import time

from confluent_kafka import Consumer, Producer

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC, RECORDS = "lesson12-orders", 2000  # the topic of client_metrics.py


def produce(reports: list[dict]) -> None:
    # --8<-- [start:producer]
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "client.id": "lesson12-rdkafka",
            "statistics.interval.ms": 1000,
            "stats_cb": lambda text: reports.append(json.loads(text)),
        }
    )
    for i in range(RECORDS):
        producer.produce(TOPIC, key=str(i % 50), value=b"x" * 200)
        producer.poll(0)  # serves delivery reports, and stats_cb when one is due
    producer.flush(30)
    seen, deadline = len(reports), time.monotonic() + 5
    while len(reports) <= seen and time.monotonic() < deadline:
        producer.poll(0.1)  # one more report, after the last acknowledgement
    last = reports[-1]  # counters are totals since the client started
    print(f"producer: txmsgs {last['txmsgs']}, msg_cnt {last['msg_cnt']}")
    # windows of one interval each: the round-trip times (microseconds) per broker
    p99 = max(
        b["rtt"]["p99"]
        for r in reports
        for b in r["brokers"].values()
        if b["nodeid"] >= 0
    )
    print(f"  worst broker round trip, p99 of an interval: {p99 / 1000:.1f} ms")
    # --8<-- [end:producer]
    assert last["txmsgs"] >= RECORDS and last["msg_cnt"] == 0 and p99 > 0


def consume(reports: list[dict]) -> None:
    # --8<-- [start:consumer]
    consumer = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "lesson12-rdkafka",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
            "statistics.interval.ms": 1000,
            "stats_cb": lambda text: reports.append(json.loads(text)),
        }
    )
    try:
        consumer.subscribe([TOPIC])
        read, idle_since = 0, time.monotonic()
        # until nothing came for 3 s (30 s for the first: joining the group takes time)
        while time.monotonic() - idle_since < (3 if read else 30):
            message = consumer.poll(0.5)
            if message is not None and message.error() is None:
                read, idle_since = read + 1, time.monotonic()
        consumer.commit(asynchronous=False)
        seen = len(reports)
        while len(reports) < seen + 2:  # a report made after the commit
            consumer.poll(0.2)
    finally:
        consumer.close()
    partitions = reports[-1]["topics"][TOPIC]["partitions"]
    lags = {p: v["consumer_lag"] for p, v in partitions.items() if p != "-1"}
    print(f"consumer: read {read}; consumer_lag per partition {lags}")
    print(f"  group state {reports[-1]['cgrp']['state']!r}")
    # --8<-- [end:consumer]
    assert read >= RECORDS and set(lags.values()) == {0}, lags


def main() -> None:
    produce([])
    consume([])


if __name__ == "__main__":
    main()
