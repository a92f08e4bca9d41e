"""Count page views per page in one-minute tumbling windows, on event time.

The input is keyed by session; `group_by("page")` re-keys each view by its page
through a repartition topic, so that all views of a page meet in one partition and
one state store. A window is emitted once, when it closes: when a later view of the
same page passes its end plus the grace period. A view for a closed window is late:
`on_late` prints it, and it is not counted. Runs until Ctrl-C.

Usage: python page_counts.py [--grace-ms N]   (default: 10000)
"""

from __future__ import annotations

import argparse

from clicks import APP, BOOTSTRAP, COUNTS, STATE_DIR, VIEWS, clock, start_clean
from quixstreams import Application


def late(value, key, timestamp_ms, late_by_ms, start, end, *_: object) -> bool:
    window = f"{clock(start)}-{clock(end)}"
    print(f"late: {key} at {clock(timestamp_ms)}, window {window} closed: dropped")
    return False  # printed here: Quix need not log a warning too


def show(window: dict, key: str, timestamp: int, headers: object) -> None:
    start, end = clock(window["start"]), clock(window["end"])
    print(f"{key:9} {start}-{end} views={window['value']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grace-ms", type=int, default=10_000)
    grace_ms = parser.parse_args().grace_ms
    start_clean()
    app = Application(
        broker_address=BOOTSTRAP,
        consumer_group=APP,
        auto_offset_reset="earliest",
        commit_interval=1.0,  # commit (and flush state) every second
        state_dir=STATE_DIR,
        loglevel="WARNING",
    )
    views = app.topic(VIEWS, value_deserializer="json")
    counts = app.topic(COUNTS, key_serializer="str", value_serializer="json")
    # --8<-- [start:pipeline]
    sdf = app.dataframe(views)
    sdf = sdf.group_by("page")  # re-key by page: a repartition topic
    sdf = (
        sdf.tumbling_window(60_000, grace_ms=grace_ms, on_late=late)
        .count()
        .final()  # one result per page and window, when the window closes
    )
    sdf = sdf.update(show, metadata=True).to_topic(counts)
    # --8<-- [end:pipeline]
    print(f"counting views per page and minute, grace {grace_ms} ms (Ctrl-C stops)")
    app.run()


if __name__ == "__main__":
    main()
