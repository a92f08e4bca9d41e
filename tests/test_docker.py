"""Docker mode: the compose file, the containers kafkalab starts, the tool shims' routing, and
live reload of included files. Tests marked `docker` need a Docker engine (and a lab running in
Docker mode: KAFKALAB_MODE=docker); the rest run everywhere, with a fake `docker` where needed."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kafkalab.docker_lab import NET_ROLE, DockerLab, docker_available, host_ports, specs
from kafkalab.errors import LabError
from kafkalab.native import CLUSTER, SINGLE, TOPOLOGIES
from kafkalab.provision import Way, choose_way, configured_mode
from kafkalab.tools import tools_route, translate_addresses

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = str(Path(sys.executable).parent)
MOVED = {
    "KAFKALAB_PORT": "49092",
    "KAFKALAB_PORT_1": "49192",
    "KAFKALAB_PORT_2": "49292",
    "KAFKALAB_PORT_3": "49392",
    "KAFKALAB_QUORUM_PORT_1": "49492",
    "KAFKALAB_QUORUM_PORT_2": "49592",
    "KAFKALAB_QUORUM_PORT_3": "49692",
}


# --------------------------------------------------------------------------- docker-compose.yml


def interpolate(value: object, env: dict[str, str]) -> str:
    """Compose's ${VAR:-default} substitution, enough for docker-compose.yml."""
    return re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: env.get(m.group(1)) or m.group(2), str(value))


def compose(env: dict[str, str]) -> dict:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return json.loads(interpolate(json.dumps(data), env))


def test_every_compose_port_is_published_on_loopback_only() -> None:
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]
    published = 0
    for name, service in services.items():
        for port in service.get("ports", []):
            published += 1
            assert isinstance(port, str) and port.startswith("127.0.0.1:"), (
                f"docker-compose.yml: service {name} publishes {port!r} on every interface; "
                'write it as "127.0.0.1:HOST:CONTAINER"'
            )
    assert published >= 5  # the broker, Kafka UI and the cluster's three brokers


@pytest.mark.parametrize("env", [{}, MOVED], ids=["default-ports", "moved-ports"])
@pytest.mark.parametrize("topology", list(TOPOLOGIES.values()), ids=list(TOPOLOGIES))
def test_compose_runs_the_containers_kafkalab_runs(topology, env) -> None:
    """docker-compose.yml and kafkalab.docker_lab describe the same containers: same settings,
    labels, published ports, entrypoint and shared network namespace; and the compose profile
    has no service kafkalab does not start."""
    services = compose(env)["services"]
    profile = "default" if topology is SINGLE else topology.name
    in_profile = {
        name
        for name, service in services.items()
        if profile in service.get("profiles", ["default"]) and "kafka-ui" not in name
    }
    assert in_profile == {spec.service for spec in specs(topology, env)}
    for spec in specs(topology, env):
        service = services[spec.service]
        env_of = {k: str(v) for k, v in service.get("environment", {}).items()}
        assert env_of == spec.env, spec.service
        assert service["labels"] == spec.labels, spec.service
        want_ports = [f"127.0.0.1:{h}:{c}" for c, h in spec.ports.items()]
        assert service.get("ports", []) == want_ports, spec.service
        want_mode = f"service:{spec.joins}" if spec.joins else None
        assert service.get("network_mode") == want_mode, spec.service
        assert service.get("entrypoint") == spec.entrypoint, spec.service


@pytest.mark.parametrize(
    "topology", [t for t in TOPOLOGIES.values() if len(t.nodes) > 1], ids=lambda t: t.name
)
def test_multi_node_labs_share_a_namespace_no_node_owns(topology) -> None:
    """Every node joins a placeholder that publishes all host ports and runs no Kafka: a drill
    may stop any node (Lesson 9 stops the active controller) without cutting off the others."""
    owner, *nodes = specs(topology, MOVED)
    assert owner.node is None and owner.role == NET_ROLE and owner.entrypoint
    assert owner.service == f"{topology.name}-net" and not owner.env
    moved = host_ports(topology, MOVED)
    metrics = {n.metrics_port for n in topology.nodes if n.metrics_port}
    assert sorted(owner.ports.values()) == sorted([*moved.values(), *metrics])
    assert not set(moved.values()) & {n.broker_port for n in topology.brokers}  # really moved
    assert {n.node.node_id for n in nodes} == {n.node_id for n in topology.nodes}
    for spec in nodes:
        assert spec.joins == owner.service and not spec.ports
    dirs = {spec.env["KAFKA_LOG_DIRS"] for spec in nodes}
    assert len(dirs) == len(nodes)  # a path a broker reports names one container


