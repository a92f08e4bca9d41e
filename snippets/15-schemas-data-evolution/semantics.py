"""A myth: "the registry accepted it, so the change is safe".

The registry checks types, not meaning. Version 1 of a payment stores `amount` as a
long, in cents. Version 2 stores `amount` as a double, in euros. Avro promotes a long
to a double, so BACKWARD accepts it, and a version 2 reader reads an old payment of
1999 cents as 1999.0 euros.
"""

from __future__ import annotations

import io
import json

import fastavro
from common import registry
from confluent_kafka.schema_registry import Schema

SUBJECT = "lesson15-payments-value"


def payment_schema(amount_type: str, doc: str) -> str:
    amount = {"name": "amount", "type": amount_type, "doc": doc}
    fields = [{"name": "id", "type": "long"}, amount]
    return json.dumps({"type": "record", "name": "Payment", "fields": fields})


def main() -> None:
    client = registry()
    if SUBJECT in client.get_subjects():
        client.delete_subject(SUBJECT)
        client.delete_subject(SUBJECT, permanent=True)
    # --8<-- [start:semantics]
    v1 = payment_schema("long", "in cents")
    v2 = payment_schema("double", "in euros")
    client.register_schema(SUBJECT, Schema(v1, "AVRO"))
    client.set_compatibility(SUBJECT, "BACKWARD")
    client.register_schema(SUBJECT, Schema(v2, "AVRO"))
    print(f"BACKWARD accepted v2: versions {client.get_versions(SUBJECT)}")

    writer, reader = (fastavro.parse_schema(json.loads(s)) for s in (v1, v2))
    old = io.BytesIO()  # a payment written with v1: 1999 cents
    fastavro.schemaless_writer(old, writer, {"id": 1, "amount": 1999})
    old.seek(0)
    read = fastavro.schemaless_reader(old, writer, reader)
    print(f"a v2 reader: {read} -> {read['amount']:.2f} euros, not 19.99")
    # --8<-- [end:semantics]
    assert client.get_versions(SUBJECT) == [1, 2] and read["amount"] == 1999.0


if __name__ == "__main__":
    main()
