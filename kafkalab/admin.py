"""Small admin operations the lab needs: is the cluster up, and "reset" between lessons."""

from __future__ import annotations

import time

from kafka.admin import KafkaAdminClient

INTERNAL_PREFIXES = ("__",)


def admin_client(bootstrap: str, timeout_ms: int = 5000) -> KafkaAdminClient:
    return KafkaAdminClient(
        bootstrap_servers=bootstrap,
        client_id="kafkalab",
        request_timeout_ms=timeout_ms,
    )


def cluster_state(bootstrap: str) -> tuple[str, set[int]]:
    """The cluster id, and the ids of the unfenced brokers the cluster metadata lists."""
    admin = admin_client(bootstrap, timeout_ms=3000)
    try:
        cluster = admin.describe_cluster()
    finally:
        admin.close()
    return cluster["cluster_id"], {
        b["broker_id"] for b in cluster["brokers"] if not b.get("is_fenced")
    }


def live_broker_ids(bootstrap: str) -> set[int]:
    """The ids of the unfenced brokers the cluster metadata lists."""
    return cluster_state(bootstrap)[1]


def reset(bootstrap: str, prefix: str = "") -> tuple[list[str], list[str]]:
    """Delete every non-internal topic and every consumer group whose name starts with `prefix`
    (all of them by default). Returns what was deleted."""
    admin = admin_client(bootstrap)
    try:
        topics = sorted(
            t
            for t in admin.list_topics()
            if not t.startswith(INTERNAL_PREFIXES) and t.startswith(prefix)
        )
        groups = sorted(
            g["group_id"] for g in admin.list_groups() if g["group_id"].startswith(prefix)
        )
        if groups:
            admin.delete_groups(groups)
        if topics:
            admin.delete_topics(topics)
            # Deletion is asynchronous; wait so that the names can be created again at once.
            deadline = time.monotonic() + 30
            while set(topics) & set(admin.list_topics()) and time.monotonic() < deadline:
                time.sleep(0.2)
    finally:
        admin.close()
    return topics, groups
