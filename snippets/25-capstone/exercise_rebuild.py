"""Exercise 1: rebuild the stream processor's windows from the events alone.

Folds every event of lesson25-payments and lesson25-inventory with stats.handle(),
once with read_committed and once with read_uncommitted, and compares each rebuild
with the latest value per window in the compacted topic lesson25-stats.
"""

from __future__ import annotations

import json

from shop import INVENTORY, PAYMENTS, STATS, Codec, read_topic
from stats import handle


def rebuild(committed: bool) -> dict:
    codec = Codec()
    windows: dict = {}
    for topic in (PAYMENTS, INVENTORY):
        for m in read_topic(topic, committed):
            handle(topic, codec.decode(topic, m.value()), windows)
    return windows


def main() -> None:
    stored = {m.key().decode(): json.loads(m.value()) for m in read_topic(STATS)}
    for committed in (True, False):
        level = "read_committed" if committed else "read_uncommitted"
        rebuilt = rebuild(committed)
        same = rebuilt == stored
        print(f"{level:16}: {len(rebuilt)} windows, the same as lesson25-stats: {same}")
        assert same == committed, "only the committed events rebuild the same state"


if __name__ == "__main__":
    main()
