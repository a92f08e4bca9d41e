"""Who is who in a KRaft cluster: brokers, controllers (voters), the active controller.

The controllers keep the cluster's metadata in a Raft log, `__cluster_metadata`. The
DescribeQuorum API (KIP-595) reports that log's leader (the active controller), its
leader epoch and high watermark, and how far each voter has replicated it. A broker
forwards the request to the controllers, so a client needs only the brokers' address.
"""

import os
import time

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
CAUGHT_UP_MS = 3000  # a voter that reached the leader's log end this recently
SETTLE_SECONDS = 30  # a lab that has just started may still be catching up


def wait_settled(admin: KafkaAdminClient) -> None:
    """Wait (bounded) until all three nodes are live brokers and caught-up voters."""
    deadline = time.monotonic() + SETTLE_SECONDS
    while True:
        brokers = admin.describe_cluster()["brokers"]
        live = {b["broker_id"] for b in brokers if not b.get("is_fenced")}
        [log] = admin.describe_metadata_quorum()["topics"][0]["partitions"]
        now_ms = time.time() * 1000
        caught_up = {
            v["replica_id"]
            for v in log["current_voters"]
            if now_ms - v["last_caught_up_timestamp"] < CAUGHT_UP_MS
            or v["replica_id"] == log["leader_id"]
        }
        if len(live) == 3 and caught_up == live:
            return
        if time.monotonic() > deadline:
            return  # main() prints what it sees and its checks explain it
        time.sleep(0.5)


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson09-quorum")
    try:
        wait_settled(admin)
        cluster = admin.describe_cluster()
        # --8<-- [start:quorum]
        quorum = admin.describe_metadata_quorum()
        [metadata_log] = quorum["topics"][0]["partitions"]  # __cluster_metadata-0
        leader = metadata_log["leader_id"]
        voters = sorted(v["replica_id"] for v in metadata_log["current_voters"])
        observers = sorted(o["replica_id"] for o in metadata_log["observers"])
        now_ms = time.time() * 1000
        caught_up = sorted(
            v["replica_id"]
            for v in metadata_log["current_voters"]
            if v["replica_id"] == leader
            or now_ms - v["last_caught_up_timestamp"] < CAUGHT_UP_MS
        )
        # --8<-- [end:quorum]
    finally:
        admin.close()
    brokers = sorted(
        b["broker_id"] for b in cluster["brokers"] if not b.get("is_fenced")
    )

    print(f"brokers (store partitions, serve clients): {brokers}")
    print(f"voters (controllers that elect the leader): {voters}")
    print(f"observers (replicate the log, never vote): {observers}")
    print(f"active controller: node {leader}")
    print(f"leader epoch: {metadata_log['leader_epoch']}")
    print(f"high watermark of __cluster_metadata: {metadata_log['high_watermark']}")
    print(f"voters caught up with the leader: {caught_up}")

    assert leader in voters, "the active controller is always one of the voters"
    assert len(caught_up) > len(voters) // 2, "a majority of voters keeps up"
    assert len(voters) == 3 and set(voters) == set(brokers), (
        "expected the quorum lab: three nodes, each broker and controller "
        "(kafkalab up --quorum)"
    )


if __name__ == "__main__":
    main()
