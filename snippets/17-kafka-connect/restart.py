"""Step 7: a task fails for real, the cause is fixed, and only the failed task restarts.

The sink connector writes into a folder that does not exist yet, so its task fails
when it starts. The snippet prints the status the worker reports, creates the folder,
then restarts the failed tasks over REST (KIP-745) and waits for them to run.
"""

from __future__ import annotations

import json
import tempfile
import textwrap
import time
from pathlib import Path

from connect_rest import create_connector, delete_connector, rest, wait_for_state
from kafka import KafkaProducer
from topics import BOOTSTRAP, recreate_topic

NAME = "lesson17-restart-sink"
TOPIC = "lesson17-refunds"

delete_connector(NAME)  # first: its consumer would recreate the topic
recreate_topic(TOPIC)
producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson17-producer")
try:
    for amount in (5, 7):
        producer.send(TOPIC, json.dumps({"refund": amount}).encode())
    producer.flush()
finally:
    producer.close()

out_dir = Path(tempfile.mkdtemp(prefix="lesson17-")) / "refunds"  # not created yet
create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "topics": TOPIC,
        "file": str(out_dir / "refunds.txt"),
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
    },
)
# --8<-- [start:restart]
status = wait_for_state(NAME, "FAILED")
task = status["tasks"][0]
print(f"before: connector {status['connector']['state']}, task 0 {task['state']}")
error = task["trace"].splitlines()[0].replace(str(out_dir.parent), "$TMP")
exception, _, message = error.partition(": ")
trace = f"{exception.rsplit('.', 1)[-1]}: {message}"
print(textwrap.fill(trace, 86, initial_indent="  trace: ", subsequent_indent="    "))

time.sleep(1)  # you read the trace, and find the cause
out_dir.mkdir()  # fix the cause
code, body = rest(
    "POST", f"/connectors/{NAME}/restart?includeTasks=true&onlyFailed=true"
)
print(f"POST /connectors/{NAME}/restart?includeTasks=true&onlyFailed=true")
print(f"  -> {code}: connector {body['connector']['state']}, "
      f"task 0 {body['tasks'][0]['state']}")  # fmt: skip

status = wait_for_state(NAME, "RUNNING")
print(f"after: connector {status['connector']['state']}, "
      f"task 0 {status['tasks'][0]['state']}")  # fmt: skip
# --8<-- [end:restart]
deadline = time.monotonic() + 20
lines: list[str] = []
while len(lines) < 2 and time.monotonic() < deadline:
    time.sleep(0.5)
    path = out_dir / "refunds.txt"
    lines = path.read_text().splitlines() if path.exists() else []
print(f"refunds.txt: {lines}")
assert code == 202 and lines == ["{refund=5}", "{refund=7}"], (code, lines)
