"""Event time is yours to set, within limits: a timestamp 2 hours ahead is refused.

The broker checks each record's CreateTime against its own clock:
`log.message.timestamp.after.max.ms` (default 1 hour, KIP-937) bounds how far in the
future it may be. A producer with a wrong clock, or a bug in the time it stamps, gets
an error instead of corrupting everyone's windows.
"""

from __future__ import annotations

import time

from common import BOOTSTRAP, CLICKS_TOPIC
from kafka import KafkaProducer
from kafka.errors import InvalidTimestampError


def main() -> None:
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, retries=0)
    two_hours_ahead = int(time.time() * 1000) + 2 * 3600 * 1000
    try:
        click = b'{"page": "/"}'
        future = producer.send(CLICKS_TOPIC, click, timestamp_ms=two_hours_ahead)
        future.get(timeout=10)
        raise SystemExit("the broker accepted a click from 2 hours in the future")
    except InvalidTimestampError as exc:
        print(f"refused: {type(exc).__name__}")
    finally:
        producer.close()


if __name__ == "__main__":
    main()
