"""The lab: which way to a broker is chosen, the error when there is none, versions, tools, reset."""

from __future__ import annotations

import os
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
    images = {
        s["image"]
        for name, s in compose["services"].items()
        if name not in ("kafka-ui", "registry")  # not Kafka: tests/test_docker.py checks these
    }
    assert images == {f"${{KAFKA_IMAGE:-{KAFKA_IMAGE}}}"}  # KAFKA_IMAGE may name the course's image
    for page in (ROOT / "docs").rglob("*.md"):
        for version in re.findall(r"Kafka (4\.\d+\.\d+)", page.read_text()):
            assert version == KAFKA_VERSION, f"{page} names Kafka {version}"


def test_compose_cluster_matches_native_cluster() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    # Loopback only; host port movable, defaulting to the native port; the cluster's brokers
    # publish through cluster-net, whose network namespace they share (tests/test_docker.py).
    ports = compose["services"]["cluster-net"]["ports"]
    for node in CLUSTER.brokers:
        var = f"KAFKALAB_PORT_{node.node_id}"
        assert f"127.0.0.1:${{{var}:-{node.broker_port}}}:{node.broker_port + 2}" in ports
    port, metrics = SINGLE.nodes[0].broker_port, SINGLE.nodes[0].metrics_port
    assert compose["services"]["kafka"]["ports"] == [
        f"127.0.0.1:${{KAFKALAB_PORT:-{port}}}:9094",
        f"127.0.0.1:{metrics}:{metrics}",  # the Prometheus JMX exporter, as natively
    ]


def test_every_lab_node_runs_the_jmx_exporter_on_its_own_port(monkeypatch) -> None:
    """Each node of the course's labs serves Prometheus metrics on a port of its own (the
    controller too: ActiveControllerCount lives there), through the exporter's -javaagent."""
    from kafkalab import native

    nodes = [n for t in native.TOPOLOGIES.values() for n in t.nodes]
    ports = [n.metrics_port for n in nodes]
    assert None not in ports and len(set(ports)) == len(ports)
    assert SINGLE.nodes[0].metrics_url == "http://127.0.0.1:7071/metrics"
    jar = Path("/lab/jmx_prometheus_javaagent-1.0.1.jar")
    monkeypatch.setattr(native, "jmx_exporter_jar", lambda: jar)
    (flag,) = native.jmx_exporter_flags(CLUSTER.nodes[0])
    assert flag == f"-javaagent:{jar}=127.0.0.1:17071:{native.jmx_exporter_config()}"
    assert native.jmx_exporter_config().is_file()
    monkeypatch.setenv("KAFKALAB_JMX_EXPORTER", "0")
    assert native.jmx_exporter_flags(CLUSTER.nodes[0]) == []


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


# ----------------------------------------------------------------------------- reset
# The lab is shared: these tests delete only names they created, under a prefix of their own
# (lesson99-resettest-<random>-), and never run reset without that prefix unless dry_run=True.


def test_reset_selects_only_the_course_names() -> None:
    names = [
        "lesson01-orders",
        "lesson12-x",
        "cheatsheet-orders",
        "orders",
        "lesson1-x",
        "lessons01-x",
        "__consumer_offsets",
        "my-lesson01-x",
    ]
    assert lab_admin.course_names(names) == ["cheatsheet-orders", "lesson01-orders", "lesson12-x"]
    assert lab_admin.course_names(names, "lesson01-") == ["lesson01-orders"]
    assert lab_admin.course_names(names, "orders") == []


def test_reset_refuses_a_prefix_outside_the_course_names() -> None:
    for ok in ("", "lesson03-", "lesson0", "lesson", "l", "cheatsheet-", "lesson99-resettest-"):
        lab_admin.check_prefix(ok)
    for bad in ("orders", "lessonx", "__", "cheat-"):
        with pytest.raises(LabError, match="matches none of the course's names"):
            lab_admin.check_prefix(bad)


