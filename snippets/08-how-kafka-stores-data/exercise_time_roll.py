"""Exercise 2 solution: a segment also rolls on time, with `segment.ms`.

`lesson08-timeroll` has `segment.ms=2000`. Three records written 2.5 s apart each find
the active segment older than 2 s, so each one starts a new segment. The script then
checks, with `kafka-dump-log.sh` (through segments.py), that a segment file starts at
each offset.
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError, UnknownTopicOrPartitionError
from partition_dir import partition_dir
from segments import segment_end

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson08-timeroll"


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
    producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson08-timeroll")
    try:
        configs = {"segment.ms": "2000"}
        recreate(admin, NewTopic(TOPIC, 1, 1, topic_configs=configs))
        for i in range(3):
            if i:
                time.sleep(2.5)  # the active segment is now older than segment.ms
            producer.send(TOPIC, value=f"record {i}".encode()).get(timeout=10)
        directory = partition_dir(admin, TOPIC, 0)
    finally:
        producer.close()
        admin.close()
    for offset in range(3):
        name = f"{offset:020d}.log"
        end = segment_end(f"{directory}/{name}")
        assert end is not None and end[0] == offset, f"{name}: {end}"
        print(f"{name} holds offset {offset} only")


if __name__ == "__main__":
    main()
