"""Write the lesson's input: page clicks with event times you choose, and user profiles.

A clean start first: the lesson's topics are created afresh, and every Quix app of the
lesson forgets its state (groups, changelog topics, local state directory).
Each record's timestamp is its event time: the moment the click happened, which is not
when it is written. One click arrives late: written last, it happened early.
"""

from __future__ import annotations

import json
import shutil
import time

from common import (
    BOOTSTRAP,
    CLICKS_TOPIC,
    PROFILES_TOPIC,
    STATE_DIR,
    VISITS_TOPIC,
    forget,
    second,
)
from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic

GROUPS = ["lesson16-filter", "lesson16-counter", "lesson16-windows", "lesson16-join"]
# (second of the minute, user, page): written in this order
CLICKS = [
    (21, "alice", "/home"),
    (24, "bob", "/home"),
    (27, "alice", "/pricing"),
    (33, "alice", "/checkout"),
    (38, "bob", "/pricing"),
    (44, "alice", "/home"),
    (15, "alice", "/help"),  # late: happened at s15, written after s44
    (58, "alice", "/home"),
    (58, "bob", "/home"),
]
PROFILES = [(0, "alice", "free"), (0, "bob", "pro"), (30, "alice", "pro")]


def recreate(admin: KafkaAdminClient, topics: list[str]) -> None:
    existing = [t for t in topics if t in admin.list_topics()]
    if existing:
        admin.delete_topics(existing)
        while set(existing) & set(admin.list_topics()):
            time.sleep(0.2)
    for _ in range(50):  # a just-deleted topic may still be on its way out
        try:
            admin.create_topics([NewTopic(t, 1, 1) for t in topics])
            return
        except Exception:  # noqa: BLE001 - TopicAlreadyExists while deleting
            time.sleep(0.2)
    raise SystemExit(f"could not create {topics}")


def main() -> None:
    for group in GROUPS:
        forget(group)
    shutil.rmtree(STATE_DIR, ignore_errors=True)
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP)
    try:
        recreate(admin, [CLICKS_TOPIC, PROFILES_TOPIC, VISITS_TOPIC])
    finally:
        admin.close()

    minute = (int(time.time()) // 60 - 1) * 60_000  # the start of the previous minute
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP)
    try:
        for sec, user, plan in PROFILES:
            value = json.dumps({"plan": plan}).encode()
            ts = minute + sec * 1000
            key = user.encode()
            producer.send(PROFILES_TOPIC, key=key, value=value, timestamp_ms=ts)
        # --8<-- [start:send]
        for sec, user, page in CLICKS:
            value = json.dumps({"user": user, "page": page}).encode()
            event_time = minute + sec * 1000  # when the click happened, in ms
            producer.send(
                CLICKS_TOPIC, key=user.encode(), value=value, timestamp_ms=event_time
            )
        # --8<-- [end:send]
        producer.flush()
    finally:
        producer.close()
    print(f"{len(PROFILES)} profiles, {len(CLICKS)} clicks; event times:")
    print("  " + " ".join(f"{second(minute + s * 1000)}:{u}" for s, u, _ in CLICKS))


if __name__ == "__main__":
    main()
