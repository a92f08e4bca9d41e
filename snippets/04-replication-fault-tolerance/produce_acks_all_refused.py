"""Try an acks=all write while the ISR is smaller than min.insync.replicas, and catch the refusal.

The leader answers NOT_ENOUGH_REPLICAS (error code 19). The error is retriable: the brokers may
come back. kafka-python, like the Java client, retries it until delivery_timeout_ms (120 s by
default) runs out, so this script sets retries=0 to see the broker's answer at once. A producer
with retries=0 cannot be idempotent, so enable_idempotence=False is set explicitly too.
"""

from kafka import DefaultSerializer, KafkaProducer
from kafka.errors import NotEnoughReplicasError

from kafkalab.course import bootstrap_servers

TOPIC = "lesson04-orders"
PARTITIONS = [0, 1, 2]


def main() -> None:
    producer = KafkaProducer(
        bootstrap_servers=bootstrap_servers(),
        client_id="lesson04-acks-all-refused",
        acks="all",
        retries=0,  # demo only: surface the first error instead of retrying it
        enable_idempotence=False,  # idempotence needs retries > 0
        value_serializer=DefaultSerializer(),
    )
    try:
        for partition in PARTITIONS:
            future = producer.send(TOPIC, value="acks=all", partition=partition)
            try:
                metadata = future.get(timeout=30)
            except NotEnoughReplicasError as exc:
                print(
                    f"acks=all  partition {partition} -> refused: {type(exc).__name__} "
                    f"(error code {exc.errno}, {exc.message}, retriable={exc.retriable})"
                )
            else:
                raise AssertionError(f"the write was accepted at offset {metadata.offset}")
    finally:
        producer.close()


if __name__ == "__main__":
    main()
