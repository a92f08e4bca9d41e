"""How far behind the leader each voter of the metadata quorum is, from Python.

The same figures as `kafka-metadata-quorum.sh describe --replication`: each voter's
log end offset, compared with the leader's.
"""

import os
import time

from kafka.admin import KafkaAdminClient

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
MAX_LAG = 5  # records: a few no-op records may be on their way


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson09-lag")
    try:
        deadline = time.monotonic() + 15  # a follower may pause for a moment
        while True:
            [log] = admin.describe_metadata_quorum()["topics"][0]["partitions"]
            voters = {
                v["replica_id"]: v["log_end_offset"] for v in log["current_voters"]
            }
            leader_end = voters[log["leader_id"]]
            lags = [leader_end - end for end in voters.values()]
            if max(lags) <= MAX_LAG or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    finally:
        admin.close()
    for node, end in sorted(voters.items()):
        role = "leader" if node == log["leader_id"] else "follower"
        lag = leader_end - end
        state = "caught up" if lag <= MAX_LAG else f"{lag} records behind"
        print(f"node {node}: {role:8} {state}")
    assert all(leader_end - end <= MAX_LAG for end in voters.values()), "a voter lags"


if __name__ == "__main__":
    main()
