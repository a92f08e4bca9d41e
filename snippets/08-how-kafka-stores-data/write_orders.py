"""Write four keyed records to a one-partition topic, then ask the broker where they
are.

The first three records leave the producer together in one batch (it lingers up to 1 s
to collect them), the fourth goes alone: the broker stores what it receives, batch by
batch. The DescribeLogDirs admin call then reports the broker's log directory and the
partition's size on disk, in bytes, without touching the broker's files from here.
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson08-orders"


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


def partition_size(admin: KafkaAdminClient) -> tuple[str, int]:
    """(log directory, size in bytes) of partition 0, from DescribeLogDirs."""
    [broker] = admin.describe_log_dirs(topic_partitions={TOPIC: [0]})
    for log_dir in broker["log_dirs"]:
        for t in log_dir["topics"]:
            for p in t["partitions"]:
                return log_dir["log_dir"], p["partition_size"]
    raise RuntimeError(f"the broker reports no log directory for {TOPIC}-0")


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson08-admin")
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson08-orders", linger_ms=1000
    )
    try:
        recreate(admin, NewTopic(TOPIC, num_partitions=1, replication_factor=1))
        # --8<-- [start:write]
        futures = [
            producer.send(TOPIC, key=b"alice", value=b"order 1: 2 books"),
            producer.send(TOPIC, key=b"bob", value=b"order 2: 1 lamp"),
            producer.send(TOPIC, key=b"alice", value=b"order 3: 1 pen"),
        ]
        producer.flush()  # one batch: the three were sent within linger_ms
        futures.append(producer.send(TOPIC, key=b"carol", value=b"order 4: 3 mugs"))
        producer.flush()  # a second batch
        offsets = [f.get(timeout=10).offset for f in futures]
        log_dir, size = partition_size(admin)
        print(f"wrote offsets {offsets} to {TOPIC}, partition 0")
        print(f"broker log directory: {log_dir}")
        print(f"partition directory:  {log_dir}/{TOPIC}-0  ({size} bytes of log)")
        # --8<-- [end:write]
        assert offsets == [0, 1, 2, 3], offsets
        assert size > 0, "the broker reports an empty partition"
    finally:
        producer.close()
        admin.close()


if __name__ == "__main__":
    main()
