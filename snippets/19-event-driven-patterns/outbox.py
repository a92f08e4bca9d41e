"""The transactional outbox: the order and its event in one database transaction, then a
relay that publishes the outbox rows to Kafka and marks them published.

The relay is killed after Kafka acknowledged a row and before it marked the row: on
restart it sends that row again. Nothing is lost; one event is duplicated.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sqlite3
import tempfile
from pathlib import Path

from common import BOOTSTRAP, fresh_topic, read_all
from kafka import KafkaProducer

DB = Path(tempfile.gettempdir()) / "lesson19-outbox.db"
TOPIC = "lesson19-orders"


# --8<-- [start:place]
def place_order(db: sqlite3.Connection, order_id: str, item: str) -> None:
    event = {"event_id": f"{order_id}-placed", "order": order_id, "item": item}
    with db:  # one local transaction: both rows, or neither
        db.execute("INSERT INTO orders VALUES (?, ?, 'placed')", (order_id, item))
        db.execute(
            "INSERT INTO outbox (event_id, key, value) VALUES (?, ?, ?)",
            (event["event_id"], order_id, json.dumps(event)),
        )


# --8<-- [end:place]


# --8<-- [start:relay]
def relay(crash_after: str | None = None) -> int:
    """Publish every unpublished outbox row, in order; return how many were sent."""
    db = sqlite3.connect(DB)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-relay")
    rows = db.execute(
        "SELECT id, event_id, key, value FROM outbox WHERE published = 0 ORDER BY id"
    ).fetchall()
    for row_id, event_id, key, value in rows:
        future = producer.send(
            TOPIC,
            key=key.encode(),
            value=value.encode(),
            headers=[("event_id", event_id.encode())],
        )
        future.get(timeout=10)  # Kafka acknowledged it
        if event_id == crash_after:
            os._exit(1)  # killed before the UPDATE below
        with db:
            db.execute("UPDATE outbox SET published = 1 WHERE id = ?", (row_id,))
    producer.close()
    db.close()
    return len(rows)


# --8<-- [end:relay]


def main() -> None:
    DB.unlink(missing_ok=True)
    db = sqlite3.connect(DB)
    db.execute("CREATE TABLE orders (id TEXT PRIMARY KEY, item TEXT, status TEXT)")
    db.execute(
        "CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        " event_id TEXT UNIQUE, key TEXT, value TEXT, published INTEGER DEFAULT 0)"
    )
    fresh_topic(TOPIC)
    for order_id, item in (("o-1", "lamp"), ("o-2", "desk"), ("o-3", "chair")):
        place_order(db, order_id, item)
    child = multiprocessing.Process(target=relay, kwargs={"crash_after": "o-2-placed"})
    child.start()
    child.join()
    print(f"relay 1: killed (status {child.exitcode}) after Kafka acked o-2-placed")
    rows = db.execute("SELECT event_id, published FROM outbox ORDER BY id").fetchall()
    print("outbox rows, published?", ", ".join(f"{e} {bool(p)}" for e, p in rows))
    print(f"relay 2: sent {relay()} rows")
    keys = [r.key.decode() for r in read_all(TOPIC)]
    print(f"events in {TOPIC}: {keys}")
    assert keys == ["o-1", "o-2", "o-2", "o-3"], keys
    print("every order has its event; o-2's is there twice (at-least-once)")
    db.close()


if __name__ == "__main__":
    main()
