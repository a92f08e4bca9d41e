"""The payments service: charges each order, and refunds the orders inventory rejects.

It reads lesson25-orders and lesson25-inventory, and writes PAID, DECLINED and
REFUNDED events to lesson25-payments, keyed by sku, so that one inventory instance
sees every event of a sku, in order. A card is declined above 400.00.
"""

from __future__ import annotations

from processor import Out, run
from shop import INVENTORY, ORDERS, PAYMENTS

LIMIT = 40_000  # cents


# --8<-- [start:handle]
def handle(topic: str, value: dict, state: dict) -> list[Out]:
    if topic == ORDERS:
        status = "PAID" if value["amount_cents"] <= LIMIT else "DECLINED"
    elif value["status"] == "REJECTED":  # the saga's compensation
        status = "REFUNDED"
    else:
        return []
    event = {k: value[k] for k in ("order_id", "sku", "amount_cents", "ordered_at")}
    return [(PAYMENTS, value["sku"], event | {"status": status})]


# --8<-- [end:handle]


if __name__ == "__main__":
    run("payments", [ORDERS, INVENTORY], handle)
