"""An acks=all write while the ISR is below min.insync.replicas: the refusal.

The leader answers NOT_ENOUGH_REPLICAS (error code 19). The error is retriable: the
brokers may come back. kafka-python, like the Java client, retries it until
delivery_timeout_ms (120 s by default) runs out, so this script sets retries=0 to see
the broker's answer at once. A producer with retries=0 cannot be idempotent, so
enable_idempotence=False is set explicitly too.
"""

import os

from kafka import DefaultSerializer, KafkaProducer
from kafka.errors import NotEnoughReplicasError

TOPIC = "lesson04-orders"
PARTITIONS = [0, 1, 2]


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    # --8<-- [start:producer]
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson04-acks-all-refused",
        acks="all",
        retries=0,  # demo only: surface the first error instead of retrying it
        enable_idempotence=False,  # idempotence needs retries > 0
        value_serializer=DefaultSerializer(),
    )
    # --8<-- [end:producer]
    try:
        for partition in PARTITIONS:
            future = producer.send(TOPIC, value="acks=all", partition=partition)
            try:
                metadata = future.get(timeout=30)
            except NotEnoughReplicasError as exc:
                print(
                    f"acks=all  partition {partition} -> refused: {exc.message} "
                    f"(error code {exc.errno})"
                )
                assert exc.retriable, "the brokers may come back: a retriable error"
            else:
                raise AssertionError(
                    f"the write was accepted at offset {metadata.offset}"
                )
    finally:
        producer.close()


if __name__ == "__main__":
    main()
