"""Write one record to every partition with acks=all, and print where each one landed.

With acks=all the partition leader answers only once every replica in the ISR has the
record, and refuses the write while the ISR is smaller than min.insync.replicas (2 for
this topic).
"""

import os

from kafka import DefaultSerializer, KafkaProducer

TOPIC = "lesson04-orders"
PARTITIONS = [0, 1, 2]


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    # --8<-- [start:produce]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson04-acks-all",
        acks="all",  # the default in kafka-python and the Java client; explicit here
        value_serializer=DefaultSerializer(),
    )
    try:
        for partition in PARTITIONS:
            metadata = producer.send(TOPIC, value="acks=all", partition=partition).get(
                timeout=30
            )
            print(f"acks=all  partition {partition} -> offset {metadata.offset}")
    finally:
        producer.close()
    # --8<-- [end:produce]


if __name__ == "__main__":
    main()