def test_container_names_do_not_repeat_the_lab() -> None:
    from kafkalab.native import QUORUM

    assert DockerLab(CLUSTER).container_names() == {
        "cluster-net": "kafkalab-cluster-net",
        "controller": "kafkalab-cluster-controller",
        "kafka-1": "kafkalab-cluster-kafka-1",
        "kafka-2": "kafkalab-cluster-kafka-2",
        "kafka-3": "kafkalab-cluster-kafka-3",
    }
    assert DockerLab(QUORUM).container_names()["quorum-2"] == "kafkalab-quorum-2"
    assert DockerLab(SINGLE).container_names() == {"kafka": "kafkalab-single-kafka"}


def test_compose_service_profiles_use_the_native_services_ports() -> None:
    """The profiles publish, on loopback, the ports the native services and labs use, so that
    `kafkalab env --NAME` and the pages' defaults reach them unchanged."""
    from kafkalab import connect, pair, registry, secure

    services = compose({})["services"]
    assert services["secure"]["ports"] == [
        f"127.0.0.1:{p}:{p}" for p in (secure.SASL_PORT, secure.SSL_PORT, secure.CONTROLLER_PORT)
    ]
    assert services["registry"]["ports"] == [f"127.0.0.1:{registry.PORT}:8081"]
    assert services["connect"]["ports"] == [f"127.0.0.1:{connect.PORT}:{connect.PORT}"]
    assert services["backup"]["ports"] == [f"127.0.0.1:{pair.BROKER_PORT}:9294"]
    moved = compose({"KAFKALAB_REGISTRY_PORT": "18081", "KAFKALAB_BACKUP_PORT": "49292"})
    assert moved["services"]["registry"]["ports"] == ["127.0.0.1:18081:8081"]
    backup_env = moved["services"]["backup"]["environment"]
    assert "HOST://127.0.0.1:49292" in backup_env["KAFKA_ADVERTISED_LISTENERS"]


def test_compose_service_files_are_what_the_modules_write() -> None:
    """docker/compose/ holds exactly what kafkalab/compose_files.py writes from the native
    modules (secure.py, connect.py, pair.py), and every file the compose file names exists."""
    from kafkalab import compose_files

    files = compose_files.render()
    on_disk = {
        str(p.relative_to(compose_files.OUT)): p.read_text()
        for p in compose_files.OUT.rglob("*")
        if p.is_file()
    }
    assert on_disk == files, "docker/compose/ is stale: run python -m kafkalab.compose_files"
    for name in files:
        if name.endswith(".sh"):
            assert os.access(compose_files.OUT / name, os.X_OK), name
    text = (ROOT / "docker-compose.yml").read_text()
    named = set(re.findall(rf"{compose_files.MOUNT}/([\w./-]+)", text))
    assert named and named <= set(files), named - set(files)


def test_compose_registry_image_is_the_native_registry_version() -> None:
    from kafkalab import registry
    from kafkalab.image import REGISTRY_IMAGE

    assert REGISTRY_IMAGE.endswith(f":{registry.VERSION}")
    image = compose({})["services"]["registry"]["image"]
    assert image == REGISTRY_IMAGE
    dockerfile = (ROOT / "docker/registry/Dockerfile").read_text()
    assert (
        f"-Xmx{registry.HEAP}" in dockerfile
        and f"ARG REGISTRY_VERSION={registry.VERSION}" in dockerfile
    )


def test_compose_default_ports_are_the_native_labs() -> None:
    services = compose({})["services"]
    single = SINGLE.nodes[0]
    assert services["kafka"]["ports"] == [
        f"127.0.0.1:{single.broker_port}:9094",
        f"127.0.0.1:{single.metrics_port}:{single.metrics_port}",  # the JMX exporter
    ]
    for node in CLUSTER.brokers:
        assert (
            f"127.0.0.1:{node.broker_port}:{node.broker_port + 2}"
            in services["cluster-net"]["ports"]
        )
    for node in CLUSTER.nodes:  # every node's metrics, the controller's too
        assert (
            f"127.0.0.1:{node.metrics_port}:{node.metrics_port}" in services["cluster-net"]["ports"]
        )


