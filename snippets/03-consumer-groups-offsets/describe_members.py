"""Myth: `kafka-consumer-groups.sh --describe --members --verbose` shows lag. It does not.

While the three billing consumers are running, this runs both views of the group: `--members
--verbose` lists members and their assignments; the plain `--describe` (the offsets view) is the
one with CURRENT-OFFSET, LOG-END-OFFSET and LAG.
"""

from __future__ import annotations

import subprocess
import threading

from kafka import KafkaConsumer
from kafka.admin import KafkaAdminClient

from kafkalab.course import bootstrap_servers, settled_assignment

TOPIC = "lesson03-orders"
GROUP = "lesson03-billing"
MEMBERS = ["lesson03-billing-1", "lesson03-billing-2", "lesson03-billing-3"]


class Member(threading.Thread):
    """One consumer of the group. It polls in its own thread until told to stop."""

    def __init__(self, client_id: str) -> None:
        super().__init__(name=client_id)
        self.client_id = client_id
        self.stopping = threading.Event()

    def run(self) -> None:
        consumer = KafkaConsumer(
            bootstrap_servers=bootstrap_servers(),
            group_id=GROUP,
            client_id=self.client_id,
            enable_auto_commit=False,  # look, don't touch: leave the committed offsets alone
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        consumer.subscribe([TOPIC])
        # load the topic's metadata before the first join (see the page's note)
        consumer.partitions_for_topic(TOPIC)
        try:
            while not self.stopping.is_set():
                consumer.poll(timeout_ms=200)
        finally:
            consumer.close()


def consumer_groups_tool(*args: str) -> list[str]:
    """Run kafka-consumer-groups.sh on the group; return its table, rows sorted under the header."""
    command = ["kafka-consumer-groups.sh", "--bootstrap-server", bootstrap_servers()]
    command += ["--describe", "--group", GROUP, *args]
    print("$ " + " ".join(command[:1] + command[3:]))
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    header, *rows = [line for line in result.stdout.splitlines() if line.strip()]
    return [header, *sorted(rows)]


def main() -> None:
    admin = KafkaAdminClient(bootstrap_servers=bootstrap_servers(), client_id="lesson03-admin")
    members = [Member(name) for name in MEMBERS]
    try:
        for m in members:
            m.start()
        settled_assignment(admin, GROUP, len(members), partitions=6)
        members_view = consumer_groups_tool("--members", "--verbose")
        print("\n".join(members_view))
        offsets_view = consumer_groups_tool()
        print("\n".join(offsets_view))
    finally:
        for m in members:
            m.stopping.set()
        for m in members:
            m.join()
        admin.close()

    assert "LAG" not in members_view[0].split(), "--members --verbose has no lag column"
    assert "LAG" in offsets_view[0].split(), "the offsets view has the lag column"


if __name__ == "__main__":
    main()
