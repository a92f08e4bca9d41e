"""Exercise 2: a replay tool for the dead-letter topic.

Once the payment service answers again, the dead letters that failed with a
retriable error go back to their original topic, with a header that says where they
came from. The others (bad data) stay for a person to fix. The tool commits its own
offsets in a consumer group, so running it again replays nothing twice.
"""

import os

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from orders import DLQ, ORDERS

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
REPLAYABLE = {b"TimeoutError", b"ConnectionError"}  # the retriable classes


def main() -> None:
    tp = TopicPartition(DLQ, 0)
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP,
        group_id="lesson11-replayer",
        client_id="lesson11-replayer",
        enable_auto_commit=False,
        auto_offset_reset="earliest",
    )
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-replayer", acks="all"
    )
    replayed = kept = 0
    try:
        consumer.assign([tp])
        end = consumer.end_offsets([tp])[tp]
        while consumer.position(tp) < end:
            for record in consumer.poll(timeout_ms=1000).get(tp, []):
                headers = dict(record.headers)
                order = record.key.decode()
                if headers["x-exception-class"] not in REPLAYABLE:
                    print(
                        f"order {order}: kept ({headers['x-exception-class'].decode()})"
                    )
                    kept += 1
                    continue
                topic = headers["x-original-topic"].decode()
                origin = [("x-replayed-from", b"%s:%d" % (DLQ.encode(), record.offset))]
                producer.send(topic, record.value, key=record.key, headers=origin).get(
                    timeout=10
                )
                print(f"order {order}: replayed to {topic}")
                replayed += 1
            consumer.commit()  # after the replays were acknowledged
    finally:
        producer.close()
        consumer.close()
    print(f"replayed {replayed}, kept {kept}")
    assert replayed_in_source() >= replayed, "a replay is missing from its topic"


def replayed_in_source() -> int:
    """Count the records in lesson11-orders that carry an x-replayed-from header."""
    tp = TopicPartition(ORDERS, 0)
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, group_id=None)
    try:
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end, found = consumer.end_offsets([tp])[tp], 0
        while consumer.position(tp) < end:
            for record in consumer.poll(timeout_ms=1000).get(tp, []):
                found += any(k == "x-replayed-from" for k, _ in record.headers)
        return found
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
