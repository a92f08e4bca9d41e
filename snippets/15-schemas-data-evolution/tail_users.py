"""Tail lesson15-users and decode each record with the schema it was written with.

The AvroDeserializer is given no schema of its own: for each record it reads the
schema id from the header, fetches that schema from the registry (once, then from its
cache) and decodes the body with it. Records of several schema versions can sit in
the same topic. It stops after 5 records, or after 60 seconds.
"""

from __future__ import annotations

import time

from common import BOOTSTRAP, SUBJECT, TOPIC, registry
from confluent_kafka.schema_registry import Schema
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext
from kafka import KafkaConsumer, TopicPartition

WANTED = 5


def main() -> None:
    client = registry()
    deserialize = AvroDeserializer(client)  # no reader schema: the writer's own
    context = SerializationContext(TOPIC, MessageField.VALUE)
    versions: dict[int, int] = {}  # schema id -> version in the subject
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson15-tail", enable_auto_commit=False
    )
    seen = 0
    try:
        tp = TopicPartition(TOPIC, 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        print(f"tailing {TOPIC}", flush=True)
        deadline = time.monotonic() + 60
        while seen < WANTED and time.monotonic() < deadline:
            for record in consumer.poll(timeout_ms=500).get(tp, []):
                user = deserialize(record.value, context)
                schema_id = int.from_bytes(record.value[1:5], "big")
                if schema_id not in versions:
                    schema = client.get_schema(schema_id)
                    found = client.lookup_schema(
                        SUBJECT, Schema(schema.schema_str, "AVRO")
                    )
                    versions[schema_id] = found.version
                version = versions[schema_id]
                print(f"offset {record.offset}, version {version}: {user}", flush=True)
                seen += 1
    finally:
        consumer.close()
    print(f"saw {seen} users")
    assert seen == WANTED, f"expected {WANTED} users, saw {seen}"


if __name__ == "__main__":
    main()
