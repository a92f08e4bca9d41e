"""Anti-pattern: a new producer for every request, measured against one shared producer.

Both send the same 20 records and wait for each acknowledgement. The per-request
producer also connects, fetches metadata and closes, twenty times over.
"""

from __future__ import annotations

import time

from common import BOOTSTRAP, fresh_topic
from kafka import KafkaProducer

TOPIC = "lesson19-requests"
N = 20


def per_request() -> float:
    start = time.perf_counter()
    for i in range(N):
        # --8<-- [start:bad]
        producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-bad")
        producer.send(TOPIC, value=f"request {i}".encode()).get(timeout=10)
        producer.close()  # connections, buffers and threads, thrown away
        # --8<-- [end:bad]
    return (time.perf_counter() - start) / N


def shared(producer: KafkaProducer) -> float:
    start = time.perf_counter()
    for i in range(N):
        producer.send(TOPIC, value=f"request {i}".encode()).get(timeout=10)
    return (time.perf_counter() - start) / N


def main() -> None:
    fresh_topic(TOPIC)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-good")
    producer.send(TOPIC, value=b"warm-up").get(timeout=10)  # connect once
    one = shared(producer)
    producer.close()
    each = per_request()
    print(f"one shared producer:     {one * 1000:6.1f} ms per acknowledged record")
    print(f"a producer per request:  {each * 1000:6.1f} ms per acknowledged record")
    print(f"the per-request producer was {each / one:.0f}x slower in this run")
    assert each > 3 * one, "expected the per-request producer to be much slower"


if __name__ == "__main__":
    main()
