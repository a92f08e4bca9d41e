"""What this lesson's snippets share: the addresses, the User schemas, and two helpers.

`USER_V1` is the first version of the value schema of the topic `lesson15-users`;
`USER_V2` adds an `email` field with a default. `recreate_topic` deletes a topic and
creates it empty; `read_raw` returns every record of partition 0 as raw bytes, with
kafka-python (no deserializer: you see what the broker stores).
"""

from __future__ import annotations

import json
import os
import time

from confluent_kafka.schema_registry import SchemaRegistryClient
from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.consumer.fetcher import ConsumerRecord
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
REGISTRY_URL = os.environ.get(
    "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"
)
TOPIC = "lesson15-users"
SUBJECT = f"{TOPIC}-value"  # TopicNameStrategy: <topic>-value

ID = {"name": "id", "type": "long"}
NAME = {"name": "name", "type": "string"}
EMAIL = {"name": "email", "type": "string", "default": ""}


def user_schema(*fields: dict) -> str:
    """An Avro record schema named lesson15.User with these fields, as JSON text."""
    return json.dumps(
        {"type": "record", "name": "User", "namespace": "lesson15", "fields": fields}
    )


USER_V1 = user_schema(ID, NAME)
USER_V2 = user_schema(ID, NAME, EMAIL)


def registry() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": REGISTRY_URL})


def recreate_topic(topic: str, partitions: int = 1) -> None:
    """Delete `topic` if it exists, then create it empty (replication factor 1)."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson15-admin")
    try:
        try:
            admin.delete_topics([topic])
        except UnknownTopicOrPartitionError:
            pass
        deadline = time.monotonic() + 30
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([NewTopic(topic, partitions, 1)])
                return
            except TopicAlreadyExistsError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    finally:
        admin.close()


def read_raw(topic: str) -> list[ConsumerRecord]:
    """Every record of partition 0 of `topic`, its key and value as raw bytes."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson15-raw-reader",
        enable_auto_commit=False,
    )
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        records: list[ConsumerRecord] = []
        deadline = time.monotonic() + 15
        while consumer.position(tp) < end and time.monotonic() < deadline:
            for batch in consumer.poll(timeout_ms=500).values():
                records.extend(batch)
        return records
    finally:
        consumer.close()
