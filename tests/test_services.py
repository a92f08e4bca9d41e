"""The services registry: one line in kafkalab.services.SERVICES gives `kafkalab` its flags."""

from __future__ import annotations

import sys
import types

import pytest

from kafkalab import cli, services
from kafkalab.docs.pages import Page


class FakeService:
    name = "fake"
    help = "a fake service for this test"
    calls: list[str] = []

    def start(self) -> None:
        self.calls.append("start")

    def stop(self) -> None:
        self.calls.append("stop")

    def wipe(self) -> None:
        self.calls.append("wipe")

    def running(self) -> bool:
        return "start" in self.calls and self.calls[-1] == "start"

    def summary_lines(self) -> list[str]:
        return ["fake at 127.0.0.1:1"]

    def status_lines(self) -> list[str]:
        return ["fake: running"]

    def env(self) -> dict[str, str]:
        return {"KAFKALAB_FAKE_URL": "http://127.0.0.1:1"}


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch):
    module = types.ModuleType("kafkalab_fake_service")
    module.FakeService = FakeService  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kafkalab_fake_service", module)
    monkeypatch.setitem(services.SERVICES, "fake", "kafkalab_fake_service:FakeService")
    FakeService.calls = []
    return FakeService


def test_a_registered_service_gets_up_down_and_env_flags(fake, capsys) -> None:
    cli.main(["up", "--fake"])
    out = capsys.readouterr().out
    assert "fake is up in" in out and "fake at 127.0.0.1:1" in out
    cli.main(["env", "--fake"])
    assert capsys.readouterr().out == "export KAFKALAB_FAKE_URL=http://127.0.0.1:1\n"
    cli.main(["down", "--fake"])
    assert "fake: stopped." in capsys.readouterr().out
    cli.main(["down", "--fake", "--wipe"])
    assert fake.calls == ["start", "stop", "wipe"]


def test_an_unknown_service_is_named_with_the_known_ones(fake) -> None:
    with pytest.raises(LookupError, match="unknown service 'nope'; known: .*fake"):
        services.service("nope")


def test_a_page_names_its_services_in_front_matter(tmp_path) -> None:
    page = Page(tmp_path / "p.md", {"services": "fake"}, [])
    assert page.services == ["fake"]
    assert Page(tmp_path / "p.md", {"services": ["a", "b"]}, []).services == ["a", "b"]
    assert Page(tmp_path / "p.md", {}, []).services == []
