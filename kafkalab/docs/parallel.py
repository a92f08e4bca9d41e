"""Parallel pages: ``pytest --markdown-docs -n 2 docs/`` (pytest-xdist).

What runs at the same time, and what never does:

* **One page is one unit.** Each page (or notebook) goes to one worker whole, so its blocks run
  in order there; each test module of ``tests/`` is a unit too. That is xdist's
  ``--dist loadfile``, which the plugin sets when ``-n`` is given alone.
* **Resources and their locks.** A unit holds a lock on each resource it uses for its whole
  run: its lab (``single``, ``cluster``, ``quorum``, ``secure``), each service it names, and
  ``machine`` (the CPU). A page holds them shared; a page that disturbs a resource or measures
  time holds it alone, as its front matter says: ``alone: [cluster]`` for a page that stops
  brokers, ``alone: [machine]`` for a page whose figures or timeouts need an idle machine (a
  notebook: ``{"kafkalab": {"alone": [...]}}``). Locks are taken in one global order, so two
  units never wait on each other. A test module of ``tests/`` that is not marked
  ``mode_independent`` has the machine alone: those tests start and stop labs of their own.
* **Labs and services outlive the workers.** A worker never stops a lab or a service: the first
  unit that needs one starts it (under a start lock, so two workers never start it twice), and
  the controller stops, at the very end, what was not running when the run began.

Serial runs (no ``-n``) take no locks and behave exactly as before.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import pytest

from kafkalab.provision import KEEP_LABS, keep_labs  # noqa: F401  (the controller sets it)

MACHINE = "machine"
LOCK_DIR = "KAFKALAB_LOCK_DIR"


def is_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


def is_controller(config: pytest.Config) -> bool:
    return not is_worker(config) and bool(getattr(config.option, "numprocesses", None))


def _lock_dir() -> Path:
    from kafkalab.native import lab_home

    path = Path(os.environ.get(LOCK_DIR) or lab_home() / "locks")
    path.mkdir(parents=True, exist_ok=True)
    return path


class Locks:
    """flock(2) locks on files named after resources: shared or exclusive, taken in name order."""

    def __init__(self) -> None:
        self.held: list[int] = []

    def acquire(self, wanted: dict[str, str]) -> None:
        for name in sorted(wanted):
            fd = os.open(_lock_dir() / f"{name}.lock", os.O_RDWR | os.O_CREAT, 0o644)
            fcntl.flock(fd, fcntl.LOCK_EX if wanted[name] == "alone" else fcntl.LOCK_SH)
            self.held.append(fd)

    def release(self) -> None:
        while self.held:
            fd = self.held.pop()
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)


class start_lock:
    """An exclusive lock while a lab or service is started, so two workers never start it twice."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.locks = Locks()

    def __enter__(self) -> None:
        if keep_labs():
            self.locks.acquire({f"start-{self.name}": "alone"})

    def __exit__(self, *exc) -> None:
        self.locks.release()


def resources(lab: str, services: list[str], alone: list[str]) -> dict[str, str]:
    """The locks a page holds: its lab, its services and the machine, shared unless `alone`."""
    names = {lab, *services, MACHINE}
    return {n: "alone" if n in alone else "shared" for n in names | set(alone)}


def unit_of(item: pytest.Item) -> str:
    """The unit an item runs in: its page, or its test module."""
    return str(Path(str(item.path)).resolve())


def snapshot_running() -> set[str]:
    """What runs now: labs (native or Docker), the secure lab, services."""
    from kafkalab.native import TOPOLOGIES, NativeLab
    from kafkalab.secure import SecureLab
    from kafkalab.services import SERVICES, service

    up: set[str] = set()
    for name, topology in TOPOLOGIES.items():
        if NativeLab(topology).running_nodes():
            up.add(f"native:{name}")
        if _docker_lab_up(topology):
            up.add(f"docker:{name}")
    if SecureLab().running_nodes():
        up.add("secure")
    up.update(f"service:{name}" for name in SERVICES if service(name).running())
    return up


def _docker_lab_up(topology) -> bool:
    try:
        from kafkalab.docker_lab import DockerLab, docker_available

        return docker_available()[0] and bool(DockerLab(topology).containers())
    except Exception:
        return False


def stop_started(before: set[str]) -> list[str]:
    """Stop what the run started (running now, not before it); returns what it stopped."""
    from kafkalab.native import TOPOLOGIES, NativeLab
    from kafkalab.secure import SecureLab
    from kafkalab.services import service

    stopped = []
    for what in sorted(snapshot_running() - before):
        kind, _, name = what.partition(":")
        if kind == "service":
            service(name).stop()
        elif kind == "secure":
            SecureLab().stop()
        elif kind == "native":
            NativeLab(TOPOLOGIES[name]).stop()
        elif kind == "docker":
            from kafkalab.docker_lab import DockerLab

            DockerLab(TOPOLOGIES[name]).wipe()  # a session's containers: removed, as serially
        stopped.append(what)
    return stopped
