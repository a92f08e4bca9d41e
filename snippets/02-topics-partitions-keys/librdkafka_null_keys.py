"""confluent-kafka (librdkafka) and records without a key: sticky for a short time
window.

`consistent_random` picks a random partition for a null key, but librdkafka keeps that
choice for `sticky.partitioning.linger.ms` (10 ms by default) before it picks again.
300 keyless records sent in a quick burst therefore come in long runs, not one
partition after the other. The values are sequence numbers, so the delivery reports
can be put back in send order.
"""

import itertools
import os
import time
from collections import Counter

from confluent_kafka import KafkaError, Message, Producer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson02-no-key-librdkafka"
PARTITIONS = 3
RECORDS = 300


def recreate_topics(admin: KafkaAdminClient, topics: list[NewTopic]) -> None:
    """Delete the topics if they exist, then create them afresh.

    Deletion is asynchronous: until it completes, creating the same name fails with
    TopicAlreadyExistsError, so the create retries for up to 30 s.
    """
    names = [t.name for t in topics]
    existing = set(admin.list_topics())
    if any(n in existing for n in names):
        admin.delete_topics([n for n in names if n in existing])
    deadline = time.monotonic() + 30
    for topic in topics:
        while True:
            try:
                admin.create_topics([topic])
                break
            except TopicAlreadyExistsError:  # the old topic is still being deleted
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
    admin.wait_for_topics(names)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson02-admin")
    try:
        recreate_topics(admin, [NewTopic(TOPIC, PARTITIONS, 1)])
    finally:
        admin.close()

    producer = Producer({"bootstrap.servers": BOOTSTRAP, "client.id": "lesson02-rdk"})
    delivered: list[tuple[int, int]] = []  # (sequence number, partition)

    def on_delivery(err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            raise RuntimeError(f"delivery failed: {err}")
        delivered.append((int(msg.value()), msg.partition()))

    producer.list_topics(
        TOPIC, timeout=10
    )  # learn the topic's partitions before sending
    for i in range(RECORDS):
        producer.produce(TOPIC, value=str(i), on_delivery=on_delivery)  # no key
    remaining = producer.flush(10)
    assert remaining == 0, f"{remaining} records not delivered"

    partitions = [partition for _, partition in sorted(delivered)]
    counts = Counter(partitions)
    runs = [len(list(group)) for _, group in itertools.groupby(partitions)]
    print(f"confluent-kafka defaults, {RECORDS} records with no key:")
    print(
        "  records per partition: "
        + ", ".join(f"{p}={counts[p]}" for p in range(PARTITIONS))
    )
    print(f"  runs of records in one partition: {len(runs)}, longest {max(runs)}")
    assert len(runs) <= RECORDS // 5, (
        "librdkafka keeps keyless records on one partition a while"
    )


if __name__ == "__main__":
    main()
