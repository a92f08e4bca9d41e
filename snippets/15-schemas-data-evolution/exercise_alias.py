"""Exercise: rename name to full_name without breaking readers, with an Avro alias.

In a scratch subject holding version 1 (id, name), the registry tests a version 2
whose field full_name has the alias "name", under BACKWARD and under FORWARD. Then a
reader with version 2 reads a record written with version 1.
"""

from __future__ import annotations

import io
import json

import fastavro
from common import ID, USER_V1, registry, user_schema
from confluent_kafka.schema_registry import Schema

SUBJECT = "lesson15-alias-value"
RENAMED = user_schema(ID, {"name": "full_name", "type": "string", "aliases": ["name"]})


def main() -> None:
    client = registry()
    if SUBJECT in client.get_subjects():
        client.delete_subject(SUBJECT)
        client.delete_subject(SUBJECT, permanent=True)
    client.register_schema(SUBJECT, Schema(USER_V1, "AVRO"))
    answers = {}
    for mode in ("BACKWARD", "FORWARD"):
        client.set_compatibility(SUBJECT, mode)
        answers[mode] = client.test_compatibility(SUBJECT, Schema(RENAMED, "AVRO"))
        print(f"{mode:8} compatible={answers[mode]}")

    writer, reader = (fastavro.parse_schema(json.loads(s)) for s in (USER_V1, RENAMED))
    old = io.BytesIO()
    fastavro.schemaless_writer(old, writer, {"id": 1, "name": "Ada"})
    old.seek(0)
    read = fastavro.schemaless_reader(old, writer, reader)
    print(f"a v2 reader on a v1 record: {read}")
    assert answers == {"BACKWARD": True, "FORWARD": False}, answers
    assert read == {"id": 1, "full_name": "Ada"}


if __name__ == "__main__":
    main()
