"""The `connect` service (kafkalab/connect.py): its config, its errors, and a real worker."""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest

from kafkalab import connect as connect_module
from kafkalab.connect import GROUP_ID, INTERNAL_TOPICS, URL, ConnectService
from kafkalab.errors import LabError
from kafkalab.native import java_executable
from kafkalab.services import SERVICES, service


def test_it_is_registered_and_names_its_url() -> None:
    assert SERVICES["connect"] == "kafkalab.connect:ConnectService"
    assert service("connect").env() == {"KAFKA_CONNECT_URL": "http://127.0.0.1:8083"}


def test_its_internal_names_are_out_of_reset_reach(tmp_path) -> None:
    from kafkalab.admin import COURSE_NAME_RE

    props = ConnectService(tmp_path).properties()
    for name in [GROUP_ID, *INTERNAL_TOPICS.values()]:
        assert not COURSE_NAME_RE.match(name), name  # `kafkalab reset` never deletes them
        assert name in props
    assert "plugin.path=" + str(tmp_path / "connect" / "plugins") in props
    assert "listeners=http://127.0.0.1:8083" in props


def test_no_java_is_a_clear_error(tmp_path, monkeypatch) -> None:
    svc = ConnectService(tmp_path)
    monkeypatch.setattr(svc, "running", lambda: False)
    monkeypatch.setattr("kafkalab.native.java_executable", lambda: None)
    with pytest.raises(LabError, match="Java 17 or newer.*apt-get install openjdk-17-jdk"):
        svc.start()


def test_a_taken_port_is_a_clear_error(tmp_path, monkeypatch) -> None:
    with socket.socket() as sock:  # something that is not a Connect worker listens
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        port = sock.getsockname()[1]
        monkeypatch.setattr(connect_module, "PORT", port)
        svc = ConnectService(tmp_path)
        monkeypatch.setattr(svc, "running", lambda: False)
        with pytest.raises(LabError, match=f"Port {port} on 127.0.0.1 is taken"):
            svc.start()


def test_a_missing_broker_is_a_clear_error(tmp_path, monkeypatch) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        free = sock.getsockname()[1]  # closed again: nothing listens there
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", f"127.0.0.1:{free}")
    monkeypatch.setattr(connect_module, "PORT", free)
    svc = ConnectService(tmp_path)
    monkeypatch.setattr(svc, "running", lambda: False)
    with pytest.raises(LabError, match="none answers at .*kafkalab up"):
        svc.start()


@pytest.mark.skipif(
    java_executable() is None, reason="needs Java 17+ for a real worker"
)
def test_a_real_worker_answers_and_lists_the_file_connectors() -> None:
    """Starts the worker if it is not running (against the lab broker), asks it over REST,
    and stops it again only if this test started it."""
    from kafkalab.admin import live_broker_ids

    try:
        live_broker_ids("127.0.0.1:9092")
    except Exception:
        pytest.skip("no lab broker at 127.0.0.1:9092 (`kafkalab up`)")
    svc = ConnectService()
    was_running = svc.running()
    svc.start()
    try:
        assert svc.running()
        with urllib.request.urlopen(f"{URL}/connector-plugins", timeout=10) as resp:
            classes = {p["class"] for p in json.loads(resp.read())}
        assert "org.apache.kafka.connect.file.FileStreamSinkConnector" in classes
        assert svc.status_lines()[0].startswith("connect: worker pid ")
    finally:
        if not was_running:
            svc.stop()
            assert not svc.running()
