"""Shared by Lesson 11's snippets: the topic names, the faulty handler, topic set-up.

The handler fails on purpose, and deterministically, so every run ends the same way:
- an order with an amount <= 0 is invalid: ValueError, retrying cannot help;
- some orders meet a payment service that does not answer (TimeoutError) for their
  first few attempts: a transient failure that a later attempt survives, or not.
"""

import time

from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

ORDERS = "lesson11-orders"
RETRY_TOPICS = ["lesson11-orders-retry-1", "lesson11-orders-retry-2"]
RETRY_DELAYS_S = [1.0, 2.0]  # how long a record waits in each retry topic
DLQ = "lesson11-orders-dlq"
PROCESSED = "lesson11-orders-processed"
MAX_ATTEMPTS = 1 + len(RETRY_TOPICS)  # the first try, then one per retry topic
RETRIABLE = (TimeoutError, ConnectionError)  # failures a later attempt may survive

# order id -> how many attempts time out before one succeeds (7 never succeeds)
TIMEOUTS_BEFORE_SUCCESS = {3: 1, 6: 1, 10: 2, 7: 99}


def handle(order: dict, attempt: int) -> dict:
    """Charge an order. Raises ValueError (fatal) or TimeoutError (transient)."""
    if order["amount"] <= 0:
        raise ValueError(f"invalid amount {order['amount']}")
    if attempt <= TIMEOUTS_BEFORE_SUCCESS.get(order["id"], 0):
        raise TimeoutError("payment service did not answer")
    return {"id": order["id"], "charged": order["amount"]}


def recreate_topics(admin: KafkaAdminClient, topics: list[NewTopic]) -> None:
    """Delete the topics if they exist, then create them afresh (one partition each)."""
    names = [t.name for t in topics]
    existing = [n for n in names if n in admin.list_topics()]
    if existing:
        admin.delete_topics(existing)
    deadline = time.monotonic() + 30
    for topic in topics:
        while True:
            try:
                admin.create_topics([topic])
                break
            except TopicAlreadyExistsError:  # the old topic is still being deleted
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    admin.wait_for_topics(names, timeout_ms=30_000)
