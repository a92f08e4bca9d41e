"""Register the first version of a schema, and set the subject's compatibility mode.

It starts clean: every subject whose name starts with lesson15- is deleted (soft,
then permanently), so the lesson can run again. Then the User schema (id, name) is
registered under lesson15-users-value, the subject of the topic lesson15-users'
values (TopicNameStrategy), and the subject gets the compatibility mode BACKWARD.
"""

from __future__ import annotations

import json

from common import SUBJECT, USER_V1, registry
from confluent_kafka.schema_registry import Schema


def main() -> None:
    client = registry()
    for subject in client.get_subjects():
        if subject.startswith("lesson15-"):
            client.delete_subject(subject)  # soft: a version can be restored
            client.delete_subject(subject, permanent=True)  # gone for good

    # --8<-- [start:register]
    schema_id = client.register_schema(SUBJECT, Schema(USER_V1, "AVRO"))
    latest = client.get_latest_version(SUBJECT)
    print(f"{SUBJECT}: version {latest.version}, schema id {schema_id}")
    fields = [f["name"] for f in json.loads(latest.schema.schema_str)["fields"]]
    print(f"fields: {fields}")

    print(f"the registry's default compatibility: {client.get_compatibility()}")
    client.set_compatibility(SUBJECT, "BACKWARD")
    print(f"{SUBJECT} now: {client.get_compatibility(SUBJECT)}")
    # --8<-- [end:register]
    assert latest.version == 1 and latest.schema_id == schema_id
    assert client.get_compatibility(SUBJECT) == "BACKWARD"


if __name__ == "__main__":
    main()
