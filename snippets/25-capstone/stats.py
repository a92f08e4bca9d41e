"""The stream processor: events and revenue per status per 2-minute window.

It reads lesson25-payments and lesson25-inventory and folds each event into the
tumbling window of its order's event time (ordered_at). Each window's counts are
its state, kept in the compacted topic lesson25-stats, keyed by the window's start.
"""

from __future__ import annotations

from datetime import UTC, datetime

from processor import Out, run
from shop import INVENTORY, PAYMENTS, STATS

WINDOW_MS = 120_000
REVENUE = {"PAID": 1, "REFUNDED": -1}


# --8<-- [start:handle]
def handle(topic: str, value: dict, windows: dict) -> list[Out]:
    start = value["ordered_at"] // WINDOW_MS * WINDOW_MS  # tumbling, on event time
    key = datetime.fromtimestamp(start / 1000, UTC).strftime("%Y-%m-%d %H:%M")
    counts = windows.setdefault(key, {"revenue_cents": 0})
    counts[value["status"]] = counts.get(value["status"], 0) + 1
    counts["revenue_cents"] += REVENUE.get(value["status"], 0) * value["amount_cents"]
    return [(STATS, key, counts)]


# --8<-- [end:handle]


if __name__ == "__main__":
    run("stats", [PAYMENTS, INVENTORY], handle, state_topic=STATS)
