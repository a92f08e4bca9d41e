"""Exercise 1: RegexRouter renames the topic of every record a source produces."""

from __future__ import annotations

import tempfile
from pathlib import Path

from connect_rest import create_connector, delete_connector, wait_for_state
from kafka.admin import KafkaAdminClient
from topics import BOOTSTRAP, read_all, recreate_topic

NAME = "lesson17-router-source"
ROUTED_TOPIC = "lesson17-routed-orders"

source_file = Path(tempfile.mkdtemp(prefix="lesson17-")) / "orders.txt"
source_file.write_text("order 1\norder 2\n")
delete_connector(NAME)
recreate_topic(ROUTED_TOPIC)
create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "file": str(source_file),
        "topic": "lesson17-raw-orders",
        "transforms": "route",
        "transforms.route.type": "org.apache.kafka.connect.transforms.RegexRouter",
        "transforms.route.regex": "lesson17-raw-(.*)",
        "transforms.route.replacement": "lesson17-routed-$1",
    },
)
wait_for_state(NAME, "RUNNING")
records = read_all(ROUTED_TOPIC, 2)
print(f"{ROUTED_TOPIC}: {len(records)} records")
admin = KafkaAdminClient(bootstrap_servers=BOOTSTRAP, client_id="lesson17-admin")
try:
    raw_exists = "lesson17-raw-orders" in admin.list_topics()
finally:
    admin.close()
print(f"lesson17-raw-orders exists: {raw_exists}")
assert len(records) == 2 and not raw_exists
