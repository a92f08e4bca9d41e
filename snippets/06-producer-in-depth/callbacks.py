"""Callbacks and flush(): watch acknowledgements arrive while linger.ms holds a batch.

With linger_ms=1000 the producer keeps the first five records for up to a second,
hoping for more. send() returns at once; each record's callback runs when the
broker acknowledges it. flush() does not wait for linger: it sends what is waiting
and blocks until every record is acknowledged (or failed).
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError
from kafka.producer.future import RecordMetadata

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson06-live"


def create_if_missing(name: str) -> None:
    """Create the topic (1 partition, RF 3) unless it already exists."""
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        admin.create_topics([NewTopic(name, 1, 3)])
        admin.wait_for_topics([name])
    except TopicAlreadyExistsError:
        pass
    finally:
        admin.close()


def main() -> None:
    create_if_missing(TOPIC)
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson06-callbacks", linger_ms=1000
    )
    acked: list[float] = []  # seconds after `start` at which each ack arrived

    # --8<-- [start:callbacks]
    def on_ack(metadata: RecordMetadata) -> None:  # runs in the producer's thread
        acked.append(time.monotonic() - start)

    def on_error(exc: BaseException) -> None:
        print(f"delivery failed: {exc!r}")

    try:
        producer.send(TOPIC, b"first record").get(timeout=30)  # connect, producer id
        start = time.monotonic()
        for i in range(5):
            future = producer.send(TOPIC, f"lingering record {i}".encode())
            future.add_callback(on_ack).add_errback(on_error)
        print(f"5 send() calls returned; acknowledged so far: {len(acked)}")
        time.sleep(2)  # do other work; the callbacks fire meanwhile
        print(f"2 s later: {len(acked)} acknowledged, first after {min(acked):.1f} s")
        # --8<-- [end:callbacks]
        assert len(acked) == 5 and min(acked) >= 0.9, "linger_ms held the batch ~1 s"
        # --8<-- [start:flush]
        acked.clear()
        start = time.monotonic()
        for i in range(5):
            future = producer.send(TOPIC, f"flushed record {i}".encode())
            future.add_callback(on_ack).add_errback(on_error)
        producer.flush(timeout=10)  # send now, wait for every acknowledgement
        took = time.monotonic() - start
        print(f"flush() returned after {took:.2f} s: {len(acked)} acknowledged")
        # --8<-- [end:flush]
        assert len(acked) == 5 and took < 0.8, "flush() should not wait for linger"
    finally:
        producer.close()


if __name__ == "__main__":
    main()
