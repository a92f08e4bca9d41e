"""What the capstone's services share: addresses, topics, schemas and two helpers.

The shop has three services (orders, payments, inventory) and a stream processor
(stats). `TOPICS` is the design of Step 1: every topic with its partitions, its key
and its configs. `ORDER` and `EVENT` are the Avro schemas registered in the schema
registry. `encode`/`decode` turn dicts into registry-framed Avro bytes and back;
`read_topic` reads a whole topic with the isolation level you choose.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass

from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer, AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
REGISTRY_URL = os.environ.get(
    "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081/apis/ccompat/v7"
)
ORDERS = "lesson25-orders"
PAYMENTS = "lesson25-payments"
INVENTORY = "lesson25-inventory"
STOCK = "lesson25-stock"
STATS = "lesson25-stats"
DLQ = "lesson25-dlq"


@dataclass
class Topic:
    name: str
    partitions: int
    key: str
    configs: dict[str, str]


# --8<-- [start:topics]
COMPACT = {"cleanup.policy": "compact"}
WEEK = {"retention.ms": str(7 * 24 * 3600 * 1000)}
TOPICS = [
    Topic(ORDERS, 3, "order id", WEEK),
    Topic(PAYMENTS, 3, "sku", WEEK),
    Topic(INVENTORY, 3, "order id", WEEK),
    Topic(STOCK, 1, "sku", COMPACT),
    Topic(STATS, 1, "window start", COMPACT),
    Topic(DLQ, 1, "as received", {"retention.ms": str(30 * 24 * 3600 * 1000)}),
]
# --8<-- [end:topics]


def record(name: str, *fields: tuple[str, str]) -> str:
    """An Avro record schema in the namespace lesson25, as JSON text."""
    return json.dumps(
        {
            "type": "record",
            "name": name,
            "namespace": "lesson25",
            "fields": [{"name": n, "type": t} for n, t in fields],
        }
    )


# --8<-- [start:schemas]
ORDER = record(
    "Order",
    ("order_id", "string"),
    ("customer", "string"),
    ("sku", "string"),
    ("amount_cents", "long"),
    ("ordered_at", "long"),  # event time, epoch milliseconds
)
EVENT = record(
    "OrderEvent",
    ("order_id", "string"),
    ("status", "string"),  # PAID, DECLINED, RESERVED, REJECTED, REFUNDED
    ("sku", "string"),
    ("amount_cents", "long"),
    ("ordered_at", "long"),
)
SCHEMAS = {ORDERS: ORDER, PAYMENTS: EVENT, INVENTORY: EVENT}
# --8<-- [end:schemas]


def registry() -> SchemaRegistryClient:
    return SchemaRegistryClient({"url": REGISTRY_URL})


class Codec:
    """Avro for the three event topics (schemas from the registry), JSON for state."""

    def __init__(self) -> None:
        client = registry()
        off = {"auto.register.schemas": False}  # look the schema up only
        self.serializers = {
            t: AvroSerializer(client, s, conf=off) for t, s in SCHEMAS.items()
        }
        self.deserializer = AvroDeserializer(client)  # the writer's schema, by id

    def encode(self, topic: str, value: dict) -> bytes:
        if topic not in SCHEMAS:
            return json.dumps(value).encode()
        context = SerializationContext(topic, MessageField.VALUE)
        return self.serializers[topic](value, context)

    def decode(self, topic: str, data: bytes) -> dict:
        if topic not in SCHEMAS:
            return json.loads(data)
        return self.deserializer(data, SerializationContext(topic, MessageField.VALUE))


def read_topic(topic: str, committed: bool = True) -> list:
    """Every record of `topic`, every partition, up to the end a reader may see."""
    level = "read_committed" if committed else "read_uncommitted"
    consumer = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "lesson25-reader",  # never commits: assign() and read
            "enable.auto.commit": False,
            "isolation.level": level,
        }
    )
    try:
        partitions = consumer.list_topics(topic, timeout=10).topics[topic].partitions
        ends: dict[int, int] = {}
        assigned = []
        for p in partitions:
            low, high = consumer.get_watermark_offsets(
                TopicPartition(topic, p), timeout=10
            )
            if high > low:  # the end offset is the LSO for read_committed
                ends[p] = high
                assigned.append(TopicPartition(topic, p, low))
        consumer.assign(assigned)
        records: list = []
        deadline = time.monotonic() + 20
        while ends and time.monotonic() < deadline:
            msg = consumer.poll(0.5)
            if msg is not None and msg.error() is None:
                records.append(msg)
            positions = consumer.position(assigned)
            if all(tp.offset >= ends[tp.partition] for tp in positions):
                break
        return records
    finally:
        consumer.close()
