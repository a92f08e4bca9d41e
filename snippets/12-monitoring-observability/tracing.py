"""Distributed tracing by hand: a W3C `traceparent` header travels with each record.

A "checkout" service sends three orders. For each, it starts a trace: a 16-byte trace
id and an 8-byte span id, written as a `traceparent` record header
(https://www.w3.org/TR/trace-context/). A "shipping" service reads the records, parses
the header, and starts a child span: same trace id, a new span id, the checkout span as
its parent. A tracing backend (Jaeger, Tempo, ...) joins such spans into one timeline
per request; here the consumer prints each link and the time the order spent between
the two services, and asserts that every trace id survived the trip.
"""

from __future__ import annotations

import os
import re
import secrets
import time

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer
from topics import recreate

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson12-orders-traced"
GROUP = "lesson12-shipping"
TRACEPARENT = re.compile(r"00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson12-tracing")
    try:
        recreate(admin, TOPIC, 1, GROUP)
    finally:
        admin.close()

    started: dict[str, tuple[str, float]] = {}  # trace id -> (checkout span, start)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson12-checkout")
    try:
        for n in range(1, 4):
            # --8<-- [start:inject]
            trace_id, span_id = secrets.token_hex(16), secrets.token_hex(8)
            traceparent = f"00-{trace_id}-{span_id}-01"  # version-trace-span-sampled
            producer.send(
                TOPIC,
                key=f"order-{n}".encode(),
                value=b'{"total": 42}',
                headers=[("traceparent", traceparent.encode())],
            )
            # --8<-- [end:inject]
            started[trace_id] = (span_id, time.time())
        producer.flush()
    finally:
        producer.close()

    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson12-shipping",
        auto_offset_reset="earliest",
        consumer_timeout_ms=30_000,  # joining the group can take seconds
    )
    linked = 0
    try:
        for record in consumer:
            # --8<-- [start:extract]
            header = dict(record.headers)["traceparent"].decode()
            match = TRACEPARENT.fullmatch(header)
            if match is None:
                raise SystemExit(f"bad traceparent {header!r}: want 00-<32>-<16>-01")
            trace_id, parent_span = match.groups()
            child_span = secrets.token_hex(8)  # shipping's own span, same trace
            # --8<-- [end:extract]
            assert started[trace_id][0] == parent_span, "the parent span was lost"
            waited_ms = (time.time() - started[trace_id][1]) * 1000
            print(
                f"{record.key.decode()}: trace {trace_id[:8]}: checkout span "
                f"{parent_span[:6]} -> shipping span {child_span[:6]} "
                f"({waited_ms:.0f} ms)"
            )
            linked += 1
            if linked == len(started):
                break
    finally:
        consumer.close()
    assert linked == len(started), f"only {linked} of {len(started)} orders arrived"
    print(f"{linked} orders, each consumer span linked to its producer span")


if __name__ == "__main__":
    main()
