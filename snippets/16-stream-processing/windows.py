"""Count clicks per user in time windows, on event time; a late click is dropped.

Usage: python windows.py tumbling|hopping|sliding|session [--grace-ms N]

The windows use each record's timestamp (the event time the producer set), not the
clock. A window closes for a user when a later click of that user passes its end
(plus the grace period); `.final()` emits each window once, when it closes. A click
that belongs to a closed window is late: `on_late` prints it, and it is not counted.
A session window has no fixed length: it grows while a user's clicks come less than
10 s apart, and a longer gap starts a new session.
"""

from __future__ import annotations

import argparse

from common import BOOTSTRAP, CLICKS_TOPIC, STATE_DIR, forget, second
from quixstreams import Application

GROUP = "lesson16-windows"
late: list[tuple[int, int]] = []  # (late click time, window start)


def dropped(value, key, timestamp_ms, late_by_ms, start, end, *_: object) -> bool:
    late.append((timestamp_ms, start))
    print(
        f"late: {key.decode()} {value['page']} at {second(timestamp_ms)} "
        f"for {second(start)}-{second(end)}, dropped ({late_by_ms} ms late)"
    )
    return False  # we printed it: Quix need not log a warning too


def show(window: dict, key: bytes, timestamp: int, headers: object) -> None:
    start, end = second(window["start"]), second(window["end"])
    print(f"{key.decode():5} {start}-{end} clicks={window['value']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["tumbling", "hopping", "sliding", "session"])
    parser.add_argument("--grace-ms", type=int, default=0)
    args = parser.parse_args()
    forget(GROUP)  # every run counts from the first click
    app = Application(
        broker_address=BOOTSTRAP,
        consumer_group=GROUP,
        auto_offset_reset="earliest",
        state_dir=STATE_DIR,
        loglevel="WARNING",
    )
    sdf = app.dataframe(app.topic(CLICKS_TOPIC, value_deserializer="json"))
    grace = args.grace_ms
    # --8<-- [start:windows]
    if args.kind == "tumbling":  # [s20, s30), [s30, s40), ...: each click in one
        windows = sdf.tumbling_window(10_000, grace_ms=grace, on_late=dropped)
    elif args.kind == "hopping":  # 20 s long, a new one every 10 s: overlapping
        windows = sdf.hopping_window(20_000, 10_000, grace_ms=grace, on_late=dropped)
    elif args.kind == "sliding":  # the 10 s before each click, per user
        windows = sdf.sliding_window(10_000, grace_ms=grace, on_late=dropped)
    else:  # a burst of clicks; a gap of 10 s or more ends the session
        windows = sdf.session_window(10_000, grace_ms=grace, on_late=dropped)
    sdf = windows.count().final()  # one result per window, when it closes
    # --8<-- [end:windows]
    sdf.update(show, metadata=True)
    app.run(timeout=3)
    if grace == 0:
        assert late, "the late click should have been dropped"
    clicks = len({ts for ts, _ in late})
    print(f"{clicks} late click, dropped from {len(late)} window(s)")


if __name__ == "__main__":
    main()
