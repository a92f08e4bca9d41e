"""Client metrics in kafka-python: producer.metrics() and consumer.metrics().

Both clients keep metrics about themselves (rates, latencies, sizes) in a dict of
groups. The values are measured over a sliding window (two samples of 30 s each by
default): a rate is per second over that window, an average is over the requests in it.
"""

import os
import time

from kafka import KafkaConsumer, KafkaProducer
from kafka.admin import KafkaAdminClient
from topics import recreate

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC, GROUP, RECORDS = "lesson12-orders", "lesson12-metrics", 2000


def show(metrics: dict, group: str, names: list[str]) -> dict[str, float]:
    """Print the client-wide value of some metrics of one group, and return them.

    metrics(raw=True) keys each metric by its MetricName: a name, a group, and tags.
    The same name exists client-wide and per topic (tag "topic") or per broker (in a
    "-node-metrics" group); the plain metrics() dict keeps one of them per name.
    """
    values = {
        key.name: metric.value()
        for key, metric in metrics.items()
        if key.group == group and key.name in names and "topic" not in key.tags
    }
    for name in names:
        print(f"  {name:24} {values[name]:10.1f}")
    return values


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-admin")
    try:
        recreate(admin, TOPIC, 3, GROUP, "lesson12-rdkafka")  # rdkafka_stats.py's too
    finally:
        admin.close()
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson12-metrics", acks="all"
    )
    try:
        start = time.monotonic()
        for i in range(RECORDS):
            producer.send(TOPIC, key=str(i % 50).encode(), value=b"x" * 200)
        producer.flush()
        elapsed = time.monotonic() - start
        print(f"producer: {RECORDS} records acknowledged in {elapsed:.1f} s")
        sent = show(
            producer.metrics(raw=True),
            "producer-metrics",
            ["record-send-rate", "request-latency-avg", "batch-size-avg"]
            + ["records-per-request-avg", "record-error-rate", "record-retry-rate"],
        )
    finally:
        producer.close()
    # --8<-- [end:producer]
    assert sent["record-error-rate"] == 0
    # a rate divides by the metrics window (at least 30 s), not by the burst's time
    assert 0 < sent["record-send-rate"] < RECORDS / elapsed
    assert sent["records-per-request-avg"] > 1, (
        "batching puts many records in a request"
    )
    # --8<-- [start:consumer]
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson12-metrics-consumer",
        auto_offset_reset="earliest",
    )
    try:
        read, deadline = 0, time.monotonic() + 30
        while read < RECORDS and time.monotonic() < deadline:
            read += sum(len(r) for r in consumer.poll(timeout_ms=500).values())
        print(f"consumer: {read} records read")
        fetched = show(
            consumer.metrics(raw=True),
            "consumer-fetch-manager-metrics",
            ["fetch-latency-avg", "records-lag-max"],
        )
    finally:
        consumer.close()
    # --8<-- [end:consumer]
    assert read >= RECORDS and fetched["records-lag-max"] > 0


if __name__ == "__main__":
    main()
