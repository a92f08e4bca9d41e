"""Docker mode: the same Kafka version in the official apache/kafka image, via testcontainers.

testcontainers-python's KafkaContainer drives Confluent images only, so this uses a generic
container with the KRaft settings the apache/kafka image reads from its environment.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from kafkalab.errors import LabError
from kafkalab.versions import KAFKA_IMAGE


def docker_available() -> tuple[bool, str]:
    try:
        import docker  # installed with testcontainers
    except ImportError:
        return False, "the `docker` Python package is not installed"
    try:
        client = docker.from_env(timeout=3)
        client.ping()
        client.close()
    except Exception as exc:  # no socket, permission denied, daemon down
        return False, f"no Docker daemon answers ({type(exc).__name__})"
    return True, "a Docker daemon answers"


def container_env(host_port: int) -> dict[str, str]:
    """Environment for a single KRaft node advertised to the host on `host_port`."""
    return {
        "KAFKA_NODE_ID": "1",
        "KAFKA_PROCESS_ROLES": "broker,controller",
        "KAFKA_LISTENERS": "PLAINTEXT://:9092,CONTROLLER://:9093",
        "KAFKA_ADVERTISED_LISTENERS": f"PLAINTEXT://localhost:{host_port}",
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
        "KAFKA_CONTROLLER_QUORUM_VOTERS": "1@localhost:9093",
        "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": "1",
        "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": "1",
        "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": "1",
        "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
    }


@contextmanager
def kafka_container(host_port: int = 9092, timeout: float = 120.0) -> Iterator[str]:
    """Start apache/kafka with testcontainers; yields the bootstrap address."""
    from testcontainers.core.container import DockerContainer

    from kafkalab.admin import live_broker_ids

    container = DockerContainer(KAFKA_IMAGE)
    for key, value in container_env(host_port).items():
        container.with_env(key, value)
    container.with_bind_ports(9092, host_port)
    with container:
        bootstrap = f"localhost:{host_port}"
        deadline = time.monotonic() + timeout
        while True:
            try:
                if live_broker_ids(bootstrap):
                    break
            except Exception as exc:
                if time.monotonic() > deadline:
                    raise LabError(f"{KAFKA_IMAGE} did not answer on {bootstrap}: {exc}") from exc
            time.sleep(1)
        yield bootstrap
