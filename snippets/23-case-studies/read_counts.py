"""Read the closed windows from the output topic and check them against what was sent.

Each result is keyed by page, with the window's start, end and count in its value. A
consumer that stores them by (page, window start) gets the same table if Quix ever
emits a result twice (its default guarantee is at-least-once).

Usage: python read_counts.py [--grace-ms N]   (the grace period the app ran with)
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from clicks import COUNTS, clock
from common import read_all
from send_views import BATCHES

EXPECTED = {  # counted in minute 0, for the grace periods this lesson runs
    10_000: {"/home": 3, "/pricing": 3},
    0: {"/home": 3, "/pricing": 2},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grace-ms", type=int, choices=EXPECTED, default=10_000)
    grace_ms = parser.parse_args().grace_ms
    table: dict[tuple[str, int], int] = {}
    for record in read_all(COUNTS):
        window = json.loads(record.value)
        table[(record.key.decode(), window["start"])] = window["value"]  # an upsert
    print(f"{COUNTS}:")
    for (page, start), views in sorted(table.items()):
        end = start + 60_000
        print(f"  {page:9} {clock(start)}-{clock(end)} views={views}")
    sent = Counter(
        page for batch in BATCHES for second, _, page in batch if second < 60
    )
    counted = {page: views for (page, _), views in table.items()}
    for page in sorted(sent):
        print(f"{page}: {sent[page]} views sent for minute 0, {counted[page]} counted")
    assert counted == EXPECTED[grace_ms], f"expected {EXPECTED[grace_ms]}"
    assert sent == {"/home": 4, "/pricing": 3}, sent


if __name__ == "__main__":
    main()
