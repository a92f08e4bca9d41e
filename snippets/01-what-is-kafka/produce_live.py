"""Produce a few more page views, one every half second, so you can watch them arrive.

Run `tail.py` in a second terminal first: each record appears there as it is written
here.
"""

import os
import time

from kafka import DefaultSerializer, KafkaProducer

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"

EVENTS = [
    ("dave", "/home"),
    ("alice", "/checkout"),
    ("carol", "/docs"),
    ("dave", "/pricing"),
]


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-live-producer",
        key_serializer=DefaultSerializer(),
        value_serializer=DefaultSerializer(),
    )
    try:
        for key, value in EVENTS:
            metadata = producer.send(TOPIC, key=key, value=value).get(timeout=10)
            print(f"sent key={key} value={value} -> partition {metadata.partition}")
            time.sleep(0.5)
    finally:
        producer.close()


if __name__ == "__main__":
    main()
