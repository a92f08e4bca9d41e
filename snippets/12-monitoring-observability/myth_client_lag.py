"""Myth: a consumer's own records-lag-max tells you how far behind it is.

The consumer records the lag it sees in each fetch response. A consumer that has
stopped fetching (stalled, stuck, dead) records nothing, so its metric keeps the
last value it had, while the lag measured from offsets grows.
"""

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, OffsetSpec
from topics import recreate

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC, GROUP = "lesson12-myth", "lesson12-myth"
TP = TopicPartition(TOPIC, 0)


def lag_max(consumer: KafkaConsumer) -> float:
    metrics = consumer.metrics(raw=True)
    return next(
        m.value()
        for key, m in metrics.items()
        if key.name == "records-lag-max" and "topic" not in key.tags
    )


def catch_up(consumer: KafkaConsumer) -> None:
    """Poll until a fetch response has come back (bounded): the lag is measured."""
    deadline = time.monotonic() + 30
    while lag_max(consumer) < 0:  # no fetch answered yet: the metric has no sample
        assert time.monotonic() < deadline, "no fetch response in 30 s"
        consumer.poll(timeout_ms=500)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-admin")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all")
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, group_id=GROUP, auto_offset_reset="earliest"
    )
    try:
        recreate(admin, TOPIC, 1, GROUP)
        consumer.assign([TP])
        # --8<-- [start:stall]
        catch_up(consumer)  # poll until fetches answer: nothing to read yet
        consumer.commit()
        print(f"caught up: records-lag-max {lag_max(consumer):.0f}")
        for i in range(500):  # 500 new records while the consumer does not poll
            producer.send(TOPIC, f"record {i}".encode())
        producer.flush()
        time.sleep(2)
        committed = admin.list_group_offsets(GROUP)[GROUP][TP].offset
        end = admin.list_partition_offsets({TP: OffsetSpec.LATEST})[TP].offset
        print(f"stalled:   records-lag-max {lag_max(consumer):.0f}, ", end="")
        print(f"lag from offsets {end - committed}")
        # --8<-- [end:stall]
        assert lag_max(consumer) == 0 and end - committed == 500
    finally:
        consumer.close()
        producer.close()
        admin.close()


if __name__ == "__main__":
    main()
