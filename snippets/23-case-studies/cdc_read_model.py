"""Keep a read model of `customers` in sync from Debezium's change events.

It reads `lesson23-cdc.public.customers` from the beginning: first the snapshot
(op "r"), then each change as it is committed (op "c", "u", "d"), and the tombstone
(a null value) that follows a delete. It applies each event once: Debezium delivers
at least once, so an event whose source LSN a key has already reached is skipped.
It stops once the model matches what the SQL of the next step leaves, tombstone
included, and fails if that does not happen within 90 seconds.
"""

from __future__ import annotations

import json
import os
import time

from kafka import KafkaConsumer

TOPIC = "lesson23-cdc.public.customers"
EXPECTED = {1: "Ada/Cambridge", 2: "Grace/New York", 4: "Barbara/Boston"}

consumer = KafkaConsumer(
    TOPIC,
    bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "localhost:9092"),
    client_id="lesson23-cdc-read-model",
    group_id=None,  # no commits: it rebuilds the model from offset 0 each run
    auto_offset_reset="earliest",
)
model: dict[int, str] = {}  # id -> "name/city"
applied: dict[int, int] = {}  # id -> LSN of the last event applied to it
tombstones: set[int] = set()  # ids whose delete was followed by a null value
deadline = time.monotonic() + 90
try:
    while model != EXPECTED or 3 not in tombstones:
        assert time.monotonic() < deadline, f"model never matched: {model}"
        batches = consumer.poll(timeout_ms=500)
        # --8<-- [start:apply]
        for record in (r for records in batches.values() for r in records):
            key = json.loads(record.key)["id"]  # the table's primary key
            if record.value is None:
                print(f"offset {record.offset}: tombstone id={key}")
                tombstones.add(key)
                continue
            event = json.loads(record.value)  # op, before, after, source, ts_ms
            lsn = event["source"]["lsn"]
            if lsn <= applied.get(key, -1):
                continue  # a redelivery: this key already reached that LSN
            row = event["after"]
            if row is None:
                model.pop(key, None)
            else:
                model[key] = f"{row['name']}/{row['city']}"
            applied[key] = lsn
            before = event["before"] and f"{event['before']['city']}"
            after = row and row["city"]
            print(
                f"offset {record.offset}: op={event['op']} id={key} "
                f"before={before} after={after}"
            )
            if event["source"]["snapshot"] == "last":  # the snapshot's last row
                print("snapshot read; waiting for changes", flush=True)
        # --8<-- [end:apply]
    print(f"read model in sync: {dict(sorted(model.items()))}")
finally:
    consumer.close()
