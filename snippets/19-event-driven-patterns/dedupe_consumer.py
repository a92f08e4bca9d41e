"""An idempotent consumer: the dedupe record and the effect in one database transaction.

Reads every event of lesson19-orders (the outbox relay wrote o-2's twice), and counts
items per product in a read model. A `processed` table keyed by event id, written in the
same local transaction as the count, makes a repeated event a no-op: in this run and in
any later replay.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

from common import read_all

DB = Path(tempfile.gettempdir()) / "lesson19-inventory.db"
TOPIC = "lesson19-orders"


# --8<-- [start:apply]
def apply(db: sqlite3.Connection, event_id: str, event: dict) -> bool:
    """Apply one event once; False if this event id was applied before."""
    with db:  # the dedupe row and the effect commit together, or not at all
        cursor = db.execute(
            "INSERT OR IGNORE INTO processed (event_id) VALUES (?)", (event_id,)
        )
        if cursor.rowcount == 0:
            return False  # seen before: skip the effect
        db.execute(
            "INSERT INTO sold (item, n) VALUES (?, 1)"
            " ON CONFLICT (item) DO UPDATE SET n = n + 1",
            (event["item"],),
        )
    return True


# --8<-- [end:apply]


def main() -> None:
    DB.unlink(missing_ok=True)
    db = sqlite3.connect(DB)
    db.execute("CREATE TABLE processed (event_id TEXT PRIMARY KEY)")
    db.execute("CREATE TABLE sold (item TEXT PRIMARY KEY, n INTEGER)")
    for run in ("first read", "replay"):
        records = read_all(TOPIC)
        applied = 0
        for record in records:
            event_id = dict(record.headers)["event_id"].decode()
            applied += apply(db, event_id, json.loads(record.value))
        skipped = len(records) - applied
        print(f"{run}: {len(records)} events, applied {applied}, skipped {skipped}")
    sold = dict(db.execute("SELECT item, n FROM sold ORDER BY item").fetchall())
    print(f"read model, items sold: {sold}")
    assert sold == {"chair": 1, "desk": 1, "lamp": 1}, sold
    db.close()


if __name__ == "__main__":
    main()
