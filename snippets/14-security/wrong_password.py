"""A wrong password, as kafka-python sees it, next to the right one.

SCRAM never sends the password itself: client and broker prove to each other that they
know it. When the proof fails, the broker closes the connection; kafka-python retries
until its bootstrap timeout and raises KafkaTimeoutError.
"""

from __future__ import annotations

import time

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaTimeoutError
from lab import login


def main() -> None:
    admin = KafkaAdminClient(**login("alice"))
    try:
        brokers = admin.describe_cluster()["brokers"]
        print(f"alice, right password: connected, {len(brokers)} broker(s)")
    finally:
        admin.close()
    # --8<-- [start:wrong]
    start = time.monotonic()
    try:
        KafkaAdminClient(
            **login("alice", "not-her-password"), bootstrap_timeout_ms=3000
        )
        raise SystemExit("a wrong password was accepted")
    except KafkaTimeoutError as exc:
        waited = time.monotonic() - start
        print(f"alice, wrong password, after {waited:.1f} s:\n  {exc}")
    # --8<-- [end:wrong]


if __name__ == "__main__":
    main()
