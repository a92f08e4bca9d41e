"""The same user with JSON Schema: same 5-byte header, a JSON body with field names.

A JSON Schema is registered under lesson15-users-json-value; confluent-kafka's
JSONSerializer validates each dict against it before writing the header and the JSON
text. A dict that breaks the schema never reaches Kafka.
"""

from __future__ import annotations

import json

from common import BOOTSTRAP, read_raw, recreate_topic, registry
from confluent_kafka import Producer
from confluent_kafka.schema_registry import Schema
from confluent_kafka.schema_registry.json_schema import JSONSerializer
from confluent_kafka.serialization import (
    MessageField,
    SerializationContext,
    SerializationError,
)

TOPIC = "lesson15-users-json"
SUBJECT = f"{TOPIC}-value"
# --8<-- [start:schema]
USER_JSON = json.dumps(
    {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "User",
        "type": "object",
        "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        "required": ["id", "name"],
    }
)
# --8<-- [end:schema]


def main() -> None:
    recreate_topic(TOPIC)
    client = registry()
    # --8<-- [start:json]
    schema_id = client.register_schema(SUBJECT, Schema(USER_JSON, "JSON"))
    serialize = JSONSerializer(USER_JSON, client, conf={"auto.register.schemas": False})
    context = SerializationContext(TOPIC, MessageField.VALUE)
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "client.id": "lesson15-json"})
    producer.produce(TOPIC, value=serialize({"id": 1, "name": "Ada"}, context))
    assert producer.flush(10) == 0
    refused = None
    try:
        serialize({"id": "one", "name": "Ada"}, context)  # id is not an integer
    except SerializationError as e:
        refused = str(e).splitlines()[0]
        print(f"refused before Kafka: {refused}")

    value = read_raw(TOPIC)[0].value
    print(f"header {value[:5].hex(' ')}: magic byte {value[0]}, schema id {schema_id}")
    print(f"body ({len(value) - 5} bytes): {value[5:].decode()}")
    # --8<-- [end:json]
    assert refused is not None, "the JSONSerializer must refuse a wrong type"
    assert value[0] == 0 and int.from_bytes(value[1:5], "big") == schema_id


if __name__ == "__main__":
    main()
