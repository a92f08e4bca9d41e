"""The `streams` service: a Python virtual environment for stream processing (Lesson 16).

Quix Streams cannot live in the course's own environment: every quixstreams 3.x release pins
``confluent-kafka<2.13`` and the course pins confluent-kafka 2.16.1 (pip would fall back to
quixstreams 0.5.7). So it gets its own virtualenv, ``.venv-streams`` in the project root
(``KAFKALAB_STREAMS_VENV`` moves it), with the pins of ``resources/streams-requirements.txt``.

``make install`` builds it (the Makefile's ``streams`` target); ``start()`` builds it too when it
is missing, so ``kafkalab up --streams`` and the pages that declare ``python: streams`` work from
a fresh clone. There is no process to run: "running" means the environment is there, with the
pinned packages (a copy of the requirements file inside it records what was installed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from kafkalab.errors import LabError

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = Path(__file__).resolve().parent / "resources" / "streams-requirements.txt"
STAMP = "kafkalab-requirements.txt"  # the Makefile's `streams` target writes the same file
BUILD_TIMEOUT = 900  # seconds for `pip install` (about a minute on a fresh machine)


def venv_dir() -> Path:
    return Path(os.environ.get("KAFKALAB_STREAMS_VENV") or ROOT / ".venv-streams")


def base_python() -> str:
    """A Python to create the venv with (this one; a venv's base if we run inside a venv)."""
    return getattr(sys, "_base_executable", None) or sys.executable


class StreamsService:
    """The stream-processing virtualenv, as a kafkalab service (`kafkalab up --streams`)."""

    name = "streams"
    help = "the stream-processing Python environment (Quix Streams, Lesson 16)"

    def __init__(self, root: Path | None = None, requirements: Path = REQUIREMENTS) -> None:
        self.root = Path(root) if root is not None else venv_dir()
        self.requirements = requirements

    @property
    def python(self) -> str:
        """Its interpreter: pages with `python: streams` in front matter run their Python with
        it (kafkalab/docs/pytest_plugin.py)."""
        return str(self.root / "bin" / "python")

    def command(self) -> str:
        """What a learner runs to build it by hand."""
        rel = os.path.relpath(self.root) if self.root.is_absolute() else str(self.root)
        reqs = os.path.relpath(self.requirements)
        return f"python3 -m venv {rel} && {rel}/bin/pip install -r {reqs}   (or: make install)"

    def running(self) -> bool:
        stamp = self.root / STAMP
        return (
            Path(self.python).exists()
            and stamp.is_file()
            and stamp.read_text() == self.requirements.read_text()
        )

    def start(self) -> None:
        if self.running():
            return
        steps = []
        if not Path(self.python).exists():
            steps.append([base_python(), "-m", "venv", str(self.root)])
        steps.append([self.python, "-m", "pip", "install", "--quiet", "-r", str(self.requirements)])
        for cmd in steps:
            try:
                res = subprocess.run(
                    cmd, capture_output=True, text=True, timeout=BUILD_TIMEOUT, check=False
                )
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise self._error(f"{' '.join(cmd)}: {exc}") from None
            if res.returncode != 0:
                tail = "\n".join((res.stderr or res.stdout).strip().splitlines()[-8:])
                raise self._error(f"{' '.join(cmd)} exited with {res.returncode}:\n{tail}")
        shutil.copyfile(self.requirements, self.root / STAMP)

    def _error(self, what: str) -> LabError:
        return LabError(
            f"the stream-processing environment {self.root} could not be built:\n{what}\n"
            f"Build it by hand (it needs PyPI): {self.command()}"
        )

    def stop(self) -> None:
        """Nothing runs: the environment stays for the next page."""

    def wipe(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def pins(self) -> list[str]:
        lines = self.requirements.read_text().splitlines()
        return [x.strip() for x in lines if x.strip() and not x.startswith("#")]

    def summary_lines(self) -> list[str]:
        return [
            f"stream-processing Python: {self.python} ({', '.join(self.pins())})",
            f"use it in your shell: source {self.root}/bin/activate",
        ]

    def status_lines(self) -> list[str]:
        return [f"streams: {self.root} ({', '.join(self.pins())})"]

    def env(self) -> dict[str, str]:
        return {"KAFKALAB_STREAMS_PYTHON": self.python}
