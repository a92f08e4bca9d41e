"""Pitfall: kafka-python 3.0.12 ignores allow_auto_create_topics=False.

Its producer builds the metadata request from a default that the option never
reaches, so the broker (auto.create.topics.enable=true) creates the topic anyway.
"""

import os

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TYPO = "lesson11-ordrs"  # a typo in a topic name


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        if TYPO in admin.list_topics():
            admin.delete_topics([TYPO])
        # --8<-- [start:typo]
        producer = KafkaProducer(
            bootstrap_servers=BOOTSTRAP,
            client_id="lesson11-typo",
            allow_auto_create_topics=False,  # asked for, and not honoured
        )
        # --8<-- [end:typo]
        try:
            metadata = producer.send(TYPO, b"order").get(timeout=30)
        finally:
            producer.close()
        print(f"written to {metadata.topic} at offset {metadata.offset}")
        created = TYPO in admin.list_topics()
        print(f"topic {TYPO} exists now: {created}")
        assert created, "kafka-python honoured allow_auto_create_topics=False"
    finally:
        admin.close()


if __name__ == "__main__":
    main()
