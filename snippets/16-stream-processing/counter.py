"""Stateful processing: count visits per user, in state that survives a restart.

Usage: python counter.py               run until Ctrl-C (or 60 s without a record)
       python counter.py --new-machine  wipe the local state first, stop after 1 record

The count lives in a state store: a RocksDB database in a local directory, and a
changelog topic in Kafka that Quix Streams writes every change to. `--new-machine`
deletes the local directory, as if the app moved to a new machine: the app rebuilds
its state from the changelog before it processes the next record.
"""

from __future__ import annotations

import argparse
import shutil

from common import BOOTSTRAP, STATE_DIR, VISITS_TOPIC
from quixstreams import Application, State

GROUP = "lesson16-counter"
counts: list[int] = []


# --8<-- [start:count]
def count(visit: dict, state: State) -> dict:
    visits = state.get("visits", 0) + 1  # this user's count so far (keyed by user)
    state.set("visits", visits)
    return {"user": visit["user"], "visits": visits}


# --8<-- [end:count]


def show(result: dict) -> None:
    counts.append(result["visits"])
    print(f"{result['user']} has {result['visits']} visit(s)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--new-machine", action="store_true")
    args = parser.parse_args()
    if args.new_machine:
        shutil.rmtree(STATE_DIR / GROUP, ignore_errors=True)  # this app's RocksDB
        print(f"local state of {GROUP}: deleted")
    app = Application(
        broker_address=BOOTSTRAP,
        consumer_group=GROUP,
        auto_offset_reset="earliest",
        state_dir=STATE_DIR,
        loglevel="WARNING",
    )
    sdf = app.dataframe(app.topic(VISITS_TOPIC, value_deserializer="json"))
    sdf = sdf.apply(count, stateful=True).update(show)
    if args.new_machine:
        app.run(count=1, timeout=30)  # one record, after the state is restored
        assert counts and counts[0] > 1, "an empty state would count 1"
        print("the count continued from the state restored from the changelog")
    else:
        print("counting visits per user (Ctrl-C stops)", flush=True)
        app.run(timeout=60)


if __name__ == "__main__":
    main()
