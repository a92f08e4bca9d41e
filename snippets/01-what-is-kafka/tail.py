"""Follow the topic live: print each new record as it arrives, until you press Ctrl-C.

Run it in a second terminal, then produce in the first. The consumer starts at the end
of every partition, so it shows only records written after it started, like `tail -f`.
"""

import os
import signal
import sys
from itertools import chain
from types import FrameType

from kafka import DefaultSerializer, KafkaConsumer, TopicPartition

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"

running = True


def stop(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C (SIGINT) or SIGTERM: finish the current poll, then leave the loop."""
    global running
    running = False


# --8<-- [start:follow]
def follow(consumer: KafkaConsumer) -> int:
    """Print every record written from now on; return how many were printed."""
    ids = sorted(consumer.partitions_for_topic(TOPIC))
    partitions = [TopicPartition(TOPIC, p) for p in ids]
    consumer.assign(partitions)
    consumer.seek_to_end(*partitions)  # skip what is there: only new records
    start = {tp.partition: consumer.position(tp) for tp in partitions}
    print(f"waiting for new records at offsets {start}")
    seen = 0
    while running:  # until Ctrl-C
        batches = consumer.poll(timeout_ms=500).values()  # one list per partition
        for r in sorted(chain.from_iterable(batches), key=lambda r: r.timestamp):
            print(f"{r.key} {r.value} -> partition {r.partition}, offset {r.offset}")
            seen += 1
    return seen


# --8<-- [end:follow]


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # print each line now, even into a pipe
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-tail",
        group_id=None,
        key_deserializer=DefaultSerializer(),
        value_deserializer=DefaultSerializer(),
    )
    try:
        seen = follow(consumer)
    finally:
        consumer.close()
    print(f"stopped after {seen} new records")


if __name__ == "__main__":
    main()
