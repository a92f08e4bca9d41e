"""Step 5: the shop's health, as a monitor outside the services sees it.

Consumer lag per group and topic, from the admin API (kafka-python): the end offset
a read_committed reader sees, minus the group's committed offset. Then the broker's
own metrics, scraped from its Prometheus JMX exporter (KAFKA_METRICS_URL, default
the single-broker lab's http://127.0.0.1:7071/metrics).
"""

from __future__ import annotations

import os
import re
import urllib.request
from collections import defaultdict

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient, OffsetSpec

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
METRICS = os.environ.get("KAFKA_METRICS_URL", "http://127.0.0.1:7071/metrics")
GROUPS = ["lesson25-payments", "lesson25-inventory", "lesson25-stats"]


def lag() -> dict[tuple[str, str], list[int]]:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson25-monitor")
    try:
        # --8<-- [start:lag]
        committed = admin.list_group_offsets(GROUPS)  # {group: {TopicPartition: ...}}
        specs = {tp: OffsetSpec.LATEST for g in GROUPS for tp in committed[g]}
        ends = admin.list_partition_offsets(specs, isolation_level="read_committed")
        total: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
        for group in GROUPS:
            for tp, offset in committed[group].items():
                behind = ends[tp].offset - offset.offset
                total[group, tp.topic][0] += behind
                if behind:  # is there a record in the gap, or only markers?
                    total[group, tp.topic][1] += records_left(tp, offset.offset)
        # --8<-- [end:lag]
        return total
    finally:
        admin.close()


def records_left(tp, committed: int) -> int:
    """How many records a read_committed reader gets after the committed offset."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson25-monitor",
        isolation_level="read_committed",
        enable_auto_commit=False,
    )
    try:
        consumer.assign([tp])
        consumer.seek(tp, committed)
        end = consumer.end_offsets([tp])[tp]  # the LSO, for read_committed
        count = 0
        while consumer.position(tp) < end:
            count += sum(map(len, consumer.poll(timeout_ms=1000).values()))
        return count
    finally:
        consumer.close()


def scrape() -> dict[str, float]:
    """The samples of the exporter's text format, `name{labels}` -> value."""
    with urllib.request.urlopen(METRICS, timeout=10) as response:
        text = response.read().decode()
    found = re.findall(r"^([a-z_]+(?:\{[^}]*\})?) (\S+)$", text, re.MULTILINE)
    return {name: float(value) for name, value in found}


def main() -> None:
    print(f"{'group':19} {'topic':19} {'offset lag':>10} {'records left':>13}")
    for (group, topic), (offsets, records) in sorted(lag().items()):
        print(f"{group:19} {topic:19} {offsets:>10} {records:>13}")
        assert records == 0, f"{group} has not caught up on {topic}"
    samples = scrape()
    health = {
        "under-replicated partitions": "replicamanager_underreplicatedpartitions",
        "offline partitions": "kafkacontroller_offlinepartitionscount",
        "active controllers": "kafkacontroller_activecontrollercount",
    }
    for label, suffix in health.items():
        (value,) = [v for k, v in samples.items() if k.endswith(suffix)]
        print(f"{label}: {value:.0f}")
    assert samples["kafka_server_replicamanager_underreplicatedpartitions"] == 0
    assert samples["kafka_controller_kafkacontroller_activecontrollercount"] == 1
    ended = sum(v for k, v in samples.items() if 'request="EndTxn"' in k)
    print(f"EndTxn requests (commits and aborts) since the broker started: {ended:.0f}")
    assert ended > 0, "the shop's transactions reached the broker"


if __name__ == "__main__":
    main()
