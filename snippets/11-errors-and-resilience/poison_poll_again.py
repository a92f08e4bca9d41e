"""Catching the deserializer's exception and calling poll() again does not help.

In kafka-python 3.0.12 the records fetched after the poison message sit behind it,
and the next poll() does not return: it keeps trying the broken fetch. This script runs
that poll() in a thread, checks that it is still running after 3 s, and exits
without closing the consumer (close() would wait for the stuck poll).
Run poison_pill.py first: it writes the topic.
"""

import os
import sys
import threading

from kafka import JsonSerializer, KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson11-poison"


def main() -> None:
    tp = TopicPartition(TOPIC, 0)
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson11-poll-again",
        group_id=None,
        value_deserializer=JsonSerializer(),
    )
    consumer.assign([tp])
    consumer.seek_to_beginning(tp)
    for _ in range(10):
        try:
            consumer.poll(timeout_ms=1000)
        except ValueError as exc:
            print(
                f"poll() raised {type(exc).__name__}; the loop catches it, polls again"
            )
            break
    else:
        raise AssertionError("poll() never raised")
    again = threading.Thread(target=consumer.poll, kwargs={"timeout_ms": 1000})
    again.daemon = True
    again.start()
    again.join(timeout=3)
    print(f"poll(timeout_ms=1000) still running after 3 s: {again.is_alive()}")
    alive = again.is_alive()
    sys.stdout.flush()
    os._exit(0 if alive else 1)  # the stuck thread cannot be stopped: leave now


if __name__ == "__main__":
    main()
