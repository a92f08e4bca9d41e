"""Transitive or not: the same history, the same candidate, two answers.

Each mode gets its own subject with the same two versions already registered, then
the registry is asked to register a third. A mode checks the candidate against the
latest version only; its _TRANSITIVE variant against every version.

- History A: v1 (id, name), v2 adds email with a default. Candidate: email without
  its default. A v3 reader reads v2 data, but not v1 data (no email, no default).
- History B: v1 (id, name), v2 gives name a default. Candidate: name removed. A v2
  reader reads v3 data (it uses its default), a v1 reader cannot (name has none).
"""

from __future__ import annotations

import io
import json

import fastavro
from common import EMAIL, ID, NAME, registry, user_schema
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError
from fastavro.read import SchemaResolutionError

NO_DEFAULT = {"name": "email", "type": "string"}
HISTORY_A = [user_schema(ID, NAME), user_schema(ID, NAME, EMAIL)]
CANDIDATE_A = user_schema(ID, NAME, NO_DEFAULT)
HISTORY_B = [user_schema(ID, NAME), user_schema(ID, {**NAME, "default": ""})]
CANDIDATE_B = user_schema(ID)
CASES = [
    ("A", "BACKWARD", HISTORY_A, CANDIDATE_A, True),
    ("A", "BACKWARD_TRANSITIVE", HISTORY_A, CANDIDATE_A, False),
    ("B", "FORWARD", HISTORY_B, CANDIDATE_B, True),
    ("B", "FORWARD_TRANSITIVE", HISTORY_B, CANDIDATE_B, False),
    ("B", "FULL", HISTORY_B, CANDIDATE_B, True),
    ("B", "FULL_TRANSITIVE", HISTORY_B, CANDIDATE_B, False),
]


def fresh_subject(client: SchemaRegistryClient, subject: str) -> None:
    if subject in client.get_subjects():
        client.delete_subject(subject)
        client.delete_subject(subject, permanent=True)


def main() -> None:
    client = registry()
    for history, mode, versions, candidate, accepted in CASES:
        subject = f"lesson15-{mode.lower().replace('_', '-')}-value"
        fresh_subject(client, subject)
        # --8<-- [start:register]
        for schema in versions:  # v1 and v2, under the default mode (NONE)
            client.register_schema(subject, Schema(schema, "AVRO"))
        client.set_compatibility(subject, mode)
        try:
            client.register_schema(subject, Schema(candidate, "AVRO"))
            answer = f"registered as version {client.get_versions(subject)[-1]}"
        except SchemaRegistryError as e:
            answer = f"rejected: HTTP {e.http_status_code}"
        # --8<-- [end:register]
        print(f"history {history}, {mode:20} {answer}")
        assert answer.startswith("registered" if accepted else "rejected: HTTP 409")

    # What BACKWARD let in: a reader with candidate A meets a record written with v1.
    # --8<-- [start:old]
    v1, v3 = (fastavro.parse_schema(json.loads(s)) for s in (HISTORY_A[0], CANDIDATE_A))
    old_record = io.BytesIO()
    fastavro.schemaless_writer(old_record, v1, {"id": 1, "name": "Ada"})
    old_record.seek(0)
    try:
        fastavro.schemaless_reader(old_record, v1, v3)  # writer v1, reader v3
        error = None
    except SchemaResolutionError as e:
        error = str(e)
    print(f"a v3 reader (history A) on a v1 record: {error}")
    # --8<-- [end:old]
    assert error is not None, "a v1 record must not resolve to the v3 schema"


if __name__ == "__main__":
    main()
