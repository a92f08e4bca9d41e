"""Create the order pipeline's topics and write 23 order events, 3 of them invalid.

Keys are order ids, so every event of one order lands in the same partition, in the
order it was sent. Three events are broken on purpose: a negative amount, a missing
customer, and bytes that are not JSON at all (a "poison pill").
"""

from __future__ import annotations

import json

from common import BOOTSTRAP, fresh_topics
from kafka import KafkaProducer
from kafka.admin import NewTopic

ORDERS, STATUS, DLQ = "lesson23-orders", "lesson23-order-status", "lesson23-orders-dlq"
GROUP = "lesson23-order-processor"


def event(n: int, stage: str, **fields: object) -> tuple[str, bytes]:
    order = {"order_id": f"o-{n:02}", "customer": f"c-{n % 3}", "event": stage}
    order |= {"amount_cents": 1000 * n} | fields
    return order["order_id"], json.dumps(order).encode()


def events() -> list[tuple[str, bytes]]:
    """(order id, value): orders 1-8 placed, then paid; the odd ones shipped."""
    out = [event(n, "placed") for n in range(1, 9)]
    out += [event(n, "paid") for n in range(1, 9)]
    out += [event(n, "shipped") for n in range(1, 9, 2)]
    out.insert(3, event(9, "placed", amount_cents=-500))  # invalid: amount
    out.insert(9, event(10, "placed", customer=None))  # invalid: no customer
    out.insert(15, ("o-11", b"{order o-11, oops"))  # invalid: not JSON at all
    return out


def main() -> None:
    # --8<-- [start:topics]
    fresh_topics(
        [
            NewTopic(ORDERS, num_partitions=6, replication_factor=1),
            NewTopic(STATUS, num_partitions=6, replication_factor=1),
            NewTopic(
                DLQ,
                num_partitions=1,
                replication_factor=1,
                topic_configs={"retention.ms": str(30 * 24 * 3600 * 1000)},
            ),
        ],
        groups=(GROUP,),
    )
    # --8<-- [end:topics]
    with KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all") as producer:
        for key, value in events():
            producer.send(ORDERS, key=key.encode(), value=value)
        producer.flush()
    print(f"{len(events())} order events written to {ORDERS} (6 partitions)")


if __name__ == "__main__":
    main()
