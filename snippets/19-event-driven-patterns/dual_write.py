"""The dual write: save an order in the database, then publish its event to Kafka.

The process dies between the two writes, as a real one does on an out-of-memory kill
or a redeploy. The database has the order; the topic never gets the event.
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

DB = Path(tempfile.gettempdir()) / "lesson19-dual-write.db"
TOPIC = "lesson19-orders-dual"


# --8<-- [start:dual]
def place_order(order_id: str, crash_between: bool) -> None:
    db = sqlite3.connect(DB)
    with db:  # 1. the database commits the order
        db.execute("INSERT INTO orders VALUES (?, 'placed')", (order_id,))
    db.close()
    if crash_between:
        os._exit(1)  # the process dies here: no exception, no cleanup
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-dual")
    event = {"order": order_id, "type": "OrderPlaced"}
    value = json.dumps(event).encode()
    producer.send(TOPIC, key=order_id.encode(), value=value).get(timeout=10)
    producer.close()  # 2. Kafka has the event


# --8<-- [end:dual]


def main() -> None:
    DB.unlink(missing_ok=True)
    with sqlite3.connect(DB) as db:
        db.execute("CREATE TABLE orders (id TEXT PRIMARY KEY, status TEXT)")
    fresh_topic(TOPIC)
    place_order("o-1", crash_between=False)  # a normal request
    child = multiprocessing.Process(target=place_order, args=("o-2", True))
    child.start()
    child.join()
    print(f"request for o-2: the process exited with status {child.exitcode}")
    with sqlite3.connect(DB) as db:
        rows = [r[0] for r in db.execute("SELECT id FROM orders ORDER BY id")]
    events = [r.key.decode() for r in read_all(TOPIC)]
    print(f"orders in the database: {rows}")
    print(f"events in {TOPIC}:  {events}")
    assert rows == ["o-1", "o-2"] and events == ["o-1"], (rows, events)
    print("o-2 exists, and no other service will ever hear of it")


if __name__ == "__main__":
    main()
