"""What the Lesson 16 snippets share: the broker address, the names, a clean start.

Quix Streams names its internal topics after the consumer group:
`changelog__<group>--<topic>--<store>` and `repartition__<group>--...`. They do not
start with `lesson16-`, so `forget()` deletes them together with the group and the
app's local state directory.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from kafka import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
CLICKS_TOPIC = "lesson16-clicks"
PROFILES_TOPIC = "lesson16-profiles"
VISITS_TOPIC = "lesson16-visits"
STATE_DIR = Path(tempfile.gettempdir()) / "lesson16-state"  # Quix's local state


def second(ms: int) -> str:
    """An event time as the second of its minute (the demo fits in one minute)."""
    return f"s{ms // 1000 % 60:02d}"


def internal_topics(admin: KafkaAdminClient, group: str) -> list[str]:
    """The changelog and repartition topics Quix Streams made for this group."""
    kinds = (f"changelog__{group}--", f"repartition__{group}--")
    return sorted(t for t in admin.list_topics() if t.startswith(kinds))


def forget(group: str) -> None:
    """Delete a Quix app's committed offsets, internal topics and local state."""
    shutil.rmtree(STATE_DIR / group, ignore_errors=True)  # Quix's <state_dir>/<group>
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        if group in {g["group_id"] for g in admin.list_groups()}:
            admin.delete_groups([group])  # its committed offsets go with it
        doomed = internal_topics(admin, group)
        if doomed:
            admin.delete_topics(doomed)
        deadline = time.monotonic() + 30
        while internal_topics(admin, group):  # deletion is asynchronous
            if time.monotonic() > deadline:
                raise SystemExit(f"topics of {group} still there after 30 s")
            time.sleep(0.2)
    finally:
        admin.close()
