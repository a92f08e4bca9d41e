"""The course's extra environments beside the labs: one module each, registered here.

A service is what a later lesson needs next to a Kafka lab: a schema registry, a Connect worker,
a second cluster with MirrorMaker 2, a Python environment for a stream processor. Each one runs
natively on this machine in every mode (Java from the Maven jars, or a virtual environment), and
reaches the lab's broker at its host address, which is the same in native and Docker mode.

Register a service with one line in ``SERVICES`` (name -> "module:Class"). The class follows
``Service`` below; the ``kafkalab`` command then offers ``up --NAME``, ``down --NAME``,
``env --NAME`` and lists it in ``status``, with no other change.
"""

from __future__ import annotations

import importlib
from typing import Protocol

SERVICES: dict[str, str] = {
    "pair": "kafkalab.pair:PairService",
    "registry": "kafkalab.registry:RegistryService",
    "connect": "kafkalab.connect:ConnectService",
    "streams": "kafkalab.streams:StreamsService",
    "racks": "kafkalab.racks:RacksService",
    "postgres": "kafkalab.postgres:PostgresService",
}


class Service(Protocol):
    """What the ``kafkalab`` command and the test fixtures call on a service."""

    name: str
    help: str  # one line for `kafkalab up --help`
    # Optional class attribute: the ports of the Kafka listeners the service runs natively
    # (its own cluster). The Kafka CLI shims run a tool aimed at them natively in Docker mode
    # too, since no container has those addresses (kafkalab.tools.native_only_ports).
    kafka_ports: frozenset[int]

    def start(self) -> None:
        """Start it (a no-op when it already answers) and wait until it is ready; raise
        ``kafkalab.errors.LabError`` with what to do when it cannot start."""

    def stop(self) -> None:
        """Stop it, keeping its data."""

    def wipe(self) -> None:
        """Stop it and delete its data."""

    def running(self) -> bool:
        """Whether it answers now."""

    def summary_lines(self) -> list[str]:
        """What `kafkalab up --NAME` prints once it is ready: addresses, logs, how to use it."""

    def status_lines(self) -> list[str]:
        """What `kafkalab status` prints for it (one line or two) when it runs."""

    def env(self) -> dict[str, str]:
        """The environment variables its lesson's blocks read (`kafkalab env --NAME`)."""

    # A service that is a Python environment (kafkalab/streams.py) also has `python: str`, the
    # path of its interpreter: a page with `python: NAME` in its front matter runs its Python
    # blocks and `python ...` commands with it (kafkalab/docs/pytest_plugin.py, interpreter()).


def service_class(name: str) -> type:
    """The class registered as `name`, imported but not instantiated."""
    try:
        target = SERVICES[name]
    except KeyError:
        raise LookupError(
            f"unknown service {name!r}; known: {', '.join(sorted(SERVICES)) or 'none'}"
        ) from None
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)


def service(name: str) -> Service:
    """A fresh instance of the service registered as `name`."""
    return service_class(name)()
