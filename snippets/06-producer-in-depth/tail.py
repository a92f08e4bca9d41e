"""Tail lesson06-live and print each record when it arrives (the live step).

Run it in a second terminal, then run callbacks.py in the first. Each line shows
how long after the producer's send() the record reached this consumer. Stop it with
Ctrl-C; it also stops by itself after 60 seconds.
"""

import os
import time

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import TopicAlreadyExistsError

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
    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, enable_auto_commit=False)
    try:
        tp = TopicPartition(TOPIC, 0)
        consumer.assign([tp])
        consumer.seek_to_end(tp)
        print(f"tailing {TOPIC} from offset {consumer.position(tp)}", flush=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for records in consumer.poll(timeout_ms=200).values():
                for r in records:
                    age_ms = time.time() * 1000 - r.timestamp  # CreateTime: send()
                    print(f"{r.value.decode()}  arrived {age_ms:4.0f} ms after send()")
    except KeyboardInterrupt:
        pass
    finally:
        consumer.close()


if __name__ == "__main__":
    main()
