"""A real retry of an already-written batch, with and without idempotence.

The producer talks to the cluster through `LossyProxy` (lossy_proxy.py, beside this
file), which loses the broker's answer to the first Produce request and cuts the
connection. The broker has written the record; the producer sees a broken
connection, a retriable error, and sends the same batch again. Then a consumer that
does not go through the proxy counts the copies on the topic.
"""

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from lossy_proxy import LossyProxy

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
VALUE = b"order-42 paid"


def recreate_topic(admin: KafkaAdminClient, name: str) -> None:
    """Delete the topic if it exists, then create it: 1 partition, RF 3."""
    if name in admin.list_topics():
        admin.delete_topics([name])
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([NewTopic(name, 1, 3)])
            break
        except TopicAlreadyExistsError:  # the old topic is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([name])


def count_copies(topic: str) -> int:
    """Read the whole partition directly from the cluster; count our value."""
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False)
    try:
        tp = TopicPartition(topic, 0)
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        end = consumer.end_offsets([tp])[tp]
        values = []
        deadline = time.monotonic() + 10
        while consumer.position(tp) < end and time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=500).values():
                values += [r.value for r in records]
        return values.count(VALUE)
    finally:
        consumer.close()


def send_once_losing_acks(
    topic: str, idempotent: bool, lost: int = 1
) -> tuple[int, int]:
    """Send VALUE once; the proxy loses `lost` acks. Return (requests, offset)."""
    proxy = LossyProxy()
    # --8<-- [start:send]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson06-idempotence",
        proxy_url=proxy.url,  # every connection goes through the lossy proxy
        enable_idempotence=idempotent,
        acks="all",
        retries=5,
        retry_backoff_ms=100,
        request_timeout_ms=5000,
        delivery_timeout_ms=20000,
    )
    try:
        producer.partitions_for(topic)  # connect and fetch metadata first
        proxy.drop_next_produce_ack(lost)  # the broker writes; the answer is lost
        metadata = producer.send(topic, VALUE).get(timeout=30)
    # --8<-- [end:send]
    finally:
        producer.close()
        proxy.close()
    assert proxy.dropped_acks == lost, "the proxy did not drop the acknowledgements"
    return proxy.produce_requests, metadata.offset


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        copies = {}
        for idempotent in (True, False):
            topic = f"lesson06-idempotence-{'on' if idempotent else 'off'}"
            recreate_topic(admin, topic)
            requests, offset = send_once_losing_acks(topic, idempotent)
            copies[idempotent] = count_copies(topic)
            print(
                f"enable_idempotence={idempotent}: 1 send(), {requests} produce "
                f"requests, acknowledged offset {offset}, {copies[idempotent]} on topic"
            )
    finally:
        admin.close()
    # --8<-- [start:check]
    assert copies[True] == 1, "idempotence should have kept the retry out"
    assert copies[False] == 2, "without idempotence the retry should be a 2nd copy"
    # --8<-- [end:check]


if __name__ == "__main__":
    main()
