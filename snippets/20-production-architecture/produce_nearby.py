"""Write 50 records to `lesson20-nearby`, ten a second, with acks=all."""

from __future__ import annotations

import os
import time

from confluent_kafka import Producer

BOOTSTRAP = os.environ.get(
    "KAFKA_RACKS_BOOTSTRAP_SERVERS", "localhost:14092,localhost:15092,localhost:16092"
)


def main() -> None:
    producer = Producer({"bootstrap.servers": BOOTSTRAP, "acks": "all"})
    for i in range(50):
        producer.produce("lesson20-nearby", f"reading {i}".encode(), partition=0)
        producer.poll(0)
        time.sleep(0.1)
    left = producer.flush(15)
    assert left == 0, f"{left} records not acknowledged"
    print("sent 50 records to lesson20-nearby-0 (leader: broker 1, rack-a)")


if __name__ == "__main__":
    main()
