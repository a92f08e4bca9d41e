"""Write with acks=1 while the ISR is below min.insync.replicas: accepted, but not yet readable.

acks=1 asks only the leader to store the record; min.insync.replicas does not apply to it, so
the write succeeds. But with eligible leader replicas (KIP-966, on by default since Kafka 4.1)
the high watermark, the offset below which consumers may read, advances only while the ISR has
at least min.insync.replicas members. The record sits on the leader alone: acknowledged, and
invisible to consumers. Partition 0 is used because its leader, broker 1, never changed.
"""

from kafka import DefaultSerializer, KafkaConsumer, KafkaProducer, TopicPartition

from kafkalab.course import bootstrap_servers

TOPIC = "lesson04-orders"
PARTITION = 0


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson04-acks-one",
        acks=1,  # the leader alone acknowledges
        enable_idempotence=False,  # idempotence requires acks=all; say so instead of a warning
        value_serializer=DefaultSerializer(),
    )
    try:
        metadata = producer.send(TOPIC, value="acks=1", partition=PARTITION).get(timeout=30)
    finally:
        producer.close()
    print(f"acks=1    partition {PARTITION} -> offset {metadata.offset} (acknowledged)")

    consumer = KafkaConsumer(bootstrap_servers=bootstrap_servers(), client_id="lesson04-hw")
    try:
        tp = TopicPartition(TOPIC, PARTITION)
        high_watermark = consumer.end_offsets([tp])[tp]  # what a consumer can read up to
    finally:
        consumer.close()
    print(f"partition {PARTITION} high watermark: {high_watermark}")
    assert high_watermark == metadata.offset, "the acks=1 record is above the high watermark"
    print(f"offset {metadata.offset} is acknowledged but not readable: consumers stop below it")


if __name__ == "__main__":
    main()
