"""A wrong password, as confluent-kafka (librdkafka) sees it.

librdkafka passes the broker's own reason to the error callback: an authentication
error (`_AUTHENTICATION`), with the text the broker sent back.
"""

from __future__ import annotations

import os
import textwrap
import time

from confluent_kafka import KafkaError, Producer

BOOTSTRAP = os.environ.get("KAFKA_SECURE_BOOTSTRAP", "localhost:9192")


def main() -> None:
    errors: list[KafkaError] = []
    # --8<-- [start:wrong]
    producer = Producer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "security.protocol": "SASL_PLAINTEXT",
            "sasl.mechanism": "SCRAM-SHA-512",
            "sasl.username": "alice",
            "sasl.password": "not-her-password",
            "error_cb": errors.append,  # called from poll() and flush()
            "log_level": 0,  # errors reach error_cb, not stderr
        }
    )
    deadline = time.monotonic() + 10
    while not errors and time.monotonic() < deadline:
        producer.poll(0.2)
    # --8<-- [end:wrong]
    if not errors:
        raise SystemExit("no error within 10 s: was the wrong password accepted?")
    error = errors[0]
    assert error.code() == KafkaError._AUTHENTICATION, error
    print(f"error code: {error.name()}")
    message = error.str().split(": ", 1)[1].split(" (after")[0]
    print(textwrap.fill(f"message: {message}", 80, subsequent_indent="  "))


if __name__ == "__main__":
    main()
