"""Which way to a broker: the first of (existing cluster, Docker, native) that applies."""

from __future__ import annotations

import enum
import os
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from kafkalab.errors import NO_BROKER_WAY, LabError
from kafkalab.native import SINGLE, NativeLab, Topology, native_prerequisites

ENV_BOOTSTRAP = "KAFKA_BOOTSTRAP_SERVERS"


class Way(enum.Enum):
    EXISTING = "existing cluster (KAFKA_BOOTSTRAP_SERVERS)"
    DOCKER = "Docker (testcontainers, apache/kafka)"
    NATIVE = "native (Apache Kafka jars from Maven Central)"


@dataclass
class Choice:
    way: Way
    reason: str


def choose_way(
    env: Mapping[str, str],
    docker_check: Callable[[], tuple[bool, str]],
    native_check: Callable[[], tuple[bool, str]],
) -> Choice:
    """Pick the way to a broker. The checks are only called when an earlier way does not apply."""
    if env.get(ENV_BOOTSTRAP):
        return Choice(Way.EXISTING, f"{ENV_BOOTSTRAP}={env[ENV_BOOTSTRAP]}")
    checked = [f"{ENV_BOOTSTRAP} is not set"]
    if env.get("KAFKALAB_NO_DOCKER") != "1":
        ok, why = docker_check()
        if ok:
            return Choice(Way.DOCKER, why)
        checked.append(f"Docker: {why}")
    ok, why = native_check()
    if ok:
        return Choice(Way.NATIVE, why)
    checked.append(f"native: {why}")
    raise LabError(NO_BROKER_WAY.format(checked="; ".join(checked)))


def default_choice() -> Choice:
    from kafkalab.docker_lab import docker_available

    return choose_way(os.environ, docker_available, native_prerequisites)


@dataclass
class Broker:
    """A running broker (or cluster) the tests and pages use."""

    bootstrap: str
    way: Way
    started_by_us: bool
    start_seconds: float
    lab: NativeLab | None = None


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
    choice = default_choice()
    if choice.way is Way.EXISTING:
        yield Broker(os.environ[ENV_BOOTSTRAP], Way.EXISTING, False, 0.0)
    elif choice.way is Way.DOCKER:
        if topology is not SINGLE:
            raise LabError(
                f"The {topology.name} lab runs natively or with docker compose profiles."
            )
        from kafkalab.docker_lab import kafka_container

        t0 = time.monotonic()
        with kafka_container() as bootstrap:
            yield Broker(bootstrap, Way.DOCKER, True, time.monotonic() - t0)
    else:
        lab = NativeLab(topology)
        already = len(lab.running_nodes()) == len(topology.nodes)
        t0 = time.monotonic()
        lab.start()
        try:
            yield Broker(topology.bootstrap, Way.NATIVE, not already, time.monotonic() - t0, lab)
        finally:
            if not already:
                lab.stop()
