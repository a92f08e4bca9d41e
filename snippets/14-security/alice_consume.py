"""alice reads lesson14-orders in the group lesson14-readers, until Ctrl-C (or 60 s).

A group consumer needs two ACLs: Read on the topic and Read on the group. Without the
group's, the broker answers GROUP_AUTHORIZATION_FAILED; without the topic's,
TOPIC_AUTHORIZATION_FAILED. Either way the snippet says so and exits with status 1.
"""

from __future__ import annotations

import sys
import time

from kafka import KafkaConsumer
from kafka.errors import GroupAuthorizationFailedError, TopicAuthorizationFailedError
from lab import login

TOPIC, GROUP = "lesson14-orders", "lesson14-readers"


def main() -> int:
    consumer = KafkaConsumer(
        TOPIC,
        **login("alice"),
        group_id=GROUP,
        client_id="lesson14-alice",
        auto_offset_reset="earliest",
        enable_auto_commit=False,  # nothing to clean up between runs
    )
    seen = 0
    try:
        print(f"alice is reading {TOPIC} in group {GROUP}", flush=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                for record in records:
                    seen += 1
                    print(f"alice read {record.value.decode()!r}", flush=True)
    except (GroupAuthorizationFailedError, TopicAuthorizationFailedError) as exc:
        print(f"alice may not read: {type(exc).__name__}")
        return 1
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()
    print(f"alice read {seen} record(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
