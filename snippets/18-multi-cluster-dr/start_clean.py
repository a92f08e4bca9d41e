"""Two clusters, one link: what each cluster holds before the lesson writes anything.

It first removes what an earlier run of the lesson left (its topics and its consumer
group, on both clusters). Then it prints each cluster's id and MirrorMaker 2's own
topics on it: `heartbeats` and the `*.internal` topics.
"""

from __future__ import annotations

from clusters import BACKUP, GROUP, PRIMARY, SOURCE_ALIAS
from kafka.admin import KafkaAdminClient


def clean(admin: KafkaAdminClient, prefix: str) -> None:
    """Delete the lesson's topics (names starting with `prefix`) and its group."""
    old = [t for t in admin.list_topics() if t.startswith(prefix)]
    if old:
        admin.delete_topics(old, timeout_ms=30_000)
    admin.delete_groups([GROUP])  # reports GroupIdNotFound if absent: nothing to do


def main() -> None:
    ids: dict[str, str] = {}
    mm2: dict[str, list[str]] = {}
    for alias, bootstrap, prefix in (
        ("primary", PRIMARY, "lesson18-"),
        ("backup", BACKUP, f"{SOURCE_ALIAS}.lesson18-"),
    ):
        admin = KafkaAdminClient(
            bootstrap_servers=bootstrap, client_id="lesson18-admin"
        )
        try:
            clean(admin, prefix)
            ids[alias] = admin.describe_cluster()["cluster_id"]
            mm2[alias] = sorted(
                t
                for t in admin.list_topics()
                if t == "heartbeats" or t.endswith(".internal")
            )
        finally:
            admin.close()
        print(f"{alias:8} cluster id {ids[alias]}")
        for topic in mm2[alias]:
            print(f"         {topic}")
    assert ids["primary"] != ids["backup"], "two clusters, not one"
    assert mm2["primary"] == [], "this link writes nothing to the primary cluster"
    assert "primary.checkpoints.internal" in mm2["backup"]


if __name__ == "__main__":
    main()
