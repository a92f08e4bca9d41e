"""An application-level resend is a new record, even with idempotence on.

An idempotent producer sends the same value three times, as the earlier version of
this course did to "prove" idempotence; then a second producer (a restarted
application) sends it once more. The broker's batches (batches.py, beside this
file) show why it keeps all four: each send got its own sequence number, and the
restarted producer has a new producer id.
"""

import os
import time

from batches import topic_batches
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson06-resend"
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


def send(times: int) -> None:
    """One producer (one producer id) sends VALUE `times` times, waiting for each."""
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson06-resend",
        enable_idempotence=True,  # kafka-python's default, stated explicitly
    )
    try:
        for _ in range(times):
            producer.send(TOPIC, VALUE).get(timeout=30)
    finally:
        producer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson06-admin")
    try:
        recreate_topic(admin, TOPIC)
        # --8<-- [start:resend]
        send(times=3)  # the application sends the same value three times
        send(times=1)  # ... and once more after a "restart": a new producer
        batches, _ = topic_batches(admin, TOPIC)
        # --8<-- [end:resend]
    finally:
        admin.close()
    for b in batches:
        print(
            f"offset {b.base_offset}: producerId {b.producer_id}, "
            f"epoch {b.producer_epoch}, sequence {b.base_sequence}"
        )
    print(f"copies of {VALUE.decode()!r} on {TOPIC}: {sum(b.count for b in batches)}")
    first, second = batches[0].producer_id, batches[3].producer_id
    assert [b.base_sequence for b in batches] == [0, 1, 2, 0]
    assert {b.producer_id for b in batches[:3]} == {first} and second != first


if __name__ == "__main__":
    main()
