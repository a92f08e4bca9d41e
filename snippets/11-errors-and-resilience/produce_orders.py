"""Create the pipeline's topics afresh and write 12 orders to lesson11-orders.

Order 4 is a poison message (not JSON); order 9 has an invalid amount; the others
are valid, and some of them meet the handler's timeouts (see orders.py).
"""

import json
import os

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from orders import DLQ, ORDERS, PROCESSED, RETRY_TOPICS, recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
GROUPS = ["lesson11-worker", "lesson11-replayer"]
COUNT = 12


def value_of(order_id: int) -> bytes:
    if order_id == 4:
        return b"not json {"  # the poison message
    amount = -5 if order_id == 9 else 10 * order_id
    return json.dumps({"id": order_id, "amount": amount}).encode()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        names = [ORDERS, *RETRY_TOPICS, DLQ, PROCESSED]
        recreate_topics(admin, [NewTopic(name, 1, 1) for name in names])
        admin.delete_groups(GROUPS)  # forget offsets committed by an earlier run
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson11-orders")
    try:
        for order_id in range(1, COUNT + 1):
            key = str(order_id).encode()
            producer.send(ORDERS, value_of(order_id), key=key).get(timeout=10)
    finally:
        producer.close()
    print(f"wrote {COUNT} orders to {ORDERS}; the other topics:")
    for name in names[1:]:
        print(f"  {name}")


if __name__ == "__main__":
    main()
