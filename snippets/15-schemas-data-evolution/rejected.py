"""A breaking change, refused: rename the field name to full_name.

A reader with the new schema would find no full_name in the records already written,
and no default to use instead: under BACKWARD the registry refuses to register it,
with HTTP 409 Conflict. The subject keeps its two versions.
"""

from __future__ import annotations

import textwrap

from common import ID, SUBJECT, registry, user_schema
from confluent_kafka.schema_registry import Schema
from confluent_kafka.schema_registry.error import SchemaRegistryError

EMAIL = {"name": "email", "type": "string", "default": ""}
RENAMED = user_schema(ID, {"name": "full_name", "type": "string"}, EMAIL)


def main() -> None:
    client = registry()
    # --8<-- [start:rejected]
    status = None
    try:
        client.register_schema(SUBJECT, Schema(RENAMED, "AVRO"))
    except SchemaRegistryError as e:
        status = e.http_status_code
        print(f"HTTP {e.http_status_code}, error code {e.error_code}")
        print(textwrap.fill(e.error_message, 80))
    print(f"{SUBJECT} versions: {client.get_versions(SUBJECT)}")
    # --8<-- [end:rejected]
    assert status == 409, f"expected HTTP 409 Conflict, got {status}"
    assert client.get_versions(SUBJECT) == [1, 2]


if __name__ == "__main__":
    main()