def test_lab_cluster_ids_come_from_native_labs_the_registry_and_compose(tmp_path: Path) -> None:
    (tmp_path / "single").mkdir()
    (tmp_path / "single" / "cluster.id").write_text("NativeId123\n")
    assert lab_admin.lab_cluster_ids(tmp_path) == {"NativeId123"} | lab_admin.COMPOSE_CLUSTER_IDS
    lab_admin.register_cluster("DockerId456", "testcontainers", home=tmp_path)
    lab_admin.register_cluster("DockerId456", "again", home=tmp_path)  # recorded once
    assert "DockerId456" in lab_admin.lab_cluster_ids(tmp_path)
    assert lab_admin.registry_file(tmp_path).read_text() == "DockerId456 testcontainers\n"
    with pytest.raises(ValueError):
        lab_admin.register_cluster("not an id", home=tmp_path)


def test_compose_cluster_ids_are_known_to_reset() -> None:
    compose = (ROOT / "docker-compose.yml").read_text()
    ids = set(re.findall(r"^\s*CLUSTER_ID:\s*['\"]?([A-Za-z0-9_-]+)", compose, flags=re.M))
    assert ids, "docker-compose.yml sets no CLUSTER_ID"
    assert ids <= lab_admin.COMPOSE_CLUSTER_IDS, (
        f"add {sorted(ids - lab_admin.COMPOSE_CLUSTER_IDS)} to kafkalab.admin.COMPOSE_CLUSTER_IDS"
    )


@pytest.fixture
def reset_names(kafka_single: str):
    """Two course-named topics and a group under a prefix of this test's own, plus a topic and a
    group outside the course's names; whatever is left is deleted at the end (by exact name)."""
    import uuid

    from kafka import KafkaConsumer, KafkaProducer
    from kafka.admin import NewTopic

    prefix = f"lesson99-resettest-{uuid.uuid4().hex[:8]}-"
    topics = [prefix + "a", prefix + "b"]
    group = prefix + "group"
    other_topic, other_group = "kafkalab-" + prefix + "keep", "kafkalab-" + prefix + "keep-group"
    admin = lab_admin.admin_client(kafka_single)
    try:
        admin.create_topics([NewTopic(t, 1, 1) for t in [*topics, other_topic]])
    finally:
        admin.close()
    producer = KafkaProducer(bootstrap_servers=kafka_single)
    try:
        for topic in (topics[0], other_topic):
            producer.send(topic, b"x").get(timeout=30)
    finally:
        producer.close()
    for topic, group_id in ((topics[0], group), (other_topic, other_group)):
        consumer = KafkaConsumer(
            topic,
            bootstrap_servers=kafka_single,
            group_id=group_id,
            consumer_timeout_ms=1500,
            auto_offset_reset="earliest",
        )
        try:
            assert len(list(consumer)) == 1
            consumer.commit()  # the group now has a committed offset, so it stays listed
        finally:
            consumer.close()
    yield kafka_single, prefix, topics, group, other_topic, other_group
    admin = lab_admin.admin_client(kafka_single)
    try:
        left = set(admin.list_topics()) & {*topics, other_topic}
        if left:
            admin.delete_topics(sorted(left))
        left_groups = {g["group_id"] for g in admin.list_groups()} & {group, other_group}
        if left_groups:
            admin.delete_groups(sorted(left_groups))
    finally:
        admin.close()


def _cluster_id(bootstrap: str) -> str:
    return lab_admin.cluster_state(bootstrap)[0]


def _names(bootstrap: str) -> tuple[set[str], set[str]]:
    admin = lab_admin.admin_client(bootstrap)
    try:
        return set(admin.list_topics()), {g["group_id"] for g in admin.list_groups()}
    finally:
        admin.close()