# --------------------------------------------------------------------------- live reload


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)


def included_folders() -> set[str]:
    """Top-level folders that pages include files from (pymdownx.snippets)."""
    folders = set()
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        for path in re.findall(r"""--8<--\s+["']([^"']+)["']""", text):
            folders.add(path.split("/")[0])
        for block in re.findall(r"--8<--\n(.*?)\n\s*--8<--", text, flags=re.S):
            folders.update(
                line.strip().split("/")[0] for line in block.splitlines() if line.strip()
            )
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_IgnoreTags)
    for ext in config.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            for path in (ext["pymdownx.snippets"] or {}).get("auto_append", []):
                folders.add(path.split("/")[0])
    folders.discard("docs")  # watched by mkdocs itself
    return {f for f in folders if (ROOT / f).is_dir()}


def test_mkdocs_serve_watches_every_folder_pages_include_from() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_IgnoreTags)
    watched = {str(Path(w)).rstrip("/") for w in config.get("watch") or []}
    folders = included_folders()
    assert "snippets" in folders  # the check itself finds the includes
    missing = folders - watched
    assert not missing, (
        f"pages include files from {sorted(missing)}, which `mkdocs serve` does not watch: "
        "add them to `watch:` in mkdocs.yml"
    )


# --------------------------------------------------------------------------- modes


def never_called() -> tuple[bool, str]:
    raise AssertionError("this check must not run")


def test_mode_switch() -> None:
    assert configured_mode({}) is None
    assert configured_mode({"KAFKALAB_MODE": "Docker"}) == "docker"
    assert configured_mode({"KAFKALAB_NO_DOCKER": "1"}) == "native"
    assert configured_mode({"KAFKALAB_MODE": "docker", "KAFKALAB_NO_DOCKER": "1"}) == "docker"
    with pytest.raises(LabError, match="native, docker or auto"):
        configured_mode({"KAFKALAB_MODE": "podman"})


def test_docker_mode_never_falls_back_to_native() -> None:
    with pytest.raises(LabError, match="KAFKALAB_MODE=docker, but no Docker daemon answers"):
        choose_way(
            {"KAFKALAB_MODE": "docker"}, lambda: (False, "no Docker daemon answers"), never_called
        )


def test_native_mode_skips_docker() -> None:
    choice = choose_way({"KAFKALAB_MODE": "native"}, never_called, lambda: (True, "Java 17"))
    assert choice.way is Way.NATIVE


def test_a_running_lab_is_reused_before_starting_another() -> None:
    choice = choose_way({}, never_called, never_called, lambda: Way.NATIVE)
    assert choice.way is Way.NATIVE
    choice = choose_way({}, never_called, never_called, lambda: Way.DOCKER)
    assert choice.way is Way.DOCKER


def test_host_addresses_become_in_container_addresses() -> None:
    ports = {49192: 19092, 49292: 29092, 49392: 39092}
    assert (
        translate_addresses("127.0.0.1:49192,localhost:49292,127.0.0.1:49392", ports)
        == "127.0.0.1:19092,localhost:29092,127.0.0.1:39092"
    )
    assert translate_addresses("localhost:9092", {9092: 9092}) == "localhost:9092"
    assert translate_addresses("kafka.example.com:49192", ports) == "kafka.example.com:49192"


# --------------------------------------------------------------------------- shims, fake docker

