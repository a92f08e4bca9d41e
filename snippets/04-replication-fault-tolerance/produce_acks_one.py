"""An acks=1 write while the ISR is below min.insync.replicas: accepted, not readable.

acks=1 asks only the leader to store the record; min.insync.replicas does not apply to
it, so the write succeeds. But with eligible leader replicas (KIP-966, on by default
since Kafka 4.1) the high watermark, the offset below which consumers may read, advances
only while the ISR has at least min.insync.replicas members. The record sits on the
leader alone: acknowledged, and invisible to consumers. Partition 0 is used because its
leader, broker 1, never changed.
"""

import os

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer, TopicPartition

TOPIC = "lesson04-orders"
PARTITION = 0


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson04-acks-one",
        acks=1,  # the leader alone acknowledges
        # idempotence requires acks=all; say so instead of a warning
        enable_idempotence=False,
        value_serializer=DefaultSerializer(),
    )
    # --8<-- [end:producer]
    try:
        metadata = producer.send(TOPIC, value="acks=1", partition=PARTITION).get(
            timeout=30
        )
    finally:
        producer.close()
    print(f"acks=1    partition {PARTITION} -> offset {metadata.offset} (acknowledged)")

    consumer = KafkaConsumer(bootstrap_servers=BOOTSTRAP, client_id="lesson04-hw")
    try:
        tp = TopicPartition(TOPIC, PARTITION)
        # the high watermark: what a consumer can read up to
        high_watermark = consumer.end_offsets([tp])[tp]
    finally:
        consumer.close()
    print(f"partition {PARTITION} high watermark: {high_watermark}")
    assert high_watermark == metadata.offset, (
        "the acks=1 record is above the high watermark"
    )
    print(
        f"offset {metadata.offset} is acknowledged but not readable: consumers stop "
        "below it"
    )


if __name__ == "__main__":
    main()