def test_reset_deletes_only_course_names_and_lists_them(reset_names, tmp_path: Path) -> None:
    bootstrap, prefix, topics, group, other_topic, other_group = reset_names
    lab_admin.register_cluster(_cluster_id(bootstrap), "test", home=tmp_path)
    # Without a prefix, reset would take every course name and nothing else (looked at, not run:
    # the lab is shared).
    plan = lab_admin.reset(bootstrap, dry_run=True, home=tmp_path)
    assert set(topics) <= set(plan.topics) and group in plan.groups
    assert other_topic not in plan.topics and other_group not in plan.groups
    assert all(lab_admin.COURSE_NAME_RE.match(n) for n in plan.topics + plan.groups)
    assert not any(n.startswith("__") for n in plan.topics)
    # With this test's prefix, it deletes exactly this test's course names.
    plan = lab_admin.reset(bootstrap, prefix=prefix, home=tmp_path)
    assert plan.is_lab and plan.topics == topics and plan.groups == [group]
    live_topics, live_groups = _names(bootstrap)
    assert not set(topics) & live_topics and group not in live_groups
    assert other_topic in live_topics and other_group in live_groups


# The Docker labs use the course's fixed cluster ids (lab_admin.COMPOSE_CLUSTER_IDS), so any
# home recognises them: the refusal of a foreign cluster is checked against the native broker.
native_broker_only = pytest.mark.skipif(
    os.environ.get("KAFKALAB_MODE") == "docker",
    reason="the Docker lab's cluster id is one of the course's own in every KAFKALAB_HOME",
)


@native_broker_only
def test_reset_refuses_a_cluster_kafkalab_did_not_start(reset_names, tmp_path: Path) -> None:
    bootstrap, prefix, topics, group, *_ = reset_names
    empty_home = tmp_path / "no-labs"  # no registry holds the running cluster's id
    with pytest.raises(lab_admin.ForeignClusterError) as err:
        lab_admin.reset(bootstrap, prefix=prefix, home=empty_home)
    message = str(err.value)
    assert lab_admin.FOREIGN_FLAG in message and _cluster_id(bootstrap) in message
    assert all(name in message for name in [*topics, group])
    live_topics, live_groups = _names(bootstrap)
    assert set(topics) <= live_topics and group in live_groups, "refused, yet deleted"
    plan = lab_admin.reset(bootstrap, prefix=prefix, foreign_ok=True, home=empty_home)
    assert not plan.is_lab and plan.topics == topics and plan.groups == [group]
    assert not set(topics) & _names(bootstrap)[0]


@native_broker_only
def test_reset_command_refuses_then_confirms_and_lists(reset_names, tmp_path: Path) -> None:
    import os
    import sys

    bootstrap, prefix, topics, group, other_topic, _ = reset_names
    env = {**os.environ, "KAFKA_BOOTSTRAP_SERVERS": bootstrap, "KAFKALAB_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "kafkalab.cli", "reset", "--prefix", prefix]
    refused = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    assert refused.returncode == 1, refused.stdout + refused.stderr
    assert "was not started by kafkalab" in refused.stderr
    assert lab_admin.FOREIGN_FLAG in refused.stderr
    assert set(topics) <= _names(bootstrap)[0]
    done = subprocess.run(
        [*command, lab_admin.FOREIGN_FLAG], capture_output=True, text=True, env=env, timeout=60
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    for topic in topics:
        assert f"Deleted topic {topic}" in lines
    assert f"Deleted consumer group {group}" in lines
    assert lines[-1].startswith(f"2 topics and 1 consumer group named {prefix}* deleted")
    assert not set(topics) & _names(bootstrap)[0] and other_topic in _names(bootstrap)[0]


def _venv_path() -> str:
    import os
    import sys

    return str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


def test_up_refuses_when_another_cluster_holds_the_ports(kafka_single: str, tmp_path: Path) -> None:
    """A second lab (another KAFKALAB_HOME) must not mistake the running broker for its own."""
    import os
    import sys

    from kafkalab.native import classpath_file

    if not classpath_file().exists() or os.environ.get("KAFKALAB_MODE") == "docker":
        pytest.skip("the broker came from Docker or an existing cluster: nothing native to refuse")
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
