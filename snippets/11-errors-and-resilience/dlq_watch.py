"""Watch the dead-letter topic: print each new dead letter with its headers.

Run it in a second terminal while the worker runs; stop it with Ctrl-C.
"""

import os
import signal
import sys
import textwrap
from types import FrameType

from kafka import KafkaConsumer, TopicPartition
from orders import DLQ

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
running = True


def stop(signum: int, frame: FrameType | None) -> None:
    """Ctrl-C (SIGINT) or SIGTERM: finish the current poll, then leave the loop."""
    global running
    running = False


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # print each line now, even into a pipe
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-dlq-watch", group_id=None
    )
    seen = 0
    try:
        tp = TopicPartition(DLQ, 0)
        consumer.assign([tp])
        consumer.seek_to_end(tp)
        print(f"watching {DLQ} from offset {consumer.position(tp)}")
        while running:
            for record in consumer.poll(timeout_ms=500).get(tp, []):
                # --8<-- [start:print]
                key = record.key.decode()
                print(
                    f"dead letter: offset {record.offset}, order {key}, {record.value}"
                )
                pairs = ", ".join(f"{k}={v.decode()}" for k, v in record.headers)
                print(
                    textwrap.fill(
                        pairs, 86, initial_indent="  ", subsequent_indent="  "
                    )
                )
                # --8<-- [end:print]
                seen += 1
    finally:
        consumer.close()
    print(f"stopped after {seen} dead letters")


if __name__ == "__main__":
    main()
