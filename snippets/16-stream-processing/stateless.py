"""Stateless processing: filter and map each click on its own, write the result.

A Quix Streams app reads `lesson16-clicks`, keeps the clicks on /pricing and /checkout
(filter), turns each into a small "intent" record (map), and writes it to
`lesson16-intents`. No record depends on another: nothing to remember, no state.
The app stops by itself 3 s after the last record (`app.run(timeout=3)`).
"""

from __future__ import annotations

from common import BOOTSTRAP, CLICKS_TOPIC, STATE_DIR, forget, second
from quixstreams import Application

GROUP = "lesson16-filter"
OUTPUT_TOPIC = "lesson16-intents"
INTENT = {"/pricing": "compare", "/checkout": "buy"}


def show(value: dict, key: bytes, timestamp: int, headers: object) -> None:
    print(f"{second(timestamp)} {key.decode():5} -> {value}")


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
    intents = app.topic(OUTPUT_TOPIC, value_serializer="json")
    # --8<-- [start:pipeline]
    sdf = app.dataframe(clicks)
    sdf = sdf.filter(lambda click: click["page"] in INTENT)  # keep some records
    sdf = sdf.apply(lambda click: {"intent": INTENT[click["page"]]})  # map each one
    sdf = sdf.update(show, metadata=True)  # a side effect: print it
    sdf = sdf.to_topic(intents)  # same key, same event time
    app.run(timeout=3)  # stop 3 s after the last record
    # --8<-- [end:pipeline]


if __name__ == "__main__":
    main()
