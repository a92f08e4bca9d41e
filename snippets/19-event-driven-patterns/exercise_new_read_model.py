"""Exercise 2's solution: a third read model, built later from the same events.

How many orders each customer placed, and how many of them were cancelled. Nothing is
produced: the events of projections.py are still in lesson19-order-events.
"""

from __future__ import annotations

import json
from collections import Counter

from common import read_all

placed: Counter[str] = Counter()
cancelled: Counter[str] = Counter()
for record in read_all("lesson19-order-events"):
    event = json.loads(record.value)
    if event["type"] == "placed":
        placed[event["customer"]] += 1
    elif event["type"] == "cancelled":
        cancelled[event["customer"]] += 1
for customer in sorted(placed):
    print(f"{customer}: {placed[customer]} placed, {cancelled[customer]} cancelled")
assert sum(placed.values()) == 6 and sum(cancelled.values()) == 1
