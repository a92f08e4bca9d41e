"""Exercise 3 solution: an offset reset is refused while the group has active members.

Resetting the offsets under a running consumer would be overwritten by its next commit,
so the tool checks the group's state first. Stop the consumers, then reset.
"""

from __future__ import annotations

import os
import subprocess
import textwrap
import threading
import time

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient

TOPIC = "lesson03-payments"
GROUP = "lesson03-reports"


BOOTSTRAP = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092")


def run_member(stopping: threading.Event) -> None:
    consumer = KafkaConsumer(
        TOPIC,
        bootstrap_servers=BOOTSTRAP,
        group_id=GROUP,
        client_id="lesson03-reports-1",
        enable_auto_commit=False,
        session_timeout_ms=6000,
    )
    try:
        # load the metadata first, so the consumer joins the group only once
        consumer.partitions_for_topic(TOPIC)
        while not stopping.is_set():
            consumer.poll(timeout_ms=200)
    finally:
        consumer.close()


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson03-admin")
    stopping = threading.Event()
    member = threading.Thread(target=run_member, args=(stopping,))
    try:
        before = admin.list_group_offsets([GROUP])[GROUP]
        member.start()
        deadline = time.monotonic() + 30
        while admin.describe_groups([GROUP])[GROUP]["group_state"] != "Stable":
            if time.monotonic() > deadline:
                raise TimeoutError(f"group {GROUP} did not become Stable")
            time.sleep(0.2)
        command = ["kafka-consumer-groups.sh", "--bootstrap-server", BOOTSTRAP]
        command += ["--reset-offsets", "--to-earliest", "--execute"]
        command += ["--group", GROUP, "--topic", TOPIC]
        result = subprocess.run(command, capture_output=True, text=True, check=True)
        for line in result.stdout.splitlines():
            if len(line) > 80:  # wrapped, to fit the page
                line = textwrap.fill(line, 80, subsequent_indent="  ")
            if line.strip():
                print(line)
        after = admin.list_group_offsets([GROUP])[GROUP]
    finally:
        stopping.set()
        if member.is_alive():
            member.join()
        admin.close()

    assert "inactive" in result.stdout, "the tool refuses to reset an active group"
    assert after == before, "and the committed offsets are unchanged"
    print(
        "committed offsets unchanged:",
        {tp.partition: after[tp].offset for tp in sorted(after)},
    )


if __name__ == "__main__":
    main()
