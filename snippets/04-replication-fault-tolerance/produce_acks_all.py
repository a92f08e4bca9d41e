"""Write one record to every partition with acks=all, and print where each one landed.

With acks=all the partition leader answers only once every replica in the ISR has the record,
and refuses the write while the ISR is smaller than min.insync.replicas (2 for this topic).
"""

from kafka import DefaultSerializer, KafkaProducer

from kafkalab.course import bootstrap_servers

TOPIC = "lesson04-orders"
PARTITIONS = [0, 1, 2]


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson04-acks-all",
        acks="all",  # the default in kafka-python and the Java client; explicit here
        value_serializer=DefaultSerializer(),
    )
    try:
        for partition in PARTITIONS:
            metadata = producer.send(TOPIC, value="acks=all", partition=partition).get(timeout=30)
            print(f"acks=all  partition {partition} -> offset {metadata.offset}")
    finally:
        producer.close()


if __name__ == "__main__":
    main()
