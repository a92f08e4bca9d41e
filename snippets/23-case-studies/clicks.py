"""What the clickstream snippets share: names, the event-time base, a clean start.

Event times are real timestamps in the past. To read them at a glance, the snippets
show each one as minutes:seconds from the start of the ten-minute block it falls in
(`T0`, a multiple of ten minutes), so 00:05 is five seconds after T0.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from common import BOOTSTRAP, fresh_topics
from kafka import KafkaAdminClient
from kafka.admin import NewTopic

VIEWS = "lesson23-page-views"  # keyed by session id
COUNTS = "lesson23-views-per-minute"  # keyed by page: one result per closed window
APP = "lesson23-page-counts"  # the app's consumer group: it names Quix's topics
STATE_DIR = Path(tempfile.gettempdir()) / "lesson23-state"
T0 = (int(time.time()) // 600 - 1) * 600 * 1000  # a ten-minute block, in the past


def clock(ms: int) -> str:
    """An event time as mm:ss from the start of its ten-minute block."""
    seconds = ms // 1000 % 600
    return f"{seconds // 60:02}:{seconds % 60:02}"


def internal_topics(admin: KafkaAdminClient) -> list[str]:
    """The repartition and changelog topics Quix Streams made for the app."""
    kinds = (f"changelog__{APP}--", f"repartition__{APP}--")
    return sorted(t for t in admin.list_topics() if t.startswith(kinds))


def start_clean() -> None:
    """Empty input and output topics; no offsets, internal topics or local state."""
    shutil.rmtree(STATE_DIR, ignore_errors=True)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson23-admin")
    try:
        doomed = internal_topics(admin)
        if doomed:
            admin.delete_topics(doomed)
    finally:
        admin.close()
    fresh_topics(
        [NewTopic(VIEWS, 6, 1), NewTopic(COUNTS, 6, 1)],
        groups=(APP,),
    )
