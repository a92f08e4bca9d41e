"""Exercise 2: a sink with tasks.max=3 on a topic with two partitions."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from connect_rest import create_connector, delete_connector, rest, wait_for_state
from kafka.admin import KafkaAdminClient
from topics import BOOTSTRAP, recreate_topic

NAME = "lesson17-three-tasks"
TOPIC = "lesson17-events-3"
GROUP = "lesson17-three-tasks"

delete_connector(NAME)
recreate_topic(TOPIC, partitions=2)
create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSinkConnector",
        "tasks.max": "3",
        "topics": TOPIC,
        "file": str(Path(tempfile.mkdtemp(prefix="lesson17-")) / "out.txt"),
        "consumer.override.group.id": GROUP,
    },
)
wait_for_state(NAME, "RUNNING", tasks_expected=3)
_, tasks = rest("GET", f"/connectors/{NAME}/tasks")
print(f"tasks: {len(tasks)}")

admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson17-admin")
try:
    deadline = time.monotonic() + 30
    while True:
        group = admin.describe_groups([GROUP])[GROUP]
        if group["group_state"] == "Stable" and len(group["members"]) == 3:
            break
        if time.monotonic() > deadline:
            raise SystemExit(f"{GROUP}: {group['group_state']}")
        time.sleep(0.5)
finally:
    admin.close()
counts = sorted(
    sum(len(t["partitions"]) for t in m["member_assignment"]["assigned_partitions"])
    for m in group["members"]
)
print(f"partitions per member: {counts}")
assert len(tasks) == 3 and counts == [0, 1, 1], (tasks, counts)
