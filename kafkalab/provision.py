"""Which way to a broker: the first of (existing cluster, Docker, native) that applies.

KAFKALAB_MODE=native|docker picks the lab explicitly (KAFKALAB_NO_DOCKER=1 means native). With
no mode set: KAFKA_BOOTSTRAP_SERVERS if set, else a lab that is already running (native or
Docker, reused and left running), else Docker if a daemon answers, else native.
"""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kafkalab.errors import NO_BROKER_WAY, LabError
from kafkalab.native import SINGLE, NativeLab, Topology, native_prerequisites

if TYPE_CHECKING:
    from kafkalab.docker_lab import DockerLab

ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS"
ENV_MODE = "KAFKALAB_MODE"
MODES = ("native", "docker")


def configured_mode(env: Mapping[str, str]) -> str | None:
    """The lab mode the environment asks for: "native", "docker", or None (automatic)."""
    mode = env.get(ENV_MODE, "").strip().lower()
    if mode in MODES:
        return mode
    if mode not in ("", "auto"):
        raise LabError(f"{ENV_MODE}={env[ENV_MODE]!r}: use native, docker or auto.")
    if env.get("KAFKALAB_NO_DOCKER") == "1":
        return "native"
    return None


class Way(enum.Enum):
    EXISTING = "existing cluster (KAFKA_BOOTSTRAP_SERVERS)"
    DOCKER = "Docker (containers of the Kafka image)"
    NATIVE = "native (Apache Kafka jars from Maven Central)"


@dataclass
class Choice:
    way: Way
    reason: str


def choose_way(
    env: Mapping[str, str],
    docker_check: Callable[[], tuple[bool, str]],
    native_check: Callable[[], tuple[bool, str]],
    running_check: Callable[[], Way | None] | None = None,
) -> Choice:
    """Pick the way to a broker. The checks are only called when an earlier way does not apply.
    `running_check` names the lab that already runs, if any (automatic mode only)."""
    if env.get(ENV_BOOTSTRAP):
        return Choice(Way.EXISTING, f"{ENV_BOOTSTRAP}={env[ENV_BOOTSTRAP]}")
    mode = configured_mode(env)
    if mode == "docker":
        ok, why = docker_check()
        if not ok:
            raise LabError(
                f"{ENV_MODE}=docker, but {why}. Start the Docker engine, or run natively "
                f"({ENV_MODE}=native)."
            )
        return Choice(Way.DOCKER, f"{ENV_MODE}=docker; {why}")
    if mode is None and running_check is not None:
        running = running_check()
        if running is not None:
            return Choice(running, "a lab is already running")
    checked = [f"{ENV_BOOTSTRAP} is not set"]
    if mode is None:
        ok, why = docker_check()
        if ok:
            return Choice(Way.DOCKER, why)
        checked.append(f"Docker: {why}")
    ok, why = native_check()
    if ok:
        return Choice(Way.NATIVE, why)
    checked.append(f"native: {why}")
    raise LabError(NO_BROKER_WAY.format(checked="; ".join(checked)))


def running_lab(topology: Topology) -> Way | None:
    """The way of a lab of this topology that already runs (native first), if any."""
    if NativeLab(topology).running_nodes():
        return Way.NATIVE
    from kafkalab.docker_lab import DockerLab, docker_available

    if docker_available()[0] and DockerLab(topology).running_nodes():
        return Way.DOCKER
    return None


def default_choice(topology: Topology = SINGLE) -> Choice:
    from kafkalab.docker_lab import docker_available

    return choose_way(
        os.environ, docker_available, native_prerequisites, lambda: running_lab(topology)
    )


@dataclass
class Broker:
    """A running broker (or cluster) the tests and pages use."""

    bootstrap: str
    way: Way
    started_by_us: bool
    start_seconds: float
    lab: NativeLab | DockerLab | None = None


KEEP_LABS = "KAFKALAB_KEEP_LABS"  # a parallel test run's workers: leave started labs running


def keep_labs() -> bool:
    """Whether this process must leave the labs and services it starts running: a worker of a
    parallel test run, whose controller stops them at the end (kafkalab/docs/parallel.py)."""
    return os.environ.get(KEEP_LABS) == "1"


@contextmanager
def broker(topology: Topology = SINGLE) -> Iterator[Broker]:
    """Provide a broker for the duration of the block, starting one only if needed."""
    if topology is not SINGLE and os.environ.get(ENV_BOOTSTRAP):
        env_name = f"KAFKA_{topology.name.upper()}_BOOTSTRAP_SERVERS"
        if not os.environ.get(env_name):
            raise LabError(
                f"{ENV_BOOTSTRAP} points at an existing cluster; pages that need the "
                f"{topology.name} lab also need {env_name} (a cluster with "
                f"{len(topology.nodes)} brokers)."
            )
        yield Broker(os.environ[env_name], Way.EXISTING, False, 0.0)
        return
    choice = default_choice(topology)
    if choice.way is Way.EXISTING:
        yield Broker(os.environ[ENV_BOOTSTRAP], Way.EXISTING, False, 0.0)
    elif choice.way is Way.DOCKER:
        from kafkalab.docker_lab import DockerLab, session_lab

        t0 = time.monotonic()
        with session_lab(topology) as (bootstrap, started):
            yield Broker(bootstrap, Way.DOCKER, started, time.monotonic() - t0, DockerLab(topology))
    else:
        lab = NativeLab(topology)
        already = len(lab.running_nodes()) == len(topology.nodes)
        t0 = time.monotonic()
        lab.start()
        try:
            yield Broker(topology.bootstrap, Way.NATIVE, not already, time.monotonic() - t0, lab)
        finally:
            if not already and not keep_labs():
                lab.stop()
