"""Wait until the partitions match the brokers that are up, then print them.

When a broker stops or starts, the active controller changes partition leaders and ISRs.
This script polls the cluster (for at most TIMEOUT_S seconds) until, for every
partition, the ISR is exactly the replicas on live brokers and the leader is one of
them. Then it prints the leader, the ISR and the ELR (eligible leader replicas, KIP-966)
of each partition.
"""

import os
import time

from kafka.admin import KafkaAdminClient

TOPIC = "lesson04-orders"
PARTITIONS = 3
TIMEOUT_S = 60.0


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def live_brokers(admin: KafkaAdminClient) -> list[int]:
    """Brokers the cluster metadata lists as up (registered and not fenced)."""
    brokers = admin.describe_cluster()["brokers"]
    return sorted(b["broker_id"] for b in brokers if not b.get("is_fenced"))


def partitions(admin: KafkaAdminClient) -> list[dict]:
    [topic] = admin.describe_topic_partitions([TOPIC])["topics"]
    return sorted(topic["partitions"], key=lambda p: p["partition_index"])


def matches(parts: list[dict], live: list[int]) -> bool:
    """True when each ISR is the replicas on live brokers, and each leader is in it."""
    if len(parts) != PARTITIONS:
        return False  # the answering broker does not know the topic (yet)
    for p in parts:
        expected_isr = set(p["replica_nodes"]) & set(live)
        if set(p["isr_nodes"]) != expected_isr or p["leader_id"] not in expected_isr:
            return False
    return True


def main() -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        # A fresh client per poll: brokers come and go during this lesson.
        admin = KafkaAdminClient(
            bootstrap_servers=BOOTSTRAP, client_id="lesson04-watch"
        )
        try:
            live, parts = live_brokers(admin), partitions(admin)
        finally:
            admin.close()
        if matches(parts, live):
            break
        if time.monotonic() > deadline:
            raise TimeoutError(
                f"metadata did not settle within {TIMEOUT_S:.0f} s: {parts}"
            )
        time.sleep(0.5)

    print(f"brokers up: {live}")
    for p in parts:
        preferred, leader = p["replica_nodes"][0], p["leader_id"]
        note = "" if leader == preferred else f"  (preferred leader: {preferred})"
        print(
            f"partition {p['partition_index']}  replicas {p['replica_nodes']}  leader "
            f"{leader}  "
            f"isr {sorted(p['isr_nodes'])}  elr "
            f"{sorted(p['eligible_leader_replicas'] or [])}{note}"
        )
    print(
        "every ISR is exactly the replicas on live brokers, and every leader is in it: "
        "yes"
    )


if __name__ == "__main__":
    main()
