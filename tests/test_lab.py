"""The lab: which way to a broker is chosen, the error when there is none, versions, tools, reset."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from kafkalab import admin as lab_admin
from kafkalab.errors import LabError
from kafkalab.native import CLUSTER, SINGLE, native_prerequisites
from kafkalab.provision import Way, choose_way
from kafkalab.tools import MAIN_CLASSES
from kafkalab.versions import KAFKA_IMAGE, KAFKA_VERSION

ROOT = Path(__file__).resolve().parent.parent


def never_called() -> tuple[bool, str]:
    raise AssertionError("this check must not run")


def test_existing_cluster_wins_and_starts_nothing() -> None:
    choice = choose_way({"KAFKA_BOOTSTRAP_SERVERS": "kafka:9092"}, never_called, never_called)
    assert choice.way is Way.EXISTING


def test_docker_before_native() -> None:
    choice = choose_way({}, lambda: (True, "a Docker daemon answers"), never_called)
    assert choice.way is Way.DOCKER


def test_native_when_no_docker() -> None:
    choice = choose_way({}, lambda: (False, "no Docker daemon answers"), lambda: (True, "Java 17"))
    assert choice.way is Way.NATIVE


def test_no_way_gives_one_message_naming_all_three() -> None:
    with pytest.raises(LabError) as err:
        choose_way(
            {}, lambda: (False, "no Docker daemon answers"), lambda: (False, "no `java` on PATH")
        )
    text = str(err.value)
    assert (
        "KAFKA_BOOTSTRAP_SERVERS" in text
        and "docker compose up -d" in text
        and "kafkalab up" in text
    )
    assert "no Docker daemon answers" in text and "no `java` on PATH" in text


def test_missing_java_is_reported(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    ok, why = native_prerequisites()
    assert not ok and "java" in why


def test_cli_without_any_way_exits_with_the_message(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path), "KAFKALAB_HOME": str(tmp_path / "lab")}
    proc = subprocess.run(
        [str(Path(__import__("sys").executable)), "-m", "kafkalab.cli", "up"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "cannot start Kafka natively" in proc.stderr and "docker compose up -d" in proc.stderr


def test_one_kafka_version_everywhere() -> None:
    pom = (ROOT / "kafkalab/resources/pom.xml").read_text()
    assert f"<kafka.version>{KAFKA_VERSION}</kafka.version>" in pom
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    images = {s["image"] for s in compose["services"].values() if "kafka-ui" not in s["image"]}
    assert images == {KAFKA_IMAGE}
    for page in (ROOT / "docs").rglob("*.md"):
        for version in re.findall(r"Kafka (4\.\d+\.\d+)", page.read_text()):
            assert version == KAFKA_VERSION, f"{page} names Kafka {version}"


def test_compose_cluster_matches_native_cluster() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    for node in CLUSTER.brokers:
        service = compose["services"][f"kafka-{node.node_id}"]
        assert service["ports"] == [f"{node.broker_port}:{node.broker_port}"]
    assert compose["services"]["kafka"]["ports"] == [f"{SINGLE.nodes[0].broker_port}:9092"]


def test_tool_shims_run_the_kafka_tools(kafka_single: str) -> None:
    proc = subprocess.run(
        ["kafka-topics.sh", "--version"],
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "PATH": _venv_path()},
    )
    assert proc.returncode == 0, proc.stderr
    assert KAFKA_VERSION in proc.stdout


def test_every_shim_main_class_is_in_the_jars(kafka_single: str) -> None:
    from kafkalab.native import classpath_file

    if not classpath_file().exists():
        pytest.skip("native jars not resolved: the broker came from Docker or an existing cluster")
    import zipfile

    classes = set()
    for jar in classpath_file().read_text().strip().split(":"):
        if "/org/apache/kafka/" in jar:
            classes.update(zipfile.ZipFile(jar).namelist())
    for name, main_class in MAIN_CLASSES.items():
        assert main_class.replace(".", "/") + ".class" in classes, name


def test_reset_deletes_topics_and_groups(kafka_single: str) -> None:
    from kafka import KafkaConsumer
    from kafka.admin import NewTopic

    from kafkalab.course import recreate_topics

    admin = lab_admin.admin_client(kafka_single)
    try:
        recreate_topics(admin, [NewTopic("kafkalab-test-reset", 1, 1)])
    finally:
        admin.close()
    consumer = KafkaConsumer(
        "kafkalab-test-reset",
        bootstrap_servers=kafka_single,
        group_id="kafkalab-test-reset-group",
        consumer_timeout_ms=2000,
        auto_offset_reset="earliest",
    )
    list(consumer)
    consumer.commit()
    consumer.close()
    topics, groups = lab_admin.reset(kafka_single, prefix="kafkalab-test-")
    assert topics == ["kafkalab-test-reset"] and groups == ["kafkalab-test-reset-group"]
    admin = lab_admin.admin_client(kafka_single)
    try:
        assert "kafkalab-test-reset-group" not in {g["group_id"] for g in admin.list_groups()}
    finally:
        admin.close()


def _venv_path() -> str:
    import os
    import sys

    return str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def test_up_refuses_when_another_cluster_holds_the_ports(kafka_single: str, tmp_path: Path) -> None:
    """A second lab (another KAFKALAB_HOME) must not mistake the running broker for its own."""
    import os
    import sys

    from kafkalab.native import classpath_file

    if not classpath_file().exists():
        pytest.skip("native jars not resolved: the broker came from Docker or an existing cluster")
    home = tmp_path / "other-lab"
    (home / KAFKA_VERSION).mkdir(parents=True)
    (home / KAFKA_VERSION / "classpath.txt").write_text(classpath_file().read_text())
    env = {k: v for k, v in os.environ.items() if k != "KAFKA_BOOTSTRAP_SERVERS"}
    env["KAFKALAB_HOME"] = str(home)
    proc = subprocess.run(
        [sys.executable, "-m", "kafkalab.cli", "up"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "Another Kafka cluster" in proc.stderr and "not this lab's" in proc.stderr
    assert not list(home.glob("single/node-*/broker.pid")), "the refused broker was left running"
