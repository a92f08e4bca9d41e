"""An idempotent consumer: a redelivered order is recognised by its id and skipped.

Kafka delivers at least once: the same order can arrive twice (a producer that sent
it again, or a consumer that crashed before it committed, Lesson 7). The consumer
keeps the ids it has applied in a small local store (SQLite), and records the id in
the same database transaction as the effect, so the two cannot disagree.
"""

import json
import os
import sqlite3
import tempfile

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from orders import recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson11-payments"
STORE = os.path.join(tempfile.gettempdir(), "lesson11-payments.sqlite")
ORDERS = [(1, 10), (2, 20), (2, 20), (3, 30)]  # order 2 was sent twice


# --8<-- [start:apply]
def apply(db: sqlite3.Connection, order_id: int, amount: int) -> bool:
    """Charge the order once. Return False if its id was already applied."""
    try:
        with db:  # one transaction: the id and the effect, or neither
            db.execute("INSERT INTO applied (order_id) VALUES (?)", (order_id,))
            db.execute("UPDATE balance SET total = total + ?", (amount,))
    except sqlite3.IntegrityError:  # the primary key already holds this id
        return False
    return True


# --8<-- [end:apply]


def setup() -> sqlite3.Connection:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, 1, 1)])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson11-payer")
    try:
        for order_id, amount in ORDERS:
            value = json.dumps({"id": order_id, "amount": amount}).encode()
            producer.send(TOPIC, value).get(timeout=10)
    finally:
        producer.close()
    if os.path.exists(STORE):
        os.remove(STORE)  # a fresh store for a fresh topic
    db = sqlite3.connect(STORE)
    db.execute("CREATE TABLE applied (order_id INTEGER PRIMARY KEY)")
    db.execute("CREATE TABLE balance (total INTEGER)")
    db.execute("INSERT INTO balance VALUES (0)")
    db.commit()
    return db


def read_once(db: sqlite3.Connection, name: str) -> int:
    """Read the whole topic, as a consumer with no committed offset would; return
    how many records were delivered."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-idempotent", group_id=None
    )
    try:
        tp = TopicPartition(TOPIC, 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        delivered = 0
        while consumer.position(tp) < end:
            for record in consumer.poll(timeout_ms=1000).get(tp, []):
                delivered += 1
                order = json.loads(record.value)
                done = apply(db, order["id"], order["amount"])
                verdict = "applied" if done else "skipped, already applied"
                print(f"{name}: offset {record.offset}, order {order['id']}: {verdict}")
    finally:
        consumer.close()
    return delivered


def main() -> None:
    db = setup()
    try:
        delivered = read_once(db, "read 1")
        delivered += read_once(db, "read 2")  # the redelivery: all of it again
        [(total,)] = db.execute("SELECT total FROM balance").fetchall()
        [(count,)] = db.execute("SELECT COUNT(*) FROM applied").fetchall()
    finally:
        db.close()
    print(f"{delivered} deliveries, {count} orders applied, total charged {total}")
    assert (count, total) == (3, 60), "an order was charged twice"


if __name__ == "__main__":
    main()
