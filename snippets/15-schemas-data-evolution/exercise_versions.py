"""Exercise: which schema version wrote each record of lesson15-users?

Read the topic raw with kafka-python, take the schema id from each record's header
(magic byte 0, then 4 bytes), ask the registry which version of the subject that id
is, and list the records that carry no header at all.
"""

from __future__ import annotations

from collections import defaultdict

from common import SUBJECT, TOPIC, read_raw, registry
from confluent_kafka.schema_registry import Schema


def main() -> None:
    client = registry()
    by_version: dict[str, list[int]] = defaultdict(list)
    for record in read_raw(TOPIC):
        value = record.value
        if len(value) < 5 or value[0] != 0:
            by_version["no header"].append(record.offset)
            continue
        schema = client.get_schema(int.from_bytes(value[1:5], "big"))
        version = client.lookup_schema(
            SUBJECT, Schema(schema.schema_str, "AVRO")
        ).version
        by_version[f"version {version}"].append(record.offset)
    for version, offsets in sorted(by_version.items()):
        print(f"{version}: offsets {offsets}")
    assert by_version["version 1"] == [0, 1, 2] and by_version["version 2"] == [3, 4]
    assert by_version["no header"] == [5]


if __name__ == "__main__":
    main()
