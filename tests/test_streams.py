"""The `streams` service (kafkalab/streams.py): Lesson 16's virtualenv with Quix Streams."""

from __future__ import annotations

import subprocess

import pytest

from kafkalab.errors import LabError
from kafkalab.services import service
from kafkalab.streams import STAMP, StreamsService


def test_the_environment_has_the_pinned_packages_apart_from_ours() -> None:
    svc = service("streams")
    svc.start()  # builds it when missing (about a minute, from PyPI); instant when built
    assert svc.running()
    code = (
        "import importlib.metadata as m; "
        "print(m.version('quixstreams'), m.version('kafka-python'), m.version('confluent-kafka'))"
    )
    out = subprocess.run([svc.python, "-c", code], capture_output=True, text=True, check=True)
    quix, kafka_python, confluent = out.stdout.split()
    assert (quix, kafka_python) == ("3.28.1", "3.0.12")
    assert tuple(int(x) for x in confluent.split(".")[:2]) < (2, 13)  # quixstreams' own pin
    assert svc.env() == {"KAFKALAB_STREAMS_PYTHON": svc.python}


def test_changed_pins_mean_not_running(tmp_path) -> None:
    reqs = tmp_path / "reqs.txt"
    reqs.write_text("quixstreams==3.28.1\n")
    svc = StreamsService(tmp_path / "venv", reqs)
    assert not svc.running()
    (tmp_path / "venv" / "bin").mkdir(parents=True)
    (tmp_path / "venv" / "bin" / "python").write_text("")
    (tmp_path / "venv" / STAMP).write_text("quixstreams==3.27.0\n")
    assert not svc.running()
    (tmp_path / "venv" / STAMP).write_text(reqs.read_text())
    assert svc.running()


def test_a_failed_build_says_what_to_run(tmp_path) -> None:
    reqs = tmp_path / "reqs.txt"
    reqs.write_text(f"{tmp_path / 'no-such-package-dir'}\n")  # pip fails without the network
    svc = StreamsService(tmp_path / "venv", reqs)
    with pytest.raises(LabError, match=r"could not be built(.|\n)*-m venv .*pip install -r"):
        svc.start()
    assert not svc.running()
