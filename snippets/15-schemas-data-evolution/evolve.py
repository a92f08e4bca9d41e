"""A safe evolution: version 2 adds a field with a default, and old data still reads.

The registry checks USER_V2 (id, name, email with default "") against the subject's
mode, BACKWARD, then registers it as version 2. Two users are written with it. A
reader that uses version 2 as its own (reader) schema then reads the whole topic:
Avro fills in the default for the records written with version 1.
"""

from __future__ import annotations

from common import BOOTSTRAP, SUBJECT, TOPIC, USER_V2, read_raw, registry
from confluent_kafka import Producer
from confluent_kafka.schema_registry import Schema
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

NEW_USERS = [
    {"id": 4, "name": "Edsger", "email": "edsger@example.com"},
    {"id": 5, "name": "Barbara", "email": "barbara@example.com"},
]


def main() -> None:
    client = registry()
    context = SerializationContext(TOPIC, MessageField.VALUE)
    # --8<-- [start:evolve]
    v2 = Schema(USER_V2, "AVRO")
    mode = client.get_compatibility(SUBJECT)
    ok = client.test_compatibility(SUBJECT, v2)
    print(f"{mode} check of v2 (adds email, default ''): compatible={ok}")
    client.register_schema(SUBJECT, v2)
    print(f"registered as version {client.get_latest_version(SUBJECT).version}")

    serialize = AvroSerializer(client, USER_V2, conf={"auto.register.schemas": False})
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "client.id": "lesson15-v2"})
    for user in NEW_USERS:
        producer.produce(TOPIC, key=str(user["id"]), value=serialize(user, context))
    assert producer.flush(10) == 0

    read_as_v2 = AvroDeserializer(client, USER_V2)  # the new reader's own schema
    print("a reader with schema v2 reads the whole topic:")
    users = [read_as_v2(r.value, context) for r in read_raw(TOPIC)]
    for user in users:
        print(f"  {user}")
    # --8<-- [end:evolve]
    assert ok and mode == "BACKWARD"
    assert client.get_versions(SUBJECT) == [1, 2]
    assert [u["email"] for u in users[:3]] == ["", "", ""], "v1 records get the default"
    assert users[3:] == NEW_USERS


if __name__ == "__main__":
    main()
