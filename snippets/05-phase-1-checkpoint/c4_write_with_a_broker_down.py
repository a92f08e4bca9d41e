"""Challenge 4: with broker 3 stopped, acks=all writes to lesson05-orders succeed.

Waits until the controller has removed broker 3 from every in-sync replica set, then
writes one record per partition with acks=all and checks that each was acknowledged.
"""

import os
import time

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient

TOPIC = "lesson05-orders"
STOPPED = 3


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def isr_by_partition(admin: KafkaAdminClient) -> dict[int, list[int]]:
    [description] = admin.describe_topics([TOPIC])
    return {
        p["partition_index"]: sorted(p["isr_nodes"]) for p in description["partitions"]
    }


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson05-admin")
    producer = KafkaProducer(
        bootstrap_servers=BOOTSTRAP,
        client_id="lesson05-producer",
        acks="all",
        delivery_timeout_ms=15000,
        request_timeout_ms=5000,
    )
    try:
        deadline = time.monotonic() + 30
        while True:  # one answer that lists all 6 partitions, none with broker 3
            isr = isr_by_partition(admin)
            if len(isr) == 6 and not any(STOPPED in nodes for nodes in isr.values()):
                break
            assert time.monotonic() < deadline, f"broker 3 never left the ISR: {isr}"
            time.sleep(0.5)
        print(
            f"in-sync replicas with broker {STOPPED} down: "
            f"{sorted(set(map(tuple, isr.values())))}"
        )
        for partition in sorted(isr):
            meta = producer.send(
                TOPIC, value=b"written while a broker is down", partition=partition
            )
            meta.get(timeout=15)
        print(
            f"acks=all writes acknowledged on all {len(isr)} partitions (2 in sync >= "
            "min 2)"
        )
    finally:
        producer.close()
        admin.close()


if __name__ == "__main__":
    main()
