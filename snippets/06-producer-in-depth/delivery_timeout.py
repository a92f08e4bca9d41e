"""Retries end at delivery.timeout.ms, not at a retry count.

The producer talks to the cluster through `LossyProxy` (lossy_proxy.py, beside this
file), told to swallow every Produce request, so no attempt is ever answered. Each
attempt times out after request_timeout_ms; kafka-python then retries without a
count limit (retries is infinite by default) until delivery_timeout_ms has passed
since send(), and fails the record.

The budget ends in the middle of the second attempt (first attempt: 0-2 s, second:
from about 2.1 s). Had it ended just as an attempt timed out, kafka-python 3.0.12
may fail the record with that attempt's own RequestTimedOutError instead.
"""

import os
import textwrap
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaTimeoutError, TopicAlreadyExistsError
from lossy_proxy import LossyProxy

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson06-silent"


def recreate_topic(admin: KafkaAdminClient, name: str) -> None:
    """Delete the topic if it exists, then create it: 1 partition, RF 3."""
    if name in admin.list_topics():
        admin.delete_topics([name])
    topic = NewTopic(name, 1, 3)
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:  # the old topic is still being deleted
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([name])


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        recreate_topic(admin, TOPIC)
    finally:
        admin.close()
    proxy = LossyProxy()
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson06-delivery-timeout",
        proxy_url=proxy.url,
        acks="all",
        retry_backoff_ms=100,  # pause between attempts
        request_timeout_ms=2000,  # how long one attempt may wait for an answer
        delivery_timeout_ms=3000,  # the whole budget, from send() to the outcome
    )
    # --8<-- [end:producer]
    try:
        producer.partitions_for(TOPIC)
        proxy.swallow_produce_requests()  # from now on, no produce is answered
        start = time.monotonic()
        try:
            producer.send(TOPIC, b"never stored").get(timeout=30)
            raise AssertionError("the send should have failed")
        except KafkaTimeoutError as exc:
            took = time.monotonic() - start
            line = f"failed after {took:.1f} s: {exc}"  # exc names its class
            print(textwrap.fill(line, 78, subsequent_indent="  "))  # fits the page
        print(f"produce requests sent (first try + retries): {proxy.produce_requests}")
        assert 2.9 <= took < 6, "the send should fail at delivery_timeout_ms"
        assert proxy.produce_requests >= 2, "the producer should have retried"
    finally:
        producer.close()
        proxy.close()


if __name__ == "__main__":
    main()
