"""alice's produce throughput, measured with two client ids, one of them under a quota.

The admin set `producer_byte_rate` for (user alice, client id lesson14-throttled). The
same user with another client id has no quota. Each producer writes the same 192 KiB
(24 records of 8 KiB, in batches it waits for); the snippet prints the rate it measured
and the throttle time the broker reported back to the client (kafka-python's
`throttle-time-max` metric).
"""

from __future__ import annotations

import time

from kafka import KafkaProducer
from lab import login

TOPIC = "lesson14-orders"
QUOTA = 32 * 1024  # bytes/s: the producer_byte_rate set with kafka-configs.sh
RECORD = b"x" * 8 * 1024
BATCHES, PER_BATCH = 6, 4


# --8<-- [start:measure]
def measure(client_id: str) -> tuple[float, float]:
    """Bytes/s the broker acknowledged, and the largest throttle time (ms) reported."""
    producer = KafkaProducer(**login("alice"), client_id=client_id, linger_ms=5)
    try:
        start = time.monotonic()
        for _ in range(BATCHES):
            for _ in range(PER_BATCH):
                producer.send(TOPIC, RECORD)
            producer.flush(timeout=30)  # every record of the batch acknowledged
        rate = BATCHES * PER_BATCH * len(RECORD) / (time.monotonic() - start)
        throttle = max(
            (v for g in producer.metrics().values() for k, v in g.items()
             if k == "throttle-time-max" and v == v),
            default=0.0,
        )  # fmt: skip
    finally:
        producer.close(timeout=5)
    return rate, throttle
    # --8<-- [end:measure]


def main() -> None:
    fast, fast_throttle = measure("lesson14-unthrottled")
    slow, slow_throttle = measure("lesson14-throttled")
    for name, rate, throttle in (
        ("lesson14-unthrottled", fast, fast_throttle),
        ("lesson14-throttled", slow, slow_throttle),
    ):
        print(f"{name:22} {rate / 1024:8.0f} KiB/s, max throttle {throttle:5.0f} ms")
    assert slow < 1.5 * QUOTA, "the quota did not slow the producer down"
    assert fast > 2 * QUOTA, "the producer without a quota was slow too"
    assert slow_throttle > 0, "the broker reported no throttle time"
    print(f"quota {QUOTA // 1024} KiB/s: throttled under 1.5x it, unthrottled over 2x")


if __name__ == "__main__":
    main()
