"""Exercise 1: reject what can never succeed, after writing it to a dead-letter topic.

Orders are JSON; one of them is not. The worker (explicit acknowledgement) accepts each
order it can parse. For one it cannot, it first writes the record to
lesson24-dead-letters, waits for that write, and only then rejects it, so the broker
archives a record that is safe elsewhere.
"""

from __future__ import annotations

import json
import time

from confluent_kafka import AcknowledgeType, Consumer, Producer, ShareConsumer
from confluent_kafka.admin import AdminClient
from workqueue import BOOTSTRAP, make_queue, recreate_topic

TOPIC = "lesson24-orders"
GROUP = "lesson24-order-workers"
DEAD = "lesson24-dead-letters"
ORDERS = ['{"id": 1}', '{"id": 2}', "not json {", '{"id": 4}']


def main() -> None:
    make_queue(TOPIC, GROUP)
    recreate_topic(AdminClient({"bootstrap.servers": BOOTSTRAP}), DEAD)
    producer = Producer({"bootstrap.servers": BOOTSTRAP})
    for order in ORDERS:
        producer.produce(TOPIC, value=order)
    producer.flush(10)

    consumer = ShareConsumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": GROUP,
            "share.acknowledgement.mode": "explicit",
        }
    )
    consumer.subscribe([TOPIC])
    seen = 0
    deadline = time.monotonic() + 30
    try:
        while seen < len(ORDERS) and time.monotonic() < deadline:
            records = [m for m in consumer.poll(0.5) if m.error() is None]
            for msg in records:
                seen += 1
                try:
                    order = json.loads(msg.value())
                except ValueError:
                    producer.produce(DEAD, value=msg.value(), key=str(msg.offset()))
                    if producer.flush(10) > 0:  # not safe elsewhere: try again later
                        consumer.acknowledge(msg, AcknowledgeType.RELEASE)
                        continue
                    consumer.acknowledge(msg, AcknowledgeType.REJECT)
                    print(f"offset {msg.offset()}: dead-lettered, REJECT")
                    continue
                consumer.acknowledge(msg, AcknowledgeType.ACCEPT)
                print(f"offset {msg.offset()}: order {order['id']}, ACCEPT")
            if records:
                for error in consumer.commit_sync().values():
                    if error is not None:  # e.g. INVALID_RECORD_STATE: lock expired
                        raise error
    finally:
        consumer.close()

    reader = Consumer(
        {
            "bootstrap.servers": BOOTSTRAP,
            "group.id": "lesson24-dead-letter-reader",
            "auto.offset.reset": "earliest",
            "enable.auto.commit": False,
        }
    )
    reader.subscribe([DEAD])
    dead = []
    deadline = time.monotonic() + 15
    try:
        while not dead and time.monotonic() < deadline:
            msg = reader.poll(0.5)
            if msg is not None and msg.error() is None:
                dead.append(msg.value().decode())
    finally:
        reader.close()
    print(f"{DEAD} holds {dead}")
    assert dead == ["not json {"], dead


if __name__ == "__main__":
    main()
