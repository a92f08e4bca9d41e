"""Read an Avro record as the broker stores it, and take its bytes apart.

kafka-python reads the first record of lesson15-users with no deserializer. Byte 0 is
the magic byte (0), bytes 1 to 4 the schema id (big-endian), the rest the Avro body.
The id must be the one the registry gave the subject's version 1; the body decodes
with the schema the registry returns for that id.
"""

from __future__ import annotations

import io
import json

import fastavro
from common import SUBJECT, TOPIC, read_raw, registry


def zigzag(data: bytes) -> tuple[int, int]:
    """Decode one Avro int or long (a zigzag varint): (value, bytes it used)."""
    n = 0
    for i, byte in enumerate(data):
        n |= (byte & 0x7F) << (7 * i)  # 7 bits per byte, least significant first
        if not byte & 0x80:  # the high bit says "more bytes follow"
            return (n >> 1) ^ -(n & 1), i + 1  # zigzag: 0, -1, 1, -2, 2 ...
    raise ValueError("truncated varint")


def main() -> None:
    record = read_raw(TOPIC)[0]
    value: bytes = record.value
    # --8<-- [start:bytes]
    print(f"offset {record.offset}, {len(value)} bytes: {value.hex(' ')}")
    magic, schema_id, body = value[0], int.from_bytes(value[1:5], "big"), value[5:]
    print(f"byte 0     magic byte  {value[:1].hex()} -> {magic}")
    print(f"bytes 1-4  schema id   {value[1:5].hex(' ')} -> {schema_id}")

    # The Avro body: no field names, no tags; the fields in the schema's order.
    user_id, n = zigzag(body)  # a long: a zigzag varint
    length, m = zigzag(body[n:])  # a string: its length, then UTF-8 bytes
    name = body[n + m : n + m + length].decode()
    print(f"byte 5     field id    {body[:n].hex(' ')} -> {user_id}")
    print(f"bytes 6-9  field name  {body[n:].hex(' ')} -> length {length}, {name!r}")

    registered = registry().get_version(SUBJECT, 1)
    print(f"the registry's id for {SUBJECT} version 1: {registered.schema_id}")
    writer = registry().get_schema(schema_id)  # GET /schemas/ids/{id}
    decoded = fastavro.schemaless_reader(
        io.BytesIO(body), fastavro.parse_schema(json.loads(writer.schema_str)), None
    )
    print(f"decoded with schema {schema_id}: {decoded}")
    # --8<-- [end:bytes]
    assert magic == 0, "the Confluent wire format starts with magic byte 0"
    assert schema_id == registered.schema_id, (schema_id, registered.schema_id)
    assert decoded == {"id": user_id, "name": name} == {"id": 1, "name": "Ada"}


if __name__ == "__main__":
    main()
