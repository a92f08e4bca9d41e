"""A stream-table join: each click gets the user's plan as it was at the click.

`join_asof` keeps the latest profile per user from `lesson16-profiles` in a state store
(the right side emits nothing) and, for each click, looks up the profile with the same
key and the newest timestamp at or before the click's: a join on event time. Alice
moves from "free" to "pro" at s30: her clicks before s30 see "free", later ones "pro".
"""

from __future__ import annotations

from common import BOOTSTRAP, CLICKS_TOPIC, PROFILES_TOPIC, STATE_DIR, forget, second
from quixstreams import Application

GROUP = "lesson16-join"
plans: dict[tuple[str, int], str] = {}  # (user, second) -> plan


def show(row: dict, key: bytes, timestamp: int, headers: object) -> None:
    plans[(key.decode(), timestamp // 1000 % 60)] = row["plan"]
    print(f"{second(timestamp)} {key.decode():5} {row['page']:9} plan={row['plan']}")


def main() -> None:
    forget(GROUP)
    app = Application(
        broker_address=BOOTSTRAP,
        consumer_group=GROUP,
        auto_offset_reset="earliest",
        state_dir=STATE_DIR,
        loglevel="WARNING",
    )
    clicks = app.dataframe(app.topic(CLICKS_TOPIC, value_deserializer="json"))
    profiles = app.dataframe(app.topic(PROFILES_TOPIC, value_deserializer="json"))
    # --8<-- [start:join]
    enriched = clicks.join_asof(profiles, how="left")  # merge the two dicts
    # --8<-- [end:join]
    enriched.update(show, metadata=True)
    app.run(timeout=3)
    for (user, sec), plan in plans.items():  # alice upgraded at s30, bob always pro
        assert plan == ("pro" if user == "bob" or sec >= 30 else "free"), (user, sec)


if __name__ == "__main__":
    main()
