"""The same refused acks=all write with the producer's default retry settings.

NOT_ENOUGH_REPLICAS is retriable, and by default kafka-python (like the Java client)
retries without limit (retries=inf) until delivery_timeout_ms expires: 120 000 ms by
default, 5 000 ms here so the demo stays short. What the application finally sees is a
timeout. The broker's reason is only in the producer's log, at WARNING level; kafka-
python logs nowhere until you configure logging, so this script collects those log
records to show them.
"""

import logging
import os
import textwrap
import time

from kafka import DefaultSerializer, KafkaProducer
from kafka.errors import KafkaTimeoutError

TOPIC = "lesson04-orders"
PARTITION = 0
DELIVERY_TIMEOUT_MS = 5_000


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


class Collect(logging.Handler):
    """Keeps the messages of the log records it receives."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main() -> None:
    log = Collect()
    logging.getLogger("kafka.producer").addHandler(log)
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson04-default-retries",
        acks="all",
        delivery_timeout_ms=DELIVERY_TIMEOUT_MS,  # default 120000
        request_timeout_ms=3_000,  # must stay below delivery_timeout_ms; default 30000
        value_serializer=DefaultSerializer(),
    )
    started = time.monotonic()
    try:
        future = producer.send(TOPIC, value="acks=all", partition=PARTITION)
        try:
            metadata = future.get(timeout=30)
        except KafkaTimeoutError as exc:
            waited = time.monotonic() - started
            line = f"acks=all  partition {PARTITION} -> {exc}"
            print(textwrap.fill(line, 78, subsequent_indent="  "))  # fits the page
        else:
            raise AssertionError(f"the write was accepted at offset {metadata.offset}")
    finally:
        producer.close()

    assert waited >= DELIVERY_TIMEOUT_MS / 1000 - 0.5, (
        "it failed only after the timeout"
    )
    print(
        f"failed only after delivery_timeout_ms={DELIVERY_TIMEOUT_MS} ms of retries: "
        "yes"
    )
    retries = [
        m for m in log.messages if "retrying" in m and "NotEnoughReplicasError" in m
    ]
    assert retries, "each retry is logged with the broker's error"
    print(
        "WARNING records in the producer's log naming NotEnoughReplicasError: "
        f"{len(retries)}"
    )


if __name__ == "__main__":
    main()
