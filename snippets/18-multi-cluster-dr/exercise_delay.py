"""Measure the replication delay for a burst of 1,000 orders.

It writes 1,000 more orders to this run's topic on the primary cluster, notes the
partition's end offset there, and polls the end offset of the remote topic on the
backup cluster until it has caught up (bounded by a deadline). The time that takes is
what a failover at the worst moment could lose: the recovery point.
"""

from __future__ import annotations

import time

from clusters import BACKUP, PRIMARY, newest_orders_topic, remote
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

BURST = 1000
DEADLINE_S = 60


def end_offset(bootstrap: str, tp: TopicPartition) -> int:
    consumer = KafkaConsumer(bootstrap_servers=bootstrap, client_id="lesson18-ends")
    try:
        return consumer.end_offsets([tp])[tp]
    finally:
        consumer.close()


def main() -> None:
    topic = newest_orders_topic()
    producer = KafkaProducer(bootstrap_servers=PRIMARY, client_id="lesson18-producer")
    try:
        for n in range(BURST):
            producer.send(topic, value=b"burst-%d" % n)
        producer.flush()
    finally:
        producer.close()
    acked = time.monotonic()
    target = end_offset(PRIMARY, TopicPartition(topic, 0))
    backup_tp = TopicPartition(remote(topic), 0)
    print(f"primary end offset {target}")
    while time.monotonic() - acked < DEADLINE_S:
        if end_offset(BACKUP, backup_tp) == target:
            break
        time.sleep(0.2)
    caught_up = time.monotonic() - acked
    assert end_offset(BACKUP, backup_tp) == target, f"not caught up in {DEADLINE_S} s"
    print(f"backup end offset {target}, {caught_up:.1f} s after the last ack")


if __name__ == "__main__":
    main()
