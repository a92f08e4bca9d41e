"""Pitfall: on one broker, min.insync.replicas=2 does not refuse an acks=all write.

Since Kafka 3.7 the leader uses min(min.insync.replicas, number of replicas) as the
minimum: with replication factor 1 that is 1, so the write is accepted. A test of
NOT_ENOUGH_REPLICAS needs a topic with more replicas than in-sync ones (Lesson 4).
"""

import os

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient, NewTopic
from orders import recreate_topics

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
TOPIC = "lesson11-min-isr-2"


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson11-admin")
    try:
        # --8<-- [start:write]
        config = {"min.insync.replicas": "2"}
        recreate_topics(admin, [NewTopic(TOPIC, 1, 1, topic_configs=config)])
        # --8<-- [end:write]
    finally:
        admin.close()
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP, client_id="lesson11-min-isr", acks="all"
    )
    try:
        metadata = producer.send(TOPIC, b"order").get(timeout=10)
    finally:
        producer.close()
    print(
        f"replication factor 1, min.insync.replicas=2, acks=all: written at offset "
        f"{metadata.offset}"
    )
    assert metadata.offset == 0


if __name__ == "__main__":
    main()
