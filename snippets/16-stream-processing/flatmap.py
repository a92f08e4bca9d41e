"""flatMap: one record in, zero, one or several out (`apply(..., expand=True)`).

Each click becomes the tasks it triggers: a /pricing click one task, a /checkout
click two, any other click none. `apply` returns a list, and `expand=True` makes
each item of the list its own record, with the click's key and event time; an
empty list drops the click, like a filter. The tasks go to `lesson16-tasks`.
"""

from __future__ import annotations

from common import BOOTSTRAP, CLICKS_TOPIC, STATE_DIR, forget, second
from quixstreams import Application

GROUP = "lesson16-flatmap"
OUTPUT_TOPIC = "lesson16-tasks"
TASKS = {"/pricing": ["send-price-list"], "/checkout": ["charge-card", "send-receipt"]}
clicks_in: list[dict] = []
seen: list[tuple[bytes, int, str]] = []  # (key, event time, task)


def show(task: str, key: bytes, timestamp: int, headers: object) -> None:
    seen.append((key, timestamp, task))
    print(f"{second(timestamp)} {key.decode():5} -> {task}")


def main() -> None:
    forget(GROUP)  # start from the first click on every run
    app = Application(
        broker_address=BOOTSTRAP,
        consumer_group=GROUP,
        auto_offset_reset="earliest",
        state_dir=STATE_DIR,
        loglevel="WARNING",
    )
    clicks = app.topic(CLICKS_TOPIC, value_deserializer="json")
    tasks = app.topic(OUTPUT_TOPIC, value_serializer="json")
    sdf = app.dataframe(clicks).update(clicks_in.append)  # count what comes in
    # --8<-- [start:expand]
    sdf = sdf.apply(lambda click: TASKS.get(click["page"], []), expand=True)
    # --8<-- [end:expand]
    sdf = sdf.update(show, metadata=True)
    sdf = sdf.to_topic(tasks)  # each task is its own record
    app.run(timeout=3)
    sources = {(key, ts) for key, ts, _ in seen}  # the clicks the tasks came from
    assert len(seen) > len(sources), "some click should have become several records"
    print(f"{len(clicks_in)} clicks in, {len(seen)} records out")


if __name__ == "__main__":
    main()
