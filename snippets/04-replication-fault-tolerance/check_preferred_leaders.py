"""Check that every partition is led by its preferred replica (the first in its list).

After a preferred leader election the controller moves leadership back to the first
replica of each partition, spreading leaders across the brokers as the topic was
designed. The script waits (at most TIMEOUT_S seconds) for the brokers' metadata to show
it.
"""

import os
import time

from kafka.admin import KafkaAdminClient

TOPIC = "lesson04-orders"
PARTITIONS = 3
TIMEOUT_S = 30.0


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def main() -> None:
    admin = KafkaAdminClient(
        bootstrap_servers=BOOTSTRAP, client_id="lesson04-preferred"
    )
    try:
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            [topic] = admin.describe_topic_partitions([TOPIC])["topics"]
            parts = sorted(topic["partitions"], key=lambda p: p["partition_index"])
            if len(parts) == PARTITIONS and all(
                p["leader_id"] == p["replica_nodes"][0] for p in parts
            ):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"leaders are not the preferred replicas: {parts}")
            time.sleep(0.5)
    finally:
        admin.close()

    for p in parts:
        print(
            f"partition {p['partition_index']}  replicas {p['replica_nodes']}  "
            f"leader {p['leader_id']}  isr {sorted(p['isr_nodes'])}"
        )
    leaders = sorted(p["leader_id"] for p in parts)
    print(
        "leaders per broker: "
        f"{dict((b, leaders.count(b)) for b in sorted(set(leaders)))}"
    )
    print("every partition is led by its preferred replica: yes")


if __name__ == "__main__":
    main()
