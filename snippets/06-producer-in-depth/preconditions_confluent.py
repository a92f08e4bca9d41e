"""confluent-kafka: when is the producer idempotent? Ask the broker.

Each producer below writes one record to its own topic; the batch's producer id on
the broker tells whether the producer was idempotent (-1 means it was not).
librdkafka leaves enable.idempotence off by default (its acks default is already
all). Asked for idempotence with a conflicting option, it refuses to start.
"""

import os
import textwrap
import time
from typing import Any

from batches import topic_batches
from confluent_kafka import KafkaException, Producer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

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
    producer = Producer({"bootstrap.servers": BOOTSTRAP, **config})
    producer.produce(topic, b"hello")
    assert producer.flush(30) == 0, "the record was not delivered"
    [batch], _ = topic_batches(admin, topic)
    return batch.producer_id


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        # --8<-- [start:check]
        default = producer_id_of(admin, "lesson06-ck-default")
        print(f"defaults:                      producerId {default}")
        on = producer_id_of(admin, "lesson06-ck-idem", **{"enable.idempotence": True})
        print(f"enable.idempotence=true:       producerId {on}")
        try:
            Producer(
                {"bootstrap.servers": BOOTSTRAP, "enable.idempotence": True, "acks": 1}
            )
        except KafkaException as exc:
            line = f"enable.idempotence and acks=1: {exc.args[0].str()}"
            print(textwrap.fill(line, 80, subsequent_indent="  "))
        # --8<-- [end:check]
    finally:
        admin.close()
    assert default == -1 and on >= 0


if __name__ == "__main__":
    main()
