"""The fetch settings: kafka-python's defaults, max_poll_records, and fetch_min_bytes.

A consumer asks the broker for at least `fetch_min_bytes`; the broker answers when it
has them or after `fetch_max_wait_ms`. With one small record in the topic, a 1 MB
minimum makes the broker wait the full second; the default minimum of 1 byte does not.
"""

from __future__ import annotations

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson07-fetch"
TP = TopicPartition(TOPIC, 0)


def start_clean(records: int) -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson07-admin")
    try:
        try:
            admin.delete_topics([TOPIC])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(TOPIC, 1, 1)])
                break
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()
    with KafkaProducer(bootstrap_servers=BOOTSTRAP) as producer:
        for i in range(records):
            producer.send(TOPIC, f"r{i}".encode())


def first_poll(**config: int) -> tuple[int, float]:
    """Records returned by the first poll that returns any, and how long it waited."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, **config)
    try:
        consumer.assign([TP])
        consumer.seek_to_beginning(TP)
        consumer.position(TP)  # resolve the offset before timing
        started = time.monotonic()
        records: list = []
        while not records and time.monotonic() - started < 10:
            records = consumer.poll(timeout_ms=3000).get(TP, [])
        return len(records), time.monotonic() - started
    finally:
        consumer.close()


def main() -> None:
    defaults = {k: KafkaConsumer.DEFAULT_CONFIG[k] for k in (
        "fetch_min_bytes", "fetch_max_wait_ms", "max_partition_fetch_bytes",
        "fetch_max_bytes", "max_poll_records")}  # fmt: skip
    print("kafka-python defaults:")
    for name, value in defaults.items():
        print(f"  {name} = {value}")
    assert defaults == {
        "fetch_min_bytes": 1,
        "fetch_max_wait_ms": 500,
        "max_partition_fetch_bytes": 1048576,
        "fetch_max_bytes": 52428800,
        "max_poll_records": 500,
    }
    start_clean(records=30)
    count, _ = first_poll(max_poll_records=5)
    print(f"30 records waiting, max_poll_records=5: the first poll returned {count}")
    assert count == 5
    start_clean(records=1)
    _, quick = first_poll()
    _, slow = first_poll(fetch_min_bytes=1_000_000, fetch_max_wait_ms=1000)
    print(f"1 record waiting, fetch_min_bytes=1: first record after {quick:.2f} s")
    print(f"1 record waiting, fetch_min_bytes=1000000: first record after {slow:.2f} s")
    assert quick < 0.5 and 0.9 < slow < 3, "the broker waited fetch_max_wait_ms"


if __name__ == "__main__":
    main()
