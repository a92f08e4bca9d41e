"""One member of a consumer group: it prints the partitions it is given and gives up.

Start it in two or three terminals with the same group and a different name:

    python member.py lesson03-live m1

It runs until Ctrl-C or `kill PID` (or for at most 10 minutes), then leaves the group.
It writes its process id to /tmp/lesson03-<name>.pid, so that you can kill it.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from kafka import ConsumerRebalanceListener, KafkaConsumer, TopicPartition

TOPIC = "lesson03-orders"
RUN_FOR_S = 600


# --8<-- [start:listener]
class PrintRebalance(ConsumerRebalanceListener):
    """Called by poll() when this member loses or gets partitions."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.assignments = 0

    def on_partitions_revoked(self, revoked: set[TopicPartition]) -> None:
        if revoked:  # the first join revokes nothing
            print(
                f"{self.name}: revoked {sorted(tp.partition for tp in revoked)}",
                flush=True,
            )

    def on_partitions_assigned(self, assigned: set[TopicPartition]) -> None:
        self.assignments += 1
        owned = sorted(tp.partition for tp in assigned)
        print(f"{self.name}: assignment {self.assignments}: {owned}", flush=True)
        # --8<-- [end:listener]


def main() -> None:
    if len(sys.argv) != 3:
        print("usage: python member.py GROUP_ID NAME   (for example: lesson03-live m1)")
        return
    group_id, name = sys.argv[1], sys.argv[2]
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C and `kill PID` alike
        signal.signal(signum, signal.default_int_handler)
    pid_file = Path(f"/tmp/lesson03-{name}.pid")
    pid_file.write_text(str(os.getpid()))
    # --8<-- [start:member]
    consumer = KafkaConsumer(
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
        group_id=group_id,
        client_id=f"lesson03-{name}",
        session_timeout_ms=6000,  # default 45000: a crash is noticed after 6 s
        heartbeat_interval_ms=1000,  # default 3000; keep it below a third of the above
    )
    consumer.subscribe([TOPIC], listener=PrintRebalance(name))
    try:
        if consumer.partitions_for_topic(TOPIC) is None:  # loads metadata: join once
            sys.exit(f"topic {TOPIC} does not exist: run create_orders.py first")
        deadline = time.monotonic() + RUN_FOR_S
        while time.monotonic() < deadline:
            consumer.poll(timeout_ms=500)  # heartbeats, rebalances, records
    except KeyboardInterrupt:
        pass  # Ctrl-C or kill: leave the group cleanly
    finally:
        consumer.close()  # sends LeaveGroup: the others rebalance at once
        pid_file.unlink(missing_ok=True)
        print(f"{name}: left the group", flush=True)
    # --8<-- [end:member]


if __name__ == "__main__":
    main()
