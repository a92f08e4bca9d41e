"""Fill a topic whose segments are as small as Kafka allows, so you see them roll.

`segment.bytes` is the size at which the broker closes the active segment and starts a
new one. Its default is 1 GiB; its minimum, enforced by the broker, is 1 MiB (1,048,576
bytes). This script creates `lesson08-rolling` with that minimum and writes 2.5 MB of 10
KB records, so the partition needs three segments.
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson08-rolling"
RECORDS = 250
VALUE = b"x" * 10_000


def recreate(admin: KafkaAdminClient, topic: NewTopic) -> None:
    """Delete the topic if an earlier run left it, then create it (retrying while the
    deletion completes: it is asynchronous)."""
    try:
        admin.delete_topics([topic.name])
    except UnknownTopicOrPartitionError:
        pass
    deadline = time.monotonic() + 30
    while True:
        try:
            admin.create_topics([topic])
            break
        except TopicAlreadyExistsError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    admin.wait_for_topics([topic.name])


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-admin")
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson08-rolling")
    try:
        # --8<-- [start:create]
        topic = NewTopic(
            TOPIC,
            num_partitions=1,
            replication_factor=1,
            topic_configs={"segment.bytes": str(1024 * 1024)},  # the minimum: 1 MiB
        )
        # --8<-- [end:create]
        recreate(admin, topic)
        for i in range(RECORDS):
            producer.send(TOPIC, key=f"k{i}".encode(), value=VALUE)
        producer.flush()
        print(f"wrote {RECORDS} records of {len(VALUE):,} bytes to {TOPIC}")
    finally:
        producer.close()
        admin.close()


if __name__ == "__main__":
    main()
