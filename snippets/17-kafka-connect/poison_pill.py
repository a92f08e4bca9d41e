"""Pitfall: with the default errors.tolerance=none, one bad record fails the task,
and a restart fails again on the same record.

The sink reads lesson17-poison, whose second record is not JSON. Its offset is never
committed, so the restarted task reads the same record and fails the same way.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from connect_rest import create_connector, delete_connector, rest, wait_for_state
from kafka import KafkaProducer
from topics import BOOTSTRAP, recreate_topic

NAME = "lesson17-poison-sink"
TOPIC = "lesson17-poison"

delete_connector(NAME)  # first: its consumer would recreate the topic
recreate_topic(TOPIC)
producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson17-producer")
try:
    for value in (b'{"amount": 10}', b"amount: twenty", b'{"amount": 30}'):
        producer.send(TOPIC, value)
    producer.flush()
finally:
    producer.close()

create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "topics": TOPIC,
        "file": str(Path(tempfile.mkdtemp(prefix="lesson17-")) / "poison.txt"),
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
    },
)
for attempt in ("first run", "after a restart"):
    if attempt != "first run":
        code, body = rest(
            "POST", f"/connectors/{NAME}/restart?includeTasks=true&onlyFailed=true"
        )
        print(f"restart -> {code}: task 0 {body['tasks'][0]['state']}")
        deadline = time.monotonic() + 15
        while rest("GET", f"/connectors/{NAME}/status")[1]["tasks"][0]["state"] == (
            "FAILED"
        ):  # wait until the worker has acted on the restart
            if time.monotonic() > deadline:
                raise SystemExit(f"{NAME}: the task did not restart within 15 s")
            time.sleep(0.02)
    task = wait_for_state(NAME, "FAILED")["tasks"][0]
    cause = [line for line in task["trace"].splitlines() if "Caused by" in line][-1]
    print(f"{attempt}: task 0 {task['state']}")
    print(f"  {cause.split(': ', 2)[1].rsplit('.', 1)[-1]}")
