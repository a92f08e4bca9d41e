"""Create (or, with --delete, remove) the Debezium connector that captures `customers`.

The connector reads PostgreSQL's write-ahead log through the replication slot
`lesson23_slot` and the publication `lesson23_pub`, and writes one topic per table:
`lesson23-cdc.public.customers`. It is created over the Connect REST API with the
standard library only. `--stop` and `--resume` stop and restart it; `--delete`
stops it, deletes its stored source offsets (KIP-875) and the connector, so that the
next one starts with a new snapshot.
"""

from __future__ import annotations

import json
import os
import sys
import time
import urllib.error
import urllib.request
from typing import Any

CONNECT_URL = os.environ.get("KAFKA_CONNECT_URL", "http://localhost:8083")
NAME = "lesson23-cdc"
# --8<-- [start:config]
CONFIG = {
    "connector.class": "io.debezium.connector.postgresql.PostgresConnector",
    "tasks.max": "1",
    "database.hostname": os.environ.get("PGHOST", "127.0.0.1"),
    "database.port": os.environ.get("PGPORT", "5432"),
    "database.user": os.environ.get("PGUSER", "kafkalab"),
    "database.password": os.environ.get("PGPASSWORD", "kafkalab"),
    "database.dbname": os.environ.get("PGDATABASE", "kafkalab"),
    "plugin.name": "pgoutput",  # PostgreSQL's built-in decoder (default: decoderbufs)
    "slot.name": "lesson23_slot",
    "publication.name": "lesson23_pub",
    "publication.autocreate.mode": "disabled",  # we created it in step 1
    "table.include.list": "public.customers",
    "topic.prefix": "lesson23-cdc",  # topics: <prefix>.<schema>.<table>
    "topic.creation.default.partitions": "1",
    "topic.creation.default.replication.factor": "1",
    "key.converter": "org.apache.kafka.connect.json.JsonConverter",
    "key.converter.schemas.enable": "false",
    "value.converter": "org.apache.kafka.connect.json.JsonConverter",
    "value.converter.schemas.enable": "false",
}
# --8<-- [end:config]


def rest(method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """One call to the Connect REST API: (HTTP status, decoded JSON or None)."""
    request = urllib.request.Request(
        CONNECT_URL + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else None


def wait_for(what: str, check: Any, timeout: float = 60.0) -> Any:
    """Poll check() until it returns something truthy, at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (result := check()):
        if time.monotonic() > deadline:
            raise SystemExit(f"{what}: not reached in {timeout:.0f} s")
        time.sleep(0.5)
    return result


def state() -> tuple[str, list[str]]:
    """The connector's state and its tasks' states ("missing" if there is none)."""
    status, body = rest("GET", f"/connectors/{NAME}/status")
    if status != 200:
        return "missing", []
    return body["connector"]["state"], [t["state"] for t in body["tasks"]]


def delete() -> None:
    if state()[0] == "missing":
        return
    rest("PUT", f"/connectors/{NAME}/stop")  # offsets can be reset only when stopped
    wait_for("STOPPED", lambda: state()[0] == "STOPPED")
    status, body = rest("DELETE", f"/connectors/{NAME}/offsets")
    assert status == 200, body
    rest("DELETE", f"/connectors/{NAME}")
    wait_for("deleted", lambda: state()[0] == "missing")


def create() -> None:
    status, body = rest("PUT", f"/connectors/{NAME}/config", CONFIG)
    assert status == 201, f"HTTP {status}: {body}"  # 201: a new connector
    connector, tasks = wait_for(
        "RUNNING", lambda: (s := state())[1] == ["RUNNING"] and s or None
    )
    print(f"connector {NAME}: {connector}, tasks: {tasks}")


def stop_or_resume(action: str) -> None:
    rest("PUT", f"/connectors/{NAME}/{action}")
    goal = "STOPPED" if action == "stop" else "RUNNING"
    wait_for(goal, lambda: state()[0] == goal)
    print(f"connector {NAME}: {goal}")


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "--create"
    if action == "--delete":
        delete()
    elif action in ("--stop", "--resume"):
        stop_or_resume(action[2:])
    else:
        create()
