"""Exercise: repair a dead letter and replay it through the pipeline.

o-09's amount was typed with a minus sign. The fix: read the dead letters, repair the
ones whose reason says so, send them back to the orders topic under their own key,
and let the processor pick them up like any other order event.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from common import BOOTSTRAP, read_all
from kafka import KafkaProducer
from orders_setup import DLQ, ORDERS, STATUS

PROCESSOR = Path(__file__).with_name("order_processor.py")


def main() -> None:
    repaired = 0
    with KafkaProducer(bootstrap_servers=BOOTSTRAP, acks="all") as producer:
        for record in read_all(DLQ):
            reason = dict(record.headers)["error.reason"].decode()
            if reason != "amount_cents must be > 0":
                continue  # the other two need a human: leave them in the DLQ
            order = json.loads(record.value)
            order["amount_cents"] = abs(order["amount_cents"])
            producer.send(ORDERS, key=record.key, value=json.dumps(order).encode())
            repaired += 1
    print(f"repaired and replayed: {repaired}")
    cmd = [sys.executable, str(PROCESSOR), "--work", "finish"]
    subprocess.run(cmd, check=True, timeout=90)  # the processor, without a crash
    statuses = [
        json.loads(r.value)["status"] for r in read_all(STATUS) if r.key == b"o-09"
    ]
    print(f"o-09 in {STATUS}: {statuses}")
    assert "PLACED" in statuses, "the repaired order should have a status now"


if __name__ == "__main__":
    main()
