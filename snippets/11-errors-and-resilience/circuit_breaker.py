"""A circuit breaker in a consumer: while the payment service is down, pause.

Without a breaker, every record that arrives during an outage fails and is retried
or dead-lettered. With one, two failures in a row open the circuit: the consumer
puts its position back on the failed record and pauses the partition (a failure
below the threshold is retried at once). After
OPEN_S it lets one trial call through (half-open): a success closes the circuit and
the records flow again, in order; a failure opens it again.
The service here is down for its first three calls, then answers.
"""

import os
import time

from kafka import KafkaConsumer, KafkaProducer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from orders import recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson11-breaker"
THRESHOLD = 2  # failures in a row that open the circuit
OPEN_S = 0.5  # how long the circuit stays open before a trial call
calls = 0


def pay(order: bytes) -> None:
    """The payment service: its first three calls time out."""
    global calls
    calls += 1
    if calls <= 3:
        raise TimeoutError("payment service did not answer")


def setup() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, 1, 1)])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson11-breaker")
    try:
        for n in range(1, 6):
            producer.send(TOPIC, b"order %d" % n).get(timeout=10)
    finally:
        producer.close()


def main() -> None:
    setup()
    tp = TopicPartition(TOPIC, 0)
    consumer = KafkaConsumer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-breaker", group_id=None
    )
    state, failures, opened_at, paid = "closed", 0, 0.0, []
    try:
        consumer.assign([tp])
        consumer.seek_to_beginning(tp)
        deadline = time.monotonic() + 20
        while len(paid) < 5 and time.monotonic() < deadline:
            if state == "open" and time.monotonic() - opened_at >= OPEN_S:
                state = "half-open"
                print(
                    f"half-open after {time.monotonic() - opened_at:.1f} s: one trial"
                )
                consumer.resume(tp)
            for record in consumer.poll(timeout_ms=100).get(tp, []):
                try:
                    pay(record.value)
                except TimeoutError:
                    failures += 1
                    print(f"{record.value.decode()}: TimeoutError ({state})")
                    consumer.seek(tp, record.offset)  # not skipped: read it again
                    if state == "half-open" or failures >= THRESHOLD:
                        state, opened_at = "open", time.monotonic()
                        print("open: pause the partition")
                        consumer.pause(tp)
                    break
                else:
                    if state != "closed":
                        print("closed: the service answers again")
                    state, failures = "closed", 0
                    paid.append(record.value.decode())
    finally:
        consumer.close()
    print(f"paid in order: {', '.join(paid)}; service calls: {calls}")
    assert paid == [f"order {n}" for n in range(1, 6)], paid
    assert calls == 3 + 5, "three failed calls, then one per order"


if __name__ == "__main__":
    main()
