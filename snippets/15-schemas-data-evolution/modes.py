"""Each compatibility mode, asked of the registry: which changes does it accept?

A scratch subject, lesson15-modes-value, holds version 1 of the User schema (id,
name). For each mode, the registry tests four candidate changes against it
(POST /compatibility/subjects/{subject}/versions/latest). Nothing is registered.
"""

from __future__ import annotations

from common import EMAIL, ID, NAME, USER_V1, registry, user_schema
from confluent_kafka.schema_registry import Schema

SUBJECT = "lesson15-modes-value"
MODES = ["NONE", "BACKWARD", "FORWARD", "FULL"]
# --8<-- [start:changes]
NO_DEFAULT = {"name": "email", "type": "string"}
CHANGES = {
    "add email with a default": user_schema(ID, NAME, EMAIL),
    "add email without a default": user_schema(ID, NAME, NO_DEFAULT),
    "remove name (no default)": user_schema(ID),
    "rename name to full_name": user_schema(ID, {**NAME, "name": "full_name"}),
}
# --8<-- [end:changes]
# What the page explains. BACKWARD: the new schema reads old data. FORWARD: the
# old schema reads new data. FULL: both.
EXPECTED = {
    "add email with a default": [True, True, True, True],
    "add email without a default": [True, False, True, False],
    "remove name (no default)": [True, True, False, False],
    "rename name to full_name": [True, False, False, False],
}


def main() -> None:
    client = registry()
    client.register_schema(SUBJECT, Schema(USER_V1, "AVRO"))
    print(f"{'change (v1: id, name)':30}" + "".join(f"{m:>10}" for m in MODES))
    for change, schema in CHANGES.items():
        answers = []
        for mode in MODES:
            client.set_compatibility(SUBJECT, mode)
            answers.append(client.test_compatibility(SUBJECT, Schema(schema, "AVRO")))
        cells = "".join(f"{'yes' if a else 'no':>10}" for a in answers)
        print(f"{change:30}{cells}")
        assert answers == EXPECTED[change], (change, answers)


if __name__ == "__main__":
    main()