FAKE_DOCKER = r'''#!{python}
"""A fake `docker`: answers ps/inspect/version from a JSON file, records every call."""
import json, os, sys
state = json.load(open(os.environ["FAKE_DOCKER_STATE"]))
with open(os.environ["FAKE_DOCKER_LOG"], "a") as log:
    log.write(json.dumps(sys.argv[1:]) + "\n")
args = sys.argv[1:]
if args[:1] == ["version"]:
    print("20.10.24")
elif args[:1] == ["ps"]:
    lab = next((a.split("=", 2)[2] for a in args if a.startswith("label=kafkalab.lab=")), None)
    print("\n".join(c["Id"] for c in state if lab in (None, c["Config"]["Labels"]["kafkalab.lab"])))
elif args[:1] == ["inspect"]:
    print(json.dumps([c for c in state if c["Id"] in args[1:]]))
elif args[:1] == ["exec"] and args[2:4] == ["test", "-e"]:  # the shims' file probe
    files = next(c.get("Files", []) for c in state if c["Id"] == args[1])
    sys.exit(0 if args[4] in files else 1)
elif args[:1] == ["exec"]:
    for i in range(int(os.environ.get("FAKE_DOCKER_LINES", "0"))):
        print(f"line {i}", flush=True)  # as `docker` does: dies of SIGPIPE on a closed pipe
    sys.exit(int(os.environ.get("FAKE_DOCKER_EXIT", "0")))
'''


def fake_container(
    cid: str, lab: str, node: int | None, role: str, port=None, host_port=None, files=()
) -> dict:
    labels = {"kafkalab.lab": lab, "kafkalab.role": role}
    if node is not None:
        labels["kafkalab.node"] = str(node)
    if port:
        labels |= {"kafkalab.port": str(port), "kafkalab.host-port": str(host_port)}
    return {
        "Id": cid,
        "Name": f"/kafkalab-{lab}-{node if node is not None else 'net'}",
        "Config": {"Labels": labels, "Image": "kafkalab/kafka:4.3.1"},
        "State": {"Running": True},
        "Files": list(files),
    }


CLUSTER_SEGMENT = "/var/lib/kafka/data/node-2/lesson06-t-0/00000000000000000000.log"


