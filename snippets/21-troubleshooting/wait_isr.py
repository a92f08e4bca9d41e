"""Wait (at most 60 s) until partition 0 of a topic has N in-sync replicas; print it.

Usage: python wait_isr.py TOPIC N
"""

from __future__ import annotations

import sys
import time

from common import BOOTSTRAP
from kafka.admin import KafkaAdminClient

TIMEOUT_S = 60.0


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        sys.exit("usage: python wait_isr.py TOPIC N (N: the ISR size to wait for)")
    topic, size = sys.argv[1], int(sys.argv[2])
    deadline = time.monotonic() + TIMEOUT_S
    while True:
        admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson21-isr")
        try:  # a fresh client each time: brokers come and go
            [desc] = admin.describe_topic_partitions([topic])["topics"]
        finally:
            admin.close()
        # a broker that has not applied a new topic yet answers with no partitions
        p = min(desc["partitions"], key=lambda p: p["partition_index"], default=None)
        isr = p["isr_nodes"] if p else None
        if p and len(isr) == size and p["leader_id"] in isr:
            break
        if time.monotonic() > deadline:
            raise TimeoutError(f"ISR of {topic}-0 is {isr}, not {size} long")
        time.sleep(0.5)
    print(
        f"{topic}-0: replicas {p['replica_nodes']}, leader {p['leader_id']},"
        f" isr {sorted(p['isr_nodes'])}"
    )


if __name__ == "__main__":
    main()
