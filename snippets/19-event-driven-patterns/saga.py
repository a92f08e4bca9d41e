"""A choreographed saga with a compensating step: orders, payments and inventory.

Three services react to each other's events on one topic, keyed by order id. Payment
charges first; when inventory then fails, payment compensates with a refund and the
order is cancelled. There is no distributed transaction: each step is a local one, and
each failure is undone by a new event, never by erasing an old one.

The three services run in one loop here so that the run is short; in production each
is its own process with its own consumer group.
"""

from __future__ import annotations

import json
import time
from collections import defaultdict

from common import BOOTSTRAP, fresh_topic, read_all
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

TOPIC = "lesson19-saga"
stock = {"lamp": 2}  # inventory's own state: two lamps left
ORDERS = ["o-1", "o-2", "o-3"]  # three orders for one lamp each


# --8<-- [start:services]
def payments(event: dict) -> str | None:
    if event["type"] == "OrderPlaced":
        return "PaymentCharged"
    if event["type"] == "StockFailed":
        return "PaymentRefunded"  # the compensating step
    return None


def inventory(event: dict) -> str | None:
    if event["type"] == "PaymentCharged":
        if stock["lamp"] == 0:
            return "StockFailed"
        stock["lamp"] -= 1
        return "StockReserved"
    return None


def orders(event: dict) -> str | None:
    if event["type"] == "StockReserved":
        return "OrderConfirmed"
    if event["type"] == "PaymentRefunded":
        return "OrderCancelled"
    return None


# --8<-- [end:services]


def run_saga(producer: KafkaProducer) -> int:
    """Feed every event to every service until no event is left to handle.

    Each reaction is flushed before the next poll, so once the consumer has reached
    the end of the topic, no service has anything left to say."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-saga")
    tp = TopicPartition(TOPIC, 0)
    consumer.assign([tp])
    consumer.seek_to_beginning()
    handled, deadline = 0, time.monotonic() + 30
    while consumer.position(tp) < consumer.end_offsets([tp])[tp]:
        if time.monotonic() > deadline:
            raise TimeoutError(f"the saga did not settle in 30 s ({handled} events)")
        for records in consumer.poll(timeout_ms=200).values():
            for record in records:
                handled += 1
                event = json.loads(record.value)
                for service in (payments, inventory, orders):
                    reaction = service(event)
                    if reaction:
                        new = {"order": event["order"], "type": reaction}
                        value = json.dumps(new).encode()
                        producer.send(TOPIC, key=record.key, value=value)
                producer.flush()
    consumer.close()
    return handled


def main() -> None:
    lamps = stock["lamp"]
    fresh_topic(TOPIC)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-saga")
    for order in ORDERS:
        placed = {"order": order, "type": "OrderPlaced"}
        producer.send(TOPIC, key=order.encode(), value=json.dumps(placed).encode())
    producer.flush()
    handled = run_saga(producer)
    producer.close()
    history: dict[str, list[str]] = defaultdict(list)
    for record in read_all(TOPIC):  # read back from the topic, not from memory
        event = json.loads(record.value)
        history[event["order"]].append(event["type"])
    print(f"the services handled {handled} events; each order's story, from the topic:")
    for order in ORDERS:
        print(f"  {order}: " + " -> ".join(history[order]))
    charged = sum(h.count("PaymentCharged") for h in history.values())
    refunded = sum(h.count("PaymentRefunded") for h in history.values())
    confirmed = sum(h[-1] == "OrderConfirmed" for h in history.values())
    print(f"charged {charged}, refunded {refunded}, confirmed {confirmed}")
    # every charge not refunded is a confirmed order, and no lamp was sold twice
    assert charged - refunded == confirmed == min(lamps, len(ORDERS)), history


if __name__ == "__main__":
    main()
