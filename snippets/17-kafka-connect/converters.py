"""Step 3: the same line through three converters, byte by byte.

A converter turns Connect's in-memory record (a schema and a value) into the bytes
Kafka stores. Three source connectors read the same one-line file; each overrides the
worker's value converter in its own config. The snippet reads one record from each
topic and prints its bytes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from connect_rest import create_connector, delete_connector, wait_for_state
from topics import read_all, recreate_topic

FILE_SOURCE = "org.apache.kafka.connect.file.FileStreamSourceConnector"
JSON = "org.apache.kafka.connect.json.JsonConverter"
STRING = "org.apache.kafka.connect.storage.StringConverter"
VARIANTS = {  # topic -> the connector's converter settings
    "lesson17-json-schemas": {"value.converter": JSON},
    "lesson17-json-plain": {
        "value.converter": JSON,
        "value.converter.schemas.enable": "false",
    },
    "lesson17-string": {"value.converter": STRING},
}

source_file = Path(tempfile.mkdtemp(prefix="lesson17-")) / "one.txt"
source_file.write_text("order 1: 2 books\n")

sizes = {}
for topic, converter in VARIANTS.items():
    name = f"{topic}-source"
    delete_connector(name)
    recreate_topic(topic)
    # --8<-- [start:config]
    create_connector(
        name,
        {
            "connector.class": FILE_SOURCE,
            "file": str(source_file),
            "topic": topic,
            **converter,  # e.g. "value.converter.schemas.enable": "false"
        },
    )
    # --8<-- [end:config]
    wait_for_state(name, "RUNNING")
    value = read_all(topic, 1)[0].value
    sizes[topic] = len(value)
    print(f"{topic} ({len(value)} bytes):")
    print(f"  {value!r}")

assert sizes["lesson17-json-schemas"] > sizes["lesson17-json-plain"]
assert sizes["lesson17-json-plain"] == sizes["lesson17-string"] + 2  # the quotes
