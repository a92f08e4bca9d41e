"""A poison message: bytes the consumer's value_deserializer cannot decode.

kafka-python runs the deserializer inside poll(), so the exception comes out of
poll(), before your code sees the record, and the loop dies. The committed offset
stays at the poison message, so a restarted consumer reads it again and dies again.
"""

import os

from kafka import JsonSerializer, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from orders import recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson11-poison"
GROUP = "lesson11-poison-reader"
VALUES = [b'{"id": 1, "amount": 10}', b"not json {", b'{"id": 3, "amount": 30}']


def setup() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, 1, 1)])
        admin.delete_groups([GROUP])  # start without a committed offset
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson11-poison")
    try:
        for value in VALUES:
            producer.send(TOPIC, value).get(timeout=10)
    finally:
        producer.close()


def run(name: str) -> int:
    """One consumer lifetime: handle and commit until poll() raises; return the
    committed offset."""
    tp = TopicPartition(TOPIC, 0)
    # --8<-- [start:consumer]
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson11-poison-reader",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        value_deserializer=JsonSerializer(),  # json.loads, inside poll()
    )
    try:
        consumer.assign([tp])
        try:
            for _ in range(10):  # a bounded stand-in for `while True`
                for record in consumer.poll(timeout_ms=1000).get(tp, []):
                    print(f"{name}: handled order {record.value['id']}")
                consumer.commit()  # commit what poll() returned
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            print(f"{name}: poll() raised {type(exc).__name__}: {exc}")
        # --8<-- [end:consumer]
        else:
            raise AssertionError("poll() never raised")
        return consumer.committed(tp)
    finally:
        consumer.close()


def main() -> None:
    setup()
    first, second = run("run 1"), run("run 2")
    print(f"committed offset after run 1: {first}, after run 2: {second}")
    assert first == second == 1, "the poison message is at offset 1"


if __name__ == "__main__":
    main()
