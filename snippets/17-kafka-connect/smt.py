"""Step 4: single message transforms reshape each record inside the worker.

Two transforms run in a chain on every record the source produces, before the
converter: HoistField wraps the line into a struct under the field `line`, and
InsertField adds a field `source` with a fixed value. No code: only configuration.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from connect_rest import create_connector, delete_connector, wait_for_state
from topics import read_all, recreate_topic

NAME = "lesson17-smt-source"
TOPIC = "lesson17-orders-shaped"

source_file = Path(tempfile.mkdtemp(prefix="lesson17-")) / "orders.txt"
source_file.write_text("order 1: 2 books\norder 2: 1 lamp\n")
delete_connector(NAME)  # first: a running connector would recreate the topic
recreate_topic(TOPIC)

# --8<-- [start:transforms]
create_connector(
    NAME,
    {
        "connector.class": "org.apache.kafka.connect.file.FileStreamSourceConnector",
        "file": str(source_file),
        "topic": TOPIC,
        "value.converter": "org.apache.kafka.connect.json.JsonConverter",
        "value.converter.schemas.enable": "false",
        "transforms": "wrap,tag",  # applied in this order
        "transforms.wrap.type": "org.apache.kafka.connect.transforms.HoistField$Value",
        "transforms.wrap.field": "line",
        "transforms.tag.type": "org.apache.kafka.connect.transforms.InsertField$Value",
        "transforms.tag.static.field": "source",
        "transforms.tag.static.value": "shop-a",
    },
)
# --8<-- [end:transforms]
wait_for_state(NAME, "RUNNING")
for record in read_all(TOPIC, 2):
    print(f"{record.offset}: {record.value.decode()}")
    assert json.loads(record.value)["source"] == "shop-a"
