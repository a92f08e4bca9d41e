"""Keep writing to a topic with 10-second retention, like a live application.

It creates `lesson08-retention` with 1 MiB segments and `retention.ms=10000`, writes 1.1
MB at once (so the first segment fills and closes), then one small record per second
until you stop it with Ctrl-C (or for at most 3 minutes). Its `cleanup.policy` is
`compact,delete` with a new key for every record, so compaction has nothing to remove;
the policy only makes the log cleaner apply retention on each of its passes (every 15 s
when idle) instead of waiting for the retention check (every 5 minutes).
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson08-retention"
BURST = 110  # records of 10 KB: more than one 1 MiB segment
MAX_S = 180.0


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
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson08-writer")
    sent = 0
    try:
        # --8<-- [start:topic]
        configs = {
            "segment.bytes": str(1024 * 1024),  # 1 MiB segments
            "retention.ms": "10000",  # keep data for 10 s
            "cleanup.policy": "compact,delete",  # retention on each cleaner pass
        }
        # --8<-- [end:topic]
        recreate(admin, NewTopic(TOPIC, 1, 1, topic_configs=configs))
        for i in range(BURST):
            producer.send(TOPIC, key=f"burst-{i}".encode(), value=b"x" * 10_000)
        producer.flush()
        print(f"wrote {BURST} records of 10,000 bytes at once", flush=True)
        print("now writing one record per second (Ctrl-C stops)", flush=True)
        start = time.monotonic()
        while time.monotonic() - start < MAX_S:
            producer.send(TOPIC, key=f"tick-{sent}".encode(), value=b"tick").get(10)
            sent += 1
            time.sleep(1)
    except KeyboardInterrupt:
        pass
    finally:
        # Said first: closing waits for a send still in flight (at most 5 s here).
        print(f"stopped after {sent} more records", flush=True)
        producer.close(timeout=5)
        admin.close()


if __name__ == "__main__":
    main()
