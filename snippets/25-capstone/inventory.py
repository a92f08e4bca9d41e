"""The inventory service: reserves one unit per paid order, or rejects the order.

It reads lesson25-payments and writes RESERVED or REJECTED to lesson25-inventory
(keyed by order id). Its state, the stock per sku, lives in the compacted topic
lesson25-stock: every change is written in the same transaction as the event and
the input offsets, and read back when the service starts.
"""

from __future__ import annotations

from processor import Out, run
from shop import INVENTORY, PAYMENTS, STOCK


# --8<-- [start:handle]
def handle(topic: str, value: dict, stock: dict) -> list[Out]:
    if value["status"] != "PAID":
        return []
    sku, order_id = value["sku"], value["order_id"]
    if stock.get(sku, 0) == 0:
        return [(INVENTORY, order_id, value | {"status": "REJECTED"})]
    stock[sku] -= 1
    return [
        (INVENTORY, order_id, value | {"status": "RESERVED"}),
        (STOCK, sku, stock[sku]),
    ]


# --8<-- [end:handle]


if __name__ == "__main__":
    run("inventory", [PAYMENTS], handle, state_topic=STOCK)
