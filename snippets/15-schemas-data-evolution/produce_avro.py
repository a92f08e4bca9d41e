"""Produce three users as Avro records, their schema looked up in the registry.

The AvroSerializer of confluent-kafka turns a dict into bytes: it finds the schema's
id in the registry (auto.register.schemas is False here, so it only looks the schema
up, and fails if it is not registered), then writes the record in Avro's binary
encoding behind a 5-byte header. The topic lesson15-users is created fresh.
"""

from __future__ import annotations

from common import BOOTSTRAP, TOPIC, USER_V1, recreate_topic, registry
from confluent_kafka import Producer
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

USERS = [
    {"id": 1, "name": "Ada"},
    {"id": 2, "name": "Alan"},
    {"id": 3, "name": "Grace"},
]


def main() -> None:
    recreate_topic(TOPIC)
    # --8<-- [start:produce]
    serialize = AvroSerializer(
        registry(), USER_V1, conf={"auto.register.schemas": False}
    )
    producer = Producer(
        {"bootstrap.servers": BOOTSTRAP, "client.id": "lesson15-producer"}
    )
    context = SerializationContext(TOPIC, MessageField.VALUE)
    for user in USERS:
        value = serialize(user, context)  # dict -> header + Avro bytes
        producer.produce(TOPIC, key=str(user["id"]), value=value)
        print(f"{user} -> {len(value)} bytes")
    remaining = producer.flush(10)
    # --8<-- [end:produce]
    assert remaining == 0, f"{remaining} records not delivered"


if __name__ == "__main__":
    main()
