"""kafka-python: when is the producer idempotent? Ask the broker.

Each producer below writes one record to its own topic; the batch's producer id on
the broker tells whether the producer was idempotent (-1 means it was not).
Idempotence needs acks="all", retries > 0 and at most 5 requests in flight.
kafka-python enables it by default; if you set a conflicting option without asking
for idempotence, it turns idempotence off and only logs a warning. If you ask for
both, it refuses to start.
"""

import os
import textwrap
import time
from typing import Any

from batches import topic_batches
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaConfigurationError, TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def recreate_topic(admin: KafkaAdminClient, name: str) -> None:
    """Delete the topic if it exists, then create it: 1 partition, RF 3."""
    if name in admin.list_topics():
        admin.delete_topics([name])
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([NewTopic(name, 1, 3)])
            break
        except TopicAlreadyExistsError:  # the old topic is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([name])


def producer_id_of(admin: KafkaAdminClient, topic: str, **config: Any) -> int:
    """Write one record with `config`; return the producer id the broker stored."""
    recreate_topic(admin, topic)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, **config)
    try:
        producer.send(topic, b"hello").get(timeout=30)
    finally:
        producer.close()
    [batch], _ = topic_batches(admin, topic)
    return batch.producer_id


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        # --8<-- [start:check]
        default = producer_id_of(admin, "lesson06-kp-default")
        print(f"defaults:                     producerId {default}")
        acks_1 = producer_id_of(admin, "lesson06-kp-acks1", acks=1)
        print(f"acks=1:                       producerId {acks_1}")
        try:
            KafkaProducer(bootstrap_servers=BOOTSTRAP, enable_idempotence=True, acks=1)
        except KafkaConfigurationError as exc:
            line = f"enable_idempotence and acks=1: {exc}"
            print(textwrap.fill(line, 80, subsequent_indent="  "))
        # --8<-- [end:check]
    finally:
        admin.close()
    assert default >= 0 and acks_1 == -1


if __name__ == "__main__":
    main()
