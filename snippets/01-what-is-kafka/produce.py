"""Produce six keyed page-view events and print where the broker stored each one.

`send()` is asynchronous: it returns a future at once. `future.get()` waits for the
broker's acknowledgement, which carries the partition and offset the record was
written to.
"""

import os

from kafka import DefaultSerializer, KafkaProducer

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson01-page-views"

EVENTS = [  # (key, value): who viewed which page
    ("alice", "/home"),
    ("bob", "/pricing"),
    ("alice", "/docs"),
    ("carol", "/home"),
    ("bob", "/signup"),
    ("alice", "/pricing"),
]


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson01-producer",
        acks="all",  # wait until every in-sync replica has the record (the default)
        key_serializer=DefaultSerializer(),  # str -> UTF-8 bytes
        value_serializer=DefaultSerializer(),
    )
    try:
        # --8<-- [start:send]
        for key, value in EVENTS:
            metadata = producer.send(TOPIC, key=key, value=value).get(timeout=10)
            print(
                f"key={key:<6} value={value:<9} -> partition {metadata.partition}, "
                f"offset {metadata.offset}"
            )
        # --8<-- [end:send]
    finally:
        producer.close()


if __name__ == "__main__":
    main()
