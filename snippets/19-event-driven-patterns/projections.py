"""Event sourcing and CQRS: the events are the record of truth; read models are folds.

Writes the lifecycle events of six orders to lesson19-order-events (keyed by order id,
three partitions: each order's events stay in order). Builds two read models from the
same events: the status of each order, and revenue per customer. Then throws the read
models away and rebuilds them from the topic: the same answer, from the log alone.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter

from common import BOOTSTRAP, fresh_topic, read_all
from kafka import KafkaProducer

TOPIC = "lesson19-order-events"
EVENTS = [  # (order, event type, customer, amount in cents)
    ("o-1", "placed", "ana", 4200), ("o-2", "placed", "ben", 1500),
    ("o-1", "paid", "ana", 4200), ("o-3", "placed", "ana", 990),
    ("o-2", "cancelled", "ben", 1500), ("o-4", "placed", "cy", 7300),
    ("o-1", "shipped", "ana", 4200), ("o-4", "paid", "cy", 7300),
    ("o-5", "placed", "ben", 2500), ("o-3", "paid", "ana", 990),
    ("o-6", "placed", "cy", 600), ("o-5", "paid", "ben", 2500),
]  # fmt: skip


# --8<-- [start:fold]
def build_read_models() -> tuple[dict[str, str], Counter[str]]:
    """Fold every event, from offset 0, into two read models."""
    status: dict[str, str] = {}  # order -> its latest status
    revenue: Counter[str] = Counter()  # customer -> cents paid
    for record in read_all(TOPIC):
        event = json.loads(record.value)
        status[event["order"]] = event["type"]
        if event["type"] == "paid":
            revenue[event["customer"]] += event["amount"]
    return status, revenue


# --8<-- [end:fold]


def digest(models: tuple[dict[str, str], Counter[str]]) -> str:
    text = json.dumps([sorted(models[0].items()), sorted(models[1].items())])
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def main() -> None:
    fresh_topic(TOPIC, partitions=3)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-events")
    for order, kind, customer, amount in EVENTS:
        event = {"order": order, "type": kind, "customer": customer, "amount": amount}
        producer.send(TOPIC, key=order.encode(), value=json.dumps(event).encode())
    producer.flush()
    producer.close()
    status, revenue = build_read_models()
    print(f"{len(EVENTS)} events on 3 partitions; read model 1, status per order:")
    print("  " + ", ".join(f"{o} {s}" for o, s in sorted(status.items())))
    print(f"read model 2, cents paid per customer: {dict(sorted(revenue.items()))}")
    first = digest((status, revenue))
    del status, revenue  # the read models are lost: a bug, a new schema, a new index
    second = digest(build_read_models())
    print(f"rebuilt from the topic alone: digest {first} -> {second}")
    assert first == second


if __name__ == "__main__":
    main()
