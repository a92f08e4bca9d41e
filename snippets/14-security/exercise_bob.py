"""Exercise 2: bob logs in (authentication) but may not write (authorization).

Run after creating bob with kafka-configs.sh (see the lesson); the password comes from
KAFKA_BOB_PASSWORD, default bob-secret (lab-only).
"""

from __future__ import annotations

import os

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient
from kafka.errors import TopicAuthorizationFailedError
from lab import login

PASSWORD = os.environ.get("KAFKA_BOB_PASSWORD", "bob-secret")


def main() -> None:
    settings = login("alice", PASSWORD) | {"sasl_plain_username": "bob"}
    admin = KafkaAdminClient(**settings)
    try:
        cluster = admin.describe_cluster()
        print(f"bob logged in: cluster {cluster['cluster_id'][:4]}... answered")
    finally:
        admin.close()
    producer = KafkaProducer(**settings, max_block_ms=10_000)
    try:
        producer.send("lesson14-orders", b"from bob").get(timeout=15)
        raise SystemExit("bob wrote without an ACL")
    except TopicAuthorizationFailedError as exc:
        print(f"bob writes to lesson14-orders: {type(exc).__name__}")
    finally:
        producer.close(timeout=5)


if __name__ == "__main__":
    main()