@pytest.fixture
def fake_docker(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "docker"
    script.write_text(FAKE_DOCKER.replace("{python}", sys.executable))
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    state = [
        fake_container("aaa111", "single", 1, "combined", 9092, 49092),
        fake_container("ccc999", "cluster", None, NET_ROLE),
        fake_container("ccc000", "cluster", 10, "controller"),
        fake_container("ccc111", "cluster", 1, "broker", 19092, 49192),
        fake_container("ccc222", "cluster", 2, "broker", 29092, 49292, [CLUSTER_SEGMENT]),
        fake_container("ccc333", "cluster", 3, "broker", 39092, 49392),
    ]
    (tmp_path / "state.json").write_text(json.dumps(state))
    env = {k: v for k, v in os.environ.items() if k not in ("KAFKALAB_NO_DOCKER",)}
    return env | {
        "PATH": f"{bin_dir}{os.pathsep}{VENV_BIN}{os.pathsep}/usr/bin:/bin",
        "FAKE_DOCKER_STATE": str(tmp_path / "state.json"),
        "FAKE_DOCKER_LOG": str(tmp_path / "calls.log"),
        "KAFKALAB_MODE": "docker",
        "KAFKALAB_HOME": str(tmp_path / "lab"),
        **MOVED,
    }


def calls(env: dict[str, str], verb: str) -> list[list[str]]:
    lines = Path(env["FAKE_DOCKER_LOG"]).read_text().splitlines()
    return [c for c in map(json.loads, lines) if c[:1] == [verb]]


def test_shim_runs_the_tool_in_the_single_brokers_container(fake_docker) -> None:
    proc = subprocess.run(
        ["kafka-topics.sh", "--bootstrap-server", "127.0.0.1:49092", "--list"],
        env=fake_docker | {"FAKE_DOCKER_EXIT": "3"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 3, proc.stderr  # the tool's exit status comes back
    (exec_call,) = calls(fake_docker, "exec")
    assert "aaa111" in exec_call
    tool = exec_call.index("/opt/kafka/bin/kafka-topics.sh")
    assert exec_call[tool + 1 :] == ["--bootstrap-server", "127.0.0.1:9092", "--list"]


def test_shim_routes_cluster_addresses_to_the_cluster(fake_docker) -> None:
    bootstrap = "127.0.0.1:49192,127.0.0.1:49292,127.0.0.1:49392"
    proc = subprocess.run(
        ["kafka-topics.sh", "--bootstrap-server", bootstrap, "--describe"],
        env=fake_docker,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    (exec_call,) = calls(fake_docker, "exec")
    assert "ccc999" in exec_call  # the network placeholder's container: drills never stop it
    assert "127.0.0.1:19092,127.0.0.1:29092,127.0.0.1:39092" in exec_call


def test_dump_log_runs_in_the_container_that_has_the_file(fake_docker) -> None:
    """kafka-dump-log.sh names no broker: it runs where the segment is (broker 2's container),
    not in the placeholder or the controller."""
    proc = subprocess.run(
        ["kafka-dump-log.sh", "--files", CLUSTER_SEGMENT],
        env=fake_docker | {"KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:49192,127.0.0.1:49292"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    *probes, exec_call = calls(fake_docker, "exec")
    assert all(c[2:4] == ["test", "-e"] for c in probes)
    assert "ccc999" not in {c[1] for c in probes}  # the placeholder has no broker files
    assert "ccc222" in exec_call and exec_call[-2:] == ["--files", CLUSTER_SEGMENT]


def test_shim_output_piped_into_head_succeeds_as_natively(fake_docker) -> None:
    """`kafka-dump-log.sh ... | head` under `set -o pipefail` (the runner's bash): a native tool
    ignores the closed pipe and exits 0, so the shim must too."""
    proc = subprocess.run(
        ["bash", "-eo", "pipefail", "-c", "kafka-topics.sh --list | head -n 2"],
        env=fake_docker | {"FAKE_DOCKER_LINES": "20000"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "line 0\nline 1\n" and "Error" not in proc.stderr


def test_shim_copies_host_files_into_the_container(fake_docker, tmp_path: Path) -> None:
    config = tmp_path / "client.properties"
    config.write_text("acks=all\n")
    proc = subprocess.run(
        [
            "kafka-console-producer.sh",
            "--bootstrap-server",
            "localhost:9092",
            "--topic",
            "t",
            "--producer.config",
            str(config),
        ],
        env=fake_docker,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    (cp_call,) = calls(fake_docker, "cp")
    assert cp_call[1] == str(config) and cp_call[2].startswith("aaa111:/tmp/kafkalab-tool-")
    inside = cp_call[2].split(":", 1)[1]
    chmod_call, tool_call = calls(fake_docker, "exec")[:2]
    # the copy is made readable for the container's user (docker cp keeps a 0600 mode) ...
    assert chmod_call[-3:] == ["chmod", "a+r", inside] and "-u" in chmod_call
    # ... and the tool reads it at its path inside the container
    assert tool_call[tool_call.index("--producer.config") + 1] == inside


def test_shim_without_a_lab_container_says_what_to_do(fake_docker) -> None:
    Path(fake_docker["FAKE_DOCKER_STATE"]).write_text("[]")
    proc = subprocess.run(
        ["kafka-topics.sh", "--bootstrap-server", "localhost:9092", "--list"],
        env=fake_docker,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1 and "kafkalab up" in proc.stderr


def test_stop_broker_stops_the_brokers_container(fake_docker) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kafkalab.cli", "stop-broker", "2"],
        env=fake_docker,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    assert calls(fake_docker, "stop") == [["stop", "-t", "30", "ccc222"]]
    assert proc.stdout.strip() == "Broker 2 stopped (127.0.0.1:49292)."


def test_down_stops_the_network_placeholder_last(fake_docker) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "kafkalab.cli", "down", "--cluster"],
        env=fake_docker,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    stopped = [c[-1] for c in calls(fake_docker, "stop")]
    assert stopped == ["ccc111", "ccc222", "ccc333", "ccc000", "ccc999"]


def test_tools_route(fake_docker) -> None:
    assert tools_route({"KAFKALAB_MODE": "docker"}) == "docker"
    assert tools_route({"KAFKALAB_NO_DOCKER": "1"}) == "native"


# --------------------------------------------------------------------------- a real engine

needs_docker_lab = pytest.mark.skipif(
    configured_mode(os.environ) != "docker" or not docker_available()[0],
    reason="needs a Docker engine and KAFKALAB_MODE=docker",
)


@needs_docker_lab
def test_image_turns_kafka_variables_into_server_properties(kafka_single: str) -> None:
    from kafkalab.docker_lab import DockerLab

    (container,) = DockerLab(SINGLE).containers()
    props = subprocess.run(
        ["docker", "exec", container.id, "cat", "/opt/kafka/config/server.properties"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    assert "log.dirs=/var/lib/kafka/data" in props
    assert "group.initial.rebalance.delay.ms=0" in props
    assert not any(line.startswith("heap.opts") for line in props)  # KAFKA_HEAP_OPTS is the JVM's


@needs_docker_lab
def test_tools_run_inside_the_container(kafka_single: str) -> None:
    assert tools_route() == "docker"
    env = os.environ | {"PATH": VENV_BIN + os.pathsep + os.environ["PATH"]}
    for bootstrap in (kafka_single, "localhost:9092"):  # the host's address, and the page's
        proc = subprocess.run(
            ["kafka-topics.sh", "--bootstrap-server", bootstrap, "--list"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr


@needs_docker_lab
def test_tools_read_a_private_host_file_in_the_container(kafka_single: str, tmp_path) -> None:
    """A file option's host file (here a 0600 temp file, as tempfile makes them) is copied in
    and readable by the container's user: Lesson 10's --payload-file."""
    payload = tmp_path / "payload.txt"
    payload.write_bytes(b"\n".join(b"x" * 50 for _ in range(10)))
    payload.chmod(0o600)
    env = os.environ | {"PATH": VENV_BIN + os.pathsep + os.environ["PATH"]}
    proc = subprocess.run(
        ["kafka-producer-perf-test.sh", "--bootstrap-server", kafka_single,
         "--topic", "lesson99-payload-file", "--num-records", "20", "--throughput", "-1",
         "--payload-file", str(payload)],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "20 records sent" in proc.stdout


COMPOSE_PROFILES = ("cluster", "quorum", "ui", "secure", "registry", "connect", "pair")


def test_compose_file_is_valid() -> None:
    """`docker compose config` with every profile (the CLI only: no engine needed)."""
    if subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0:
        pytest.skip("no docker compose v2 plugin")
    profiles = {p for s in compose({})["services"].values() for p in s.get("profiles", [])}
    assert profiles == set(COMPOSE_PROFILES)
    proc = subprocess.run(
        [
            "docker",
            "compose",
            *(f"--profile={p}" for p in COMPOSE_PROFILES),
            "config",
            "-q",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr


@needs_docker_lab
def test_stopping_any_quorum_node_keeps_the_others_reachable(kafka_quorum: str) -> None:
    """Lesson 9 stops the active controller, whichever node it is. Node 1 too (it owned the
    lab's network namespace before the placeholder did): the other two stay reachable on
    their host ports, and node 1 comes back."""
    import time

    from kafkalab.admin import live_broker_ids
    from kafkalab.native import QUORUM

    lab = DockerLab(QUORUM)
    node = QUORUM.node(1)
    others = ",".join(f"127.0.0.1:{c.host_port}" for c in lab.containers() if c.node_id != 1)
    lab.stop_node(node)
    try:
        live: set[int] = set()
        deadline = time.monotonic() + 60
        while live != {2, 3} and time.monotonic() < deadline:
            try:
                live = live_broker_ids(others)
            except Exception:  # not answering (yet)
                pass
            time.sleep(0.5)
        assert live == {2, 3}
    finally:
        lab.start_node(node)
        lab.wait_ready(nodes=[node], timeout=180)


def test_tools_aimed_at_the_native_only_secure_lab_run_natively() -> None:
    """The secure lab has no container: in Docker mode its tools still run natively."""
    from kafkalab.tools import names_native_only_lab

    assert names_native_only_lab(["--bootstrap-server", "127.0.0.1:9192", "--list"])
    assert names_native_only_lab(["--bootstrap-controller", "localhost:9194", "describe"])
    assert not names_native_only_lab(["--bootstrap-server", "localhost:9092", "--list"])
    assert not names_native_only_lab(["--files", "/var/lib/kafka/data/x/0.log"])
    # the services' clusters have no container either: Lesson 18's backup, Lesson 20's racks
    assert names_native_only_lab(["--bootstrap-server", "127.0.0.1:9292", "--list"])
    assert names_native_only_lab(["--bootstrap-server", "127.0.0.1:14092,127.0.0.1:16092"])
    assert not names_native_only_lab(["--bootstrap-server", "127.0.0.1:19092", "--list"])
