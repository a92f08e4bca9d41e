"""alice writes three orders to lesson14-orders: allowed only with a Write ACL.

`python alice_produce.py 4` numbers them from 4 (order 4, 5, 6); the default is 1.

Without one, the broker answers TOPIC_AUTHORIZATION_FAILED and the send fails; the
snippet says so and exits with status 1.
"""

from __future__ import annotations

import sys

from kafka import KafkaProducer
from kafka.errors import TopicAuthorizationFailedError
from lab import login

TOPIC = "lesson14-orders"


def main() -> int:
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    producer = KafkaProducer(
        **login("alice"), client_id="lesson14-alice", max_block_ms=10_000
    )
    try:
        for n in range(first, first + 3):
            meta = producer.send(TOPIC, f"order {n}".encode()).get(timeout=15)
            print(f"alice wrote 'order {n}' at offset {meta.offset}")
    except TopicAuthorizationFailedError as exc:
        print(f"alice may not write to {TOPIC}: {type(exc).__name__}")
        return 1
    finally:
        producer.close(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
