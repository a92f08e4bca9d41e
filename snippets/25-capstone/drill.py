"""Step 6, the failure drill: SIGKILL the inventory service mid-transaction.

The inventory service runs under a supervisor that restarts it (Step 3's background
block). This script writes 24 more orders, waits until inventory has an open
transaction with records already in lesson25-inventory (the LSO behind the high
watermark), kills it with SIGKILL, waits for the restart, and proves from the topics
that no order was lost or duplicated downstream.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from kafka.admin import KafkaAdminClient, OffsetSpec
from kafka.structs import TopicPartition
from order_service import main as write_orders
from results import check, events, settled
from shop import BOOTSTRAP, INVENTORY, Codec, read_topic

PIDFILE = Path("/tmp/lesson25-inventory.pid")


def open_transaction(admin: KafkaAdminClient) -> TopicPartition | None:
    """A partition of lesson25-inventory whose LSO is behind its high watermark."""
    specs = {TopicPartition(INVENTORY, p): OffsetSpec.LATEST for p in range(3)}
    high = admin.list_partition_offsets(specs)
    stable = admin.list_partition_offsets(specs, isolation_level="read_committed")
    return next((tp for tp in specs if stable[tp].offset < high[tp].offset), None)


def main() -> None:
    pid = int(PIDFILE.read_text())
    admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson25-drill")
    try:
        write_orders(25, 24)
        # --8<-- [start:kill]
        deadline = time.monotonic() + 30
        while (tp := open_transaction(admin)) is None:
            assert time.monotonic() < deadline, "no open transaction seen in 30 s"
        os.kill(pid, signal.SIGKILL)
        print(f"SIGKILL to inventory during an open transaction on {tp.topic}")
        # --8<-- [end:kill]
    finally:
        admin.close()
    while PIDFILE.read_text() in ("", str(pid)):  # the supervisor starts a new one
        assert time.monotonic() < deadline, "inventory was not restarted"
        time.sleep(0.2)
    print("inventory restarted by its supervisor")
    codec = Codec()
    while not settled(found := events(codec), 48):
        assert time.monotonic() < deadline + 60, "the orders did not settle"
        time.sleep(1)
    status = check(found, 48)  # exactly one event per order and status
    print(
        f"48 orders settled: none lost, none duplicated ({sum(status.values())} events)"
    )
    log = len(read_topic(INVENTORY, committed=False))
    kept = len(read_topic(INVENTORY))
    print(f"{INVENTORY}: {kept} committed events, {log - kept} aborted in the log")
    assert log > kept, "the killed transaction's records are in the log, aborted"


if __name__ == "__main__":
    main()
