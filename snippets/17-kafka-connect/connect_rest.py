"""A small client for the Kafka Connect REST API, on Python's standard library only.

`rest()` sends one request to the worker at KAFKA_CONNECT_URL (default
http://localhost:8083) and returns the HTTP status and the decoded JSON body.
`delete_connector()` and `create_connector()` wrap DELETE and POST, and
`wait_for_state()` polls a connector's status until its tasks reach a state.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from typing import Any

CONNECT_URL = os.environ.get("KAFKA_CONNECT_URL", "http://localhost:8083")


def rest(method: str, path: str, body: dict[str, Any] | None = None) -> tuple[int, Any]:
    """Send `method path` with an optional JSON body; return (status, JSON or None)."""
    request = urllib.request.Request(
        CONNECT_URL + path,
        data=None if body is None else json.dumps(body).encode(),
        method=method,
        headers={"Content-Type": "application/json", "Accept": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:  # 4xx and 5xx carry a JSON error body
        status, raw = error.code, error.read()
    except urllib.error.URLError as error:
        raise SystemExit(
            f"No Kafka Connect worker answers at {CONNECT_URL} ({error.reason}). "
            "Start one (`kafkalab up --connect`) or set KAFKA_CONNECT_URL."
        ) from None
    return status, json.loads(raw) if raw else None


def delete_connector(name: str, timeout: float = 30.0) -> None:
    """Delete connector `name` if it exists, and wait until the worker forgets it."""
    rest("DELETE", f"/connectors/{name}")
    deadline = time.monotonic() + timeout
    while rest("GET", f"/connectors/{name}")[0] != 404:
        if time.monotonic() > deadline:
            raise SystemExit(f"{name} still exists after {timeout:.0f} s")
        time.sleep(0.2)


def create_connector(name: str, config: dict[str, str]) -> None:
    """Create connector `name` with `config` (POST /connectors)."""
    status, body = rest("POST", "/connectors", {"name": name, "config": config})
    if status != 201:
        raise SystemExit(f"creating {name}: HTTP {status} {body}")


def wait_for_state(
    name: str, state: str, timeout: float = 30.0, tasks_expected: int = 1
) -> dict[str, Any]:
    """Poll GET /connectors/<name>/status until it lists at least `tasks_expected`
    tasks (the worker reports each one as it starts), all in `state`."""
    deadline = time.monotonic() + timeout
    while True:
        status, body = rest("GET", f"/connectors/{name}/status")
        tasks = body.get("tasks", []) if status == 200 else []
        if len(tasks) >= tasks_expected and all(t["state"] == state for t in tasks):
            return body
        if time.monotonic() > deadline:
            raise SystemExit(f"{name}: tasks not {state} after {timeout:.0f} s: {body}")
        time.sleep(0.1)
