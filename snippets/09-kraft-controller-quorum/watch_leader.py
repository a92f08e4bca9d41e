"""Watch the KRaft controller quorum live: who leads it, at which epoch, who keeps up.

Asks every second (DescribeQuorum, through any live broker) and prints a line when the
active controller or its leader epoch changes, and when every voter has caught up
again after an election. Stop it with Ctrl-C: it then checks what it saw (each new
leader came with a higher epoch) and prints a summary.
"""

import os
import signal
import time

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError

BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")
CAUGHT_UP_MS = 3000  # a voter that reached the leader's log end this recently
MAX_SECONDS = 600  # stop by itself after ten minutes

stopping = False


def on_ctrl_c(signum: int, frame: object) -> None:
    global stopping
    stopping = True


def quorum_state(admin: KafkaAdminClient) -> tuple[int, int, int, int]:
    """(leader, leader epoch, voters caught up, voters) of the metadata log."""
    [log] = admin.describe_metadata_quorum()["topics"][0]["partitions"]
    now_ms = time.time() * 1000
    voters = log["current_voters"]
    caught_up = [
        v
        for v in voters
        if v["replica_id"] == log["leader_id"]
        or now_ms - v["last_caught_up_timestamp"] < CAUGHT_UP_MS
    ]
    return log["leader_id"], log["leader_epoch"], len(caught_up), len(voters)


def main() -> None:
    signal.signal(signal.SIGINT, on_ctrl_c)
    admin = KafkaAdminClient(
        bootstrap_servers=BOOTSTRAP, client_id="lesson09-watch", request_timeout_ms=3000
    )
    leaders: list[tuple[int, int]] = []  # (leader, epoch), in the order seen
    last_answer = time.monotonic()
    rejoined = False
    print("watching the metadata quorum (Ctrl-C to stop)", flush=True)
    try:
        deadline = time.monotonic() + MAX_SECONDS
        while not stopping and time.monotonic() < deadline:
            try:
                leader, epoch, caught_up, voters = quorum_state(admin)
            except KafkaError:
                leader = -1  # no answer: a broker or the leader is going away
            now = time.monotonic()
            # --8<-- [start:watch]
            if leader >= 0 and (not leaders or leaders[-1] != (leader, epoch)):
                note = f" (new leader; {now - last_answer:.0f} s since the old one)"
                print(f"leader: node {leader}, epoch {epoch}{note if leaders else ''}")
                leaders.append((leader, epoch))
            elif len(leaders) > 1 and not rejoined and caught_up == voters:
                print(f"all {voters} voters caught up: the old leader is a follower")
                rejoined = True
            # --8<-- [end:watch]
            if leader >= 0:
                last_answer = now
            time.sleep(1)
    finally:
        admin.close()
    epochs = [epoch for _, epoch in leaders]
    print(f"stopped: {len(leaders) - 1} leader change(s) seen, epochs {epochs}")
    assert epochs == sorted(set(epochs)), "every new leader has a higher epoch"


if __name__ == "__main__":
    main()
