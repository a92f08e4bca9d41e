"""What the registry does not protect: a producer that never asks it.

The broker stores bytes and never looks inside a record. A kafka-python producer
writes a JSON document to lesson15-users, the topic of the Avro users: the broker
takes it. A consumer that decodes Avro with the registry fails on that record.
"""

from __future__ import annotations

import json

from common import BOOTSTRAP, TOPIC, read_raw, registry
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import (
    MessageField,
    SerializationContext,
    SerializationError,
)
from kafka import KafkaProducer


def main() -> None:
    # --8<-- [start:skip]
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson15-rogue")
    try:
        value = json.dumps({"id": 6, "name": "Linus"}).encode()
        sent = producer.send(TOPIC, key=b"6", value=value).get(timeout=10)
    finally:
        producer.close()
    print(f"the broker took it: offset {sent.offset}, first byte {value[:1]!r}")

    deserialize = AvroDeserializer(registry())
    context = SerializationContext(TOPIC, MessageField.VALUE)
    record = read_raw(TOPIC)[sent.offset]
    try:
        deserialize(record.value, context)
        error = None
    except SerializationError as e:
        error = f"{type(e).__name__}: {e}"
    print(f"the Avro consumer at offset {record.offset}: {error}")
    # --8<-- [end:skip]
    assert error is not None, "a record without the header must not decode"


if __name__ == "__main__":
    main()
