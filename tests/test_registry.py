"""The `registry` service (Lesson 15): it starts, answers the Confluent API, and stops; and it
says clearly what to do when Java is missing or its port is taken.

The live test uses the registry under the lab home (started for it if it is not running, and
stopped again only then), on its own port 8081.
"""

from __future__ import annotations

import json
import socket
import urllib.request
from collections.abc import Iterator

import pytest

from kafkalab import registry as reg
from kafkalab.errors import LabError
from kafkalab.native import java_executable, java_major_version
from kafkalab.services import service


def _java17() -> bool:
    java = java_executable()
    return java is not None and (java_major_version(java) or 0) >= 17


def test_it_is_registered_with_its_variables() -> None:
    svc = service("registry")
    assert isinstance(svc, reg.RegistryService)
    assert svc.env() == {"SCHEMA_REGISTRY_URL": "http://127.0.0.1:8081/apis/ccompat/v7"}


def test_no_java_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reg, "port_in_use", lambda host, port: False)
    monkeypatch.setattr("kafkalab.native.java_executable", lambda: None)
    with pytest.raises(LabError, match="needs Java 17 or newer, and no `java` was found"):
        reg.RegistryService(home=tmp_path).start()
    assert not (tmp_path / "registry" / "registry.pid").exists()


def test_a_taken_port_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    with socket.socket() as squatter:  # something that is not a registry holds the port
        squatter.bind(("127.0.0.1", 0))
        squatter.listen()
        port = squatter.getsockname()[1]
        monkeypatch.setattr(reg, "PORT", port)
        monkeypatch.setattr(reg, "HEALTH_URL", f"http://127.0.0.1:{port}/health/ready")
        with pytest.raises(LabError, match=f"Port {port} on 127.0.0.1 is taken by another"):
            reg.RegistryService(home=tmp_path).start()


@pytest.fixture(scope="module")
def registry() -> Iterator[reg.RegistryService]:
    if not _java17():
        pytest.skip("the registry runs natively: needs Java 17+")
    svc = reg.RegistryService()
    already = svc.running()
    svc.start()
    try:
        yield svc
    finally:
        if not already:
            svc.stop()
            assert not svc.running()


def _call(method: str, path: str, body: dict | None = None) -> tuple[int, object]:
    req = urllib.request.Request(
        reg.CCOMPAT_URL + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Content-Type": "application/vnd.schemaregistry.v1+json"},
    )
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.load(resp)
    except urllib.error.HTTPError as exc:
        return exc.code, json.load(exc)


def test_the_confluent_api_answers(registry: reg.RegistryService) -> None:
    assert registry.running()
    subject = "kafkalab-test-registry-value"
    _call("DELETE", f"/subjects/{subject}")
    _call("DELETE", f"/subjects/{subject}?permanent=true")
    v1 = {"type": "record", "name": "T", "fields": [{"name": "a", "type": "long"}]}
    status, answer = _call("POST", f"/subjects/{subject}/versions", {"schema": json.dumps(v1)})
    assert status == 200 and isinstance(answer, dict) and answer["id"] > 0, answer
    assert _call("PUT", f"/config/{subject}", {"compatibility": "BACKWARD"})[0] == 200
    v2 = dict(v1, fields=[*v1["fields"], {"name": "b", "type": "string"}])  # no default
    status, answer = _call("POST", f"/subjects/{subject}/versions", {"schema": json.dumps(v2)})
    assert status == 409, answer
    assert _call("DELETE", f"/subjects/{subject}")[0] == 200
    assert _call("DELETE", f"/subjects/{subject}?permanent=true")[0] == 200
    assert subject not in _call("GET", "/subjects")[1]  # type: ignore[operator]
    assert any("registry: Apicurio Registry" in line for line in registry.status_lines())
