"""Cause three producer errors for real and show what kafka-python raises for each.

- a record larger than the producer's own limit, max_request_size (checked in send());
- a record larger than the topic's max.message.bytes (the broker refuses it);
- no broker at the address (nothing listens on port 9 here).

Each exception says whether it is retriable: `exc.retriable`, a class attribute of
every kafka.errors.KafkaError.
"""

import os

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, KafkaTimeoutError, MessageSizeTooLargeError
from orders import recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
SMALL = "lesson11-small-records"  # a topic that accepts at most 1024 bytes per batch


def show(what: str, exc: KafkaError) -> None:
    print(f"{what}: {type(exc).__name__}, retriable={exc.retriable}")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        topic = NewTopic(SMALL, 1, 1, topic_configs={"max.message.bytes": "1024"})
        recreate_topics(admin, [topic])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson11-errors")
    try:
        # --8<-- [start:cause]
        try:  # 1. over the client's limit: send() itself raises
            producer.send(SMALL, b"x" * 2_000_000)  # max_request_size is 1048576
            raise AssertionError("send() accepted a 2 MB record")
        except MessageSizeTooLargeError as exc:
            show("2 MB record, client limit", exc)
        future = producer.send(SMALL, b"x" * 4_000)  # 2. over the topic's limit
        try:
            future.get(timeout=10)  # the broker's answer arrives in the future
            raise AssertionError("the broker accepted a 4 KB record")
        except MessageSizeTooLargeError as exc:
            show("4 KB record, topic limit 1024", exc)
        try:  # 3. nobody answers at the address
            KafkaProducer(bootstrap_servers="127.0.0.1:9", bootstrap_timeout_ms=1500)
            raise AssertionError("a producer bootstrapped from a closed port")
        except KafkaTimeoutError as exc:
            show("no broker at 127.0.0.1:9", exc)
        # --8<-- [end:cause]
    finally:
        producer.close()


if __name__ == "__main__":
    main()
