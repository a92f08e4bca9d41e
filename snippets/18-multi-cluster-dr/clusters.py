"""The two clusters of Lesson 18 and the names MirrorMaker 2 gives what it copies.

The other scripts of the lesson import these few lines: where each cluster answers,
the topic and group names, and how to find this run's topic (each run of the lesson
writes a new one, `lesson18-orders-<seconds since 1970>`, so that nothing MirrorMaker
2 remembers from an earlier run can get in the way).
"""

from __future__ import annotations

import os
import re

from kafka.admin import KafkaAdminClient

PRIMARY = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
BACKUP = os.environ.get("KAFKA_BACKUP_BOOTSTRAP_SERVERS", "localhost:9292")
SOURCE_ALIAS = "primary"  # the alias of the primary cluster in mm2.properties
GROUP = "lesson18-billing"
ORDERS = re.compile(r"lesson18-orders-\d+")


def remote(topic: str) -> str:
    """The name DefaultReplicationPolicy gives `topic` on the backup cluster."""
    return f"{SOURCE_ALIAS}.{topic}"


def newest_orders_topic() -> str:
    """This run's topic on the primary cluster: the newest lesson18-orders-<seconds>."""
    admin = KafkaAdminClient(bootstrap_servers=PRIMARY, client_id="lesson18-find")
    try:
        names = [t for t in admin.list_topics() if ORDERS.fullmatch(t)]
    finally:
        admin.close()
    if not names:
        raise SystemExit("No lesson18-orders-* topic yet: run produce.py first.")
    return max(names, key=lambda t: int(t.rsplit("-", 1)[1]))
