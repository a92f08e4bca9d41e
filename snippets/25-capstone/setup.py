"""Step 1: create the shop's topics, register its schemas, and stock the warehouse.

Safe to run again: it deletes the lesson's topics, consumer groups and registry
subjects first. The initial stock goes to the compacted topic lesson25-stock, where
the inventory service keeps its state.
"""

from __future__ import annotations

import json
import time

from confluent_kafka import KafkaException, Producer
from confluent_kafka.admin import AdminClient, NewTopic
from confluent_kafka.schema_registry import Schema
from shop import BOOTSTRAP, SCHEMAS, STOCK, TOPICS, registry

INITIAL_STOCK = {"chair": 12, "desk": 4, "lamp": 6, "sofa": 0}
GROUPS = ["lesson25-payments", "lesson25-inventory", "lesson25-stats"]


def recreate_topics(admin: AdminClient) -> None:
    names = [t.name for t in TOPICS]
    existing = [n for n in names if n in admin.list_topics(timeout=10).topics]
    for future in admin.delete_topics(existing).values() if existing else []:
        future.result()
    for future in admin.delete_consumer_groups(GROUPS).values():
        try:
            future.result()
        except KafkaException:
            pass  # the group does not exist yet
    deadline = time.monotonic() + 30
    for t in TOPICS:
        new = NewTopic(t.name, t.partitions, 1, config=t.configs)
        while True:  # deletion is asynchronous: retry the create until it works
            try:
                admin.create_topics([new])[t.name].result()
                break
            except KafkaException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


def register_schemas() -> dict[str, int]:
    client = registry()
    ids = {}
    for topic, schema in SCHEMAS.items():
        subject = f"{topic}-value"
        if subject in client.get_subjects():
            client.delete_subject(subject)
            client.delete_subject(subject, permanent=True)
        ids[subject] = client.register_schema(subject, Schema(schema, "AVRO"))
        client.set_compatibility(subject, "BACKWARD")
    return ids


def main() -> None:
    admin = AdminClient({"bootstrap.servers": BOOTSTRAP})
    recreate_topics(admin)
    print(f"{'topic':20} {'parts':>5}  {'key':12} configs")
    for t in TOPICS:
        configs = ", ".join(f"{k}={v}" for k, v in t.configs.items())
        print(f"{t.name:20} {t.partitions:>5}  {t.key:12} {configs}")
    for subject, schema_id in register_schemas().items():
        print(f"registered {subject}: schema id {schema_id}, BACKWARD")
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "client.id": "lesson25-setup"})
    for sku, count in INITIAL_STOCK.items():
        producer.produce(STOCK, key=sku, value=json.dumps(count))
    assert producer.flush(10) == 0, "the initial stock was not written"
    print(f"stock: {INITIAL_STOCK}")


if __name__ == "__main__":
    main()
