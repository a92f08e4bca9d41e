"""Anti-pattern: Kafka as a request/response bus.

A caller sends a request with a correlation id and waits for the reply on a reply topic.
It works while the responder runs. When the responder is down, the caller times out;
the request stays in the log, and the responder answers it when it comes back, to a
caller that gave up long ago.
"""

from __future__ import annotations

import statistics
import threading
import time
import uuid

from common import BOOTSTRAP, fresh_topic, read_all
from kafka import KafkaConsumer, KafkaProducer, TopicPartition

REQUESTS, REPLIES = "lesson19-rpc-requests", "lesson19-rpc-replies"


def responder(stop: threading.Event, ready: threading.Event) -> None:
    """Answer every request it has not answered yet (its group's committed offset)."""
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson19-server",
        group_id="lesson19-rpc-server",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    tp = TopicPartition(REQUESTS, 0)
    consumer.assign([tp])
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-server")
    consumer.position(tp)  # connected, and its starting offset known
    producer.partitions_for(REPLIES)  # the reply topic's metadata fetched
    ready.set()
    while not stop.is_set():
        for records in consumer.poll(timeout_ms=100).values():
            for r in records:
                producer.send(REPLIES, key=r.key, value=b"done: " + r.value)
            producer.flush()
            consumer.commit()
    producer.close()
    consumer.close()


# --8<-- [start:call]
def call(producer: KafkaProducer, replies: KafkaConsumer, body: bytes) -> bytes:
    """Send one request and wait at most 3 s for the reply with its correlation id."""
    correlation = uuid.uuid4().hex.encode()
    producer.send(REQUESTS, key=correlation, value=body).get(timeout=10)
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        for records in replies.poll(timeout_ms=100).values():
            for r in records:
                if r.key == correlation:
                    return r.value
    raise TimeoutError(f"no reply to {correlation.decode()[:8]} within 3 s")


# --8<-- [end:call]


def main() -> None:
    fresh_topic(REQUESTS)
    fresh_topic(REPLIES)
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-caller")
    replies = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson19-caller")
    replies.assign([TopicPartition(REPLIES, 0)])
    replies.seek_to_end()
    replies.position(TopicPartition(REPLIES, 0))  # resolved now, before any reply
    stop, ready = threading.Event(), threading.Event()
    server = threading.Thread(target=responder, args=(stop, ready))
    server.start()
    if not ready.wait(30):
        raise TimeoutError("the responder did not start in 30 s")
    times = []
    for i in range(5):
        t0 = time.perf_counter()
        call(producer, replies, f"request {i}".encode())
        times.append(time.perf_counter() - t0)
    median_ms = statistics.median(times) * 1000
    print(f"responder up: 5 replies, median round trip {median_ms:.0f} ms")
    stop.set()
    server.join()
    try:
        call(producer, replies, b"request 5")
    except TimeoutError as exc:
        print(f"responder down: {exc}; the caller gives up")
    stop.clear()
    server = threading.Thread(target=responder, args=(stop, threading.Event()))
    server.start()  # back: it goes on from its committed offset, at request 5
    deadline, late = time.monotonic() + 15, []
    while not late and time.monotonic() < deadline:
        late = [r for r in read_all(REPLIES) if r.value == b"done: request 5"]
    stop.set()
    server.join()
    print(f"responder back: it answered request 5 anyway ({len(late)} late reply)")
    print("nobody is waiting for that reply any more")
    assert len(late) == 1, "expected one late reply to request 5"
    replies.close()
    producer.close()


if __name__ == "__main__":
    main()
