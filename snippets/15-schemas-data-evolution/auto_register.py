"""A pitfall: the serializer registers schemas by itself, and NONE checks nothing.

confluent-kafka's AvroSerializer has auto.register.schemas=True by default: on its
first record it registers its schema under the subject. This registry's default
compatibility mode is NONE. So a second producer with a different idea of an order
(id a string, no total) silently becomes version 2, and a consumer that reads with
version 1 fails on its records.
"""

from __future__ import annotations

import json

from common import BOOTSTRAP, read_raw, recreate_topic, registry
from confluent_kafka import Producer
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext
from fastavro.read import SchemaResolutionError

TOPIC = "lesson15-orders"
SUBJECT = f"{TOPIC}-value"


def order_schema(*fields: dict) -> str:
    return json.dumps({"type": "record", "name": "Order", "fields": fields})


ORDER_V1 = order_schema(
    {"name": "id", "type": "long"}, {"name": "total", "type": "long"}
)
OTHER_TEAM = order_schema({"name": "id", "type": "string"})


def main() -> None:
    client = registry()
    if SUBJECT in client.get_subjects():
        client.delete_subject(SUBJECT)
        client.delete_subject(SUBJECT, permanent=True)
    recreate_topic(TOPIC)
    context = SerializationContext(TOPIC, MessageField.VALUE)
    producer = Producer(
        {"bootstrap.servers": BOOTSTRAP, "client.id": "lesson15-orders"}
    )
    # --8<-- [start:auto]
    for schema, order in [
        (ORDER_V1, {"id": 1, "total": 500}),
        (OTHER_TEAM, {"id": "A-2"}),
    ]:
        serialize = AvroSerializer(client, schema)  # default: auto.register.schemas
        producer.produce(TOPIC, value=serialize(order, context))
    assert producer.flush(10) == 0
    print(f"mode {client.get_compatibility()}, versions {client.get_versions(SUBJECT)}")

    read_as_v1 = AvroDeserializer(client, ORDER_V1)
    errors = []
    for record in read_raw(TOPIC):
        try:
            print(f"offset {record.offset}: {read_as_v1(record.value, context)}")
        except SchemaResolutionError as e:  # v1 cannot read what the writer wrote
            errors.append(e)
            print(f"offset {record.offset}: {type(e).__name__}: {e}")
    # --8<-- [end:auto]
    assert client.get_versions(SUBJECT) == [1, 2] and len(errors) == 1


if __name__ == "__main__":
    main()
