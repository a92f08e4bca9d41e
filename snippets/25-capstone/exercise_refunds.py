"""Exercise 2: paid, reserved and refunded orders per sku, against the stock.

Every sku should have as many RESERVED events as it had units in stock, and every
later paid order of that sku refunded.
"""

from __future__ import annotations

from collections import defaultdict

from setup import INITIAL_STOCK
from shop import INVENTORY, PAYMENTS, Codec, read_topic


def main() -> None:
    codec = Codec()
    by_sku: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for topic in (PAYMENTS, INVENTORY):
        for m in read_topic(topic):
            event = codec.decode(topic, m.value())
            by_sku[event["sku"]][event["status"]].append(event["order_id"])
    for sku, stock in INITIAL_STOCK.items():
        seen = by_sku[sku]
        paid, refunded = len(seen["PAID"]), len(seen["REFUNDED"])
        reserved = len(seen["RESERVED"])
        print(
            f"{sku}: stock {stock}, paid {paid}, reserved {reserved}, "
            f"refunded {refunded}"
        )
        assert reserved == stock, f"{sku} sold exactly its stock"
        assert refunded == paid - stock, "every later paid order was refunded"


if __name__ == "__main__":
    main()
