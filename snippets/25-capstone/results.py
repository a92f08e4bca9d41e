"""The shop's results, read back from its topics: counts, outcomes, windows, DLQ.

Usage: python results.py ORDERS. It waits (at most 60 s) until the ORDERS orders
have settled: each one declined, reserved, or rejected and refunded. Then it asserts
that no order was lost or duplicated at any hop (read_committed). The services read
the last events a moment after they appear: it waits (at most 30 s) until every group
has read everything and the stream processor's windows add up to the events, asserts
that the stock agrees with them too, and prints what it read.
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter

from monitor import lag
from setup import INITIAL_STOCK
from shop import (
    DLQ,
    INVENTORY,
    PAYMENTS,
    STATS,
    STOCK,
    TOPICS,
    Codec,
    read_topic,
)

STATUSES = ["PAID", "DECLINED", "RESERVED", "REJECTED", "REFUNDED"]


def events(codec: Codec) -> list[dict]:
    return [codec.decode(m.topic(), m.value()) for m in read_topic(PAYMENTS)] + [
        codec.decode(m.topic(), m.value()) for m in read_topic(INVENTORY)
    ]


def settled(found: list[dict], orders: int) -> bool:
    done = {"DECLINED", "RESERVED", "REFUNDED"}
    return len({e["order_id"] for e in found if e["status"] in done}) >= orders


def latest(topic: str) -> dict:
    """The latest value per key: what compaction keeps."""
    return {m.key().decode(): json.loads(m.value()) for m in read_topic(topic)}


def check(found: list[dict], orders: int) -> Counter:
    """Assert exactly one event per order and status, and the saga's rules."""
    pairs = Counter((e["order_id"], e["status"]) for e in found)
    twice = [pair for pair, n in pairs.items() if n > 1]
    assert not twice, f"duplicated downstream: {twice}"
    status = Counter(s for _, s in pairs)
    assert status["PAID"] + status["DECLINED"] == orders, "an order was lost"
    assert status["RESERVED"] + status["REJECTED"] == status["PAID"]
    assert status["REFUNDED"] == status["REJECTED"], "a rejection was not refunded"
    return status


def caught_up() -> bool:
    """No group has a record left after its committed offset (monitor.py's lag)."""
    return not any(left for _, left in lag().values())


def counted(windows: dict, status: Counter) -> bool:
    """Do the stream processor's windows add up to the events in the topics?"""
    totals = {s: sum(w.get(s, 0) for w in windows.values()) for s in STATUSES}
    return totals == {s: status[s] for s in STATUSES}


def main(orders: int) -> None:
    codec = Codec()
    deadline = time.monotonic() + 60
    while not settled(found := events(codec), orders):
        assert time.monotonic() < deadline, "the orders did not settle in 60 s"
        time.sleep(1)
    status = check(found, orders)
    deadline = time.monotonic() + 30
    while not (counted(windows := latest(STATS), status) and caught_up()):
        assert time.monotonic() < deadline, f"not caught up in 30 s: stats {windows}"
        time.sleep(0.5)
    reserved = Counter(e["sku"] for e in found if e["status"] == "RESERVED")
    stock = latest(STOCK)
    assert stock == {s: n - reserved[s] for s, n in INITIAL_STOCK.items()}
    # --8<-- [start:print]
    print(f"{'topic':20} {'read_committed':>14} {'read_uncommitted':>17}")
    for t in TOPICS:
        print(f"{t.name:20} {len(read_topic(t.name)):>14} "
              f"{len(read_topic(t.name, committed=False)):>17}")  # fmt: skip
    print(
        f"{orders} orders, each event once:",
        ", ".join(f"{s} {status[s]}" for s in STATUSES),
    )
    print(f"stock left: {stock}")
    print(f"{'window (UTC)':17}" + "".join(f"{s:>9}" for s in STATUSES) + "  revenue")
    for key, w in sorted(windows.items()):
        counts = "".join(f"{w.get(s, 0):>9}" for s in STATUSES)
        print(f"{key:17}{counts}{w['revenue_cents'] / 100:>9.2f}")
    for m in sorted(read_topic(DLQ), key=lambda m: m.key()):  # in key order
        h = {k: v.decode() for k, v in m.headers()}
        print(f"dead letter {m.key().decode()} from {h['source']}: {h['error.class']}")
    # --8<-- [end:print]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 24)
