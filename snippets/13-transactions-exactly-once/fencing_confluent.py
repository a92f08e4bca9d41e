"""Zombie fencing with confluent-kafka: the fenced producer gets a fatal error.

Producer "first" opens a transaction and writes a record; "second" starts with the same
transactional.id and commits. When "first" tries to commit, librdkafka raises a
KafkaException whose error is _FENCED and fatal(): the producer cannot be used again.
"""

from __future__ import annotations

import os
import time

from confluent_kafka import (
    Consumer,
    KafkaError,
    KafkaException,
    Producer,
    TopicPartition,
)
from confluent_kafka.admin import AdminClient, NewTopic

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson13-fencing-confluent"


def recreate_topic(topic: str) -> None:
    """Delete `topic` if it exists, then create it empty: 1 partition, RF 1."""
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    if topic in admin.list_topics(timeout=10).topics:
        admin.delete_topics([topic])[topic].result()
    deadline = time.monotonic() + 30
    while True:  # deletion is asynchronous: retry the create until it works
        try:
            admin.create_topics([NewTopic(topic, 1, 1)])[topic].result()
            return
        except KafkaException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def transactional_producer() -> Producer:
    producer = Producer(
        {"bootstrap.servers": BOOTSTRAP, "transactional.id": "lesson13-fencing-ck"}
    )
    producer.init_transactions(10)
    return producer


def committed_values() -> list[str]:
    """The values a read_committed consumer (librdkafka's default) reads."""
    consumer = Consumer({"bootstrap.servers": BOOTSTRAP, "group.id": "lesson13-reader"})
    try:
        consumer.assign([TopicPartition(TOPIC, 0, 0)])
        values = []
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                values.append(msg.value().decode())
        return values
    finally:
        consumer.close()


def main() -> None:
    recreate_topic(TOPIC)
    first = transactional_producer()
    second = None
    try:
        # --8<-- [start:fence]
        first.begin_transaction()
        first.produce(TOPIC, b"from the first producer")
        first.flush()

        second = transactional_producer()  # same transactional.id
        second.begin_transaction()
        second.produce(TOPIC, b"from the second producer")
        second.commit_transaction()

        try:
            first.commit_transaction()
            raise AssertionError("the zombie's commit must fail")
        except KafkaException as e:
            error: KafkaError = e.args[0]
            print(f"first.commit_transaction(): {error.name()}, fatal={error.fatal()}")
        # --8<-- [end:fence]
        assert error.code() == KafkaError._FENCED and error.fatal(), error
    finally:
        try:
            first.close()
        except KafkaException:
            pass  # a producer in a fatal state raises its error again on close()
        if second is not None:
            second.close()
    values = committed_values()
    print(f"read_committed reads: {values}")
    assert values == ["from the second producer"], values


if __name__ == "__main__":
    main()
