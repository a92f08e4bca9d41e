"""Step 5: tasks.max splits a sink connector into tasks, one consumer each.

A topic with two partitions receives six JSON records. A FileStreamSinkConnector with
tasks.max=2 writes them to a file. The worker runs two tasks; each is a member of the
connector's consumer group and owns one partition, as the broker reports.
"""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from connect_rest import create_connector, delete_connector, rest, wait_for_state
from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient
from topics import BOOTSTRAP, recreate_topic

NAME = "lesson17-file-sink"
TOPIC = "lesson17-events"
GROUP = "lesson17-file-sink"

delete_connector(NAME)  # first: its consumers would recreate the topic
recreate_topic(TOPIC, partitions=2)
producer = KafkaProducer(bootstrap_servers=BOOTSTRAP, client_id="lesson17-producer")
try:
    for i in range(6):
        producer.send(TOPIC, json.dumps({"event": i}).encode(), partition=i % 2)
    producer.flush()
finally:
    producer.close()

sink_file = Path(tempfile.mkdtemp(prefix="lesson17-")) / "events.txt"
# --8<-- [start:sink]
create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "tasks.max": "2",
        "topics": TOPIC,
        "file": str(sink_file),
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        # the sink's consumer group; by default it is connect-<connector name>
        "consumer.override.group.id": GROUP,
    },
)
status = wait_for_state(NAME, "RUNNING", tasks_expected=2)
print(f"tasks: {[(t['id'], t['state']) for t in status['tasks']]}")
# --8<-- [end:sink]
_, tasks = rest("GET", f"/connectors/{NAME}/tasks")
assert len(tasks) == 2, tasks

admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson17-admin")
try:
    deadline = time.monotonic() + 30
    while True:  # the group is Stable once both tasks have joined
        group = admin.describe_groups([GROUP])[GROUP]
        if group["group_state"] == "Stable" and len(group["members"]) == 2:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"{GROUP}: {group['group_state']}")
        time.sleep(0.5)
    print(f"consumer group {GROUP}: {group['group_state']}")
    owned = []
    for member in sorted(group["members"], key=lambda m: m["client_id"]):
        assigned = member["member_assignment"]["assigned_partitions"]
        parts = sorted(p for t in assigned for p in t["partitions"])
        owned += parts
        print(f"  {member['client_id']} owns partition {parts}")
    assert sorted(owned) == [0, 1], owned
finally:
    admin.close()

deadline = time.monotonic() + 20
while time.monotonic() < deadline:
    lines = sink_file.read_text().splitlines() if sink_file.exists() else []
    if len(lines) == 6:
        break
    time.sleep(0.5)
print(f"{sink_file.name}: {len(lines)} lines, e.g. {sorted(lines)[0]}")
assert len(lines) == 6, lines
