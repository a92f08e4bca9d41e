"""Step 2: a source connector copies a file's lines into a topic.

FileStreamSourceConnector reads a text file and writes one record per line. The
snippet writes three lines into a temporary file, creates the connector over REST,
waits until its task runs, prints what the worker reports about the connector and
its task, and reads the records back from Kafka.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from connect_rest import create_connector, delete_connector, rest, wait_for_state
from topics import read_all, recreate_topic

NAME = "lesson17-file-source"
TOPIC = "lesson17-lines"
LINES = ["order 1: 2 books", "order 2: 1 lamp", "order 3: 5 pens"]

# --8<-- [start:create]
source_file = Path(tempfile.mkdtemp(prefix="lesson17-")) / "orders.txt"
source_file.write_text("\n".join(LINES) + "\n")
delete_connector(NAME)  # first: a running connector would recreate the topic
recreate_topic(TOPIC)

create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "tasks.max": "1",
        "file": str(source_file),
        "topic": TOPIC,
    },
)
status = wait_for_state(NAME, "RUNNING")
print(f"GET /connectors/{NAME}/status:")
print(
    f"  connector {status['connector']['state']} on {status['connector']['worker_id']}"
)
for task in status["tasks"]:
    print(f"  task {task['id']} {task['state']} on {task['worker_id']}")
_, tasks = rest("GET", f"/connectors/{NAME}/tasks")
print(f"GET /connectors/{NAME}/tasks: {len(tasks)} task(s)")
print(f"  task {tasks[0]['id']['task']}: file={Path(tasks[0]['config']['file']).name}")
# --8<-- [end:create]

records = read_all(TOPIC, len(LINES))
print(f"{TOPIC} holds {len(records)} records:")
for record in records:
    print(f"  {record.offset}: {record.value.decode()}")
print(f"  keys: {[r.key for r in records]}")
values = [json.loads(r.value)["payload"] for r in records]
assert values == LINES, values
