"""The racks service (Lesson 20): three brokers on two racks, with follower fetching on.

These tests need no running broker: the page's blocks run the service itself.
"""

from __future__ import annotations

import pytest

from kafkalab import racks
from kafkalab.errors import LabError
from kafkalab.racks import RACK_OF, RACKS, SELECTOR, RacksService
from kafkalab.services import SERVICES, service


def test_registered_as_a_service() -> None:
    assert SERVICES["racks"] == "kafkalab.racks:RacksService"
    assert service("racks").env() == {"KAFKA_RACKS_BOOTSTRAP_SERVERS": RACKS.bootstrap}


def test_each_broker_names_its_rack_and_the_selector(tmp_path) -> None:
    lab = RacksService(tmp_path).lab
    for node in RACKS.brokers:
        props = lab.properties(node)
        assert f"broker.rack={RACK_OF[node.node_id]}\n" in props
        assert f"replica.selector.class={SELECTOR}\n" in props
    assert sorted(set(RACK_OF.values())) == ["rack-a", "rack-b"]


def test_no_java_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(racks, "java_executable", lambda: None)
    with pytest.raises(LabError, match="needs Java 17"):
        RacksService(tmp_path).start()


def test_a_taken_port_is_a_clear_error(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(racks, "java_executable", lambda: "/usr/bin/java")
    monkeypatch.setattr(racks, "java_major_version", lambda java: 17)
    monkeypatch.setattr(racks, "_port_in_use", lambda port: port == 15092)
    with pytest.raises(LabError, match="Port 15092 on 127.0.0.1 is taken"):
        RacksService(tmp_path).start()
