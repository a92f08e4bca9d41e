"""Docker mode: the lab's brokers in containers, laid out so that pages read as in native mode.

Each node runs the Kafka image (apache/kafka:4.3.1, or the course's own image from `make image`)
with the same settings as the native lab. The nodes of a multi-node lab share one network
namespace, so inside any of them 127.0.0.1:19092, :29092, :39092, :19093 (and the quorum lab's
:11092 ... :13093) are the native lab's addresses. That namespace belongs to a placeholder
container of the same image that only sleeps (service `<lab>-net`, role `net`): it publishes
the lab's host ports, and no failure drill ever stops it, so stopping any node (even the
quorum's active controller) leaves the others' networking and the host ports intact. Each
broker has two listeners:

- PLAINTEXT on the native port (9092, 19092, ...), advertised as 127.0.0.1:<that port>: for the
  Kafka tools run inside the container (the `kafka-*.sh` shims) and between brokers;
- HOST on <native port + 2>, published on the host's 127.0.0.1 only, at a host port that defaults
  to the native port (KAFKALAB_PORT for the single broker, KAFKALAB_PORT_1..3 for the cluster,
  KAFKALAB_QUORUM_PORT_1..3 for the quorum lab) and is advertised as 127.0.0.1:<host port>: for
  Python clients on the host.

Each node of a multi-node lab keeps its data in its own directory, /var/lib/kafka/data/node-<id>
(the single broker: /var/lib/kafka/data), so a path a broker reports (DescribeLogDirs, log.dirs)
names one container: the `kafka-dump-log.sh` shim runs in the container that has the file.

Containers carry `kafkalab.*` labels (lab, node, role, port, host-port), the same ones
docker-compose.yml sets, so kafkalab finds a lab whether it, the test suite or `docker compose`
started it. The kafkalab commands drive the `docker` CLI; the test session uses testcontainers.

Broker metrics: each node gets KAFKALAB_METRICS_PORT (its native metrics port, 7071, 17071, ...),
and that port is published on the host's 127.0.0.1 unchanged. The course's image
(docker/Dockerfile) carries the Prometheus JMX exporter agent and its rules, and its start
script adds the -javaagent flag (through the JVM options, as KAFKA_OPTS would) when the variable
is set, so http://127.0.0.1:<port>/metrics answers as in native mode. The official apache/kafka
image ignores the variable: its brokers run, without the exporter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from kafkalab.errors import LabError
from kafkalab.native import CLUSTER, SINGLE, TOPOLOGIES, Node, Topology, min_heap
from kafkalab.provision import keep_labs
from kafkalab.versions import KAFKA_IMAGE, KAFKA_VERSION, LAB_IMAGE

HOST_LISTENER_OFFSET = 2  # the HOST listener's container port: the native port + 2
UI_LISTENER_PORT = 9095  # single broker only: for containers on the compose network (Kafka UI)
DATA_DIR = "/var/lib/kafka/data"
NET_ROLE = "net"  # the kafkalab.role of a multi-node lab's network-namespace placeholder
# The placeholder's whole program: sleep until stopped, and stop at once on SIGTERM (a plain
# `sleep` as PID 1 ignores it, and `docker stop` would wait out its timeout).
NET_ENTRYPOINT = ["sh", "-c", "trap 'exit 0' TERM INT; sleep 2147483647 & wait"]
# base64 of "kafkalab-onenode", "kafkalab-cluster" and "kafkalab-quorum3": ids kafkalab.admin
# counts as its own labs
CLUSTER_IDS = {
    "single": "a2Fma2FsYWItb25lbm9kZQ",
    "cluster": "a2Fma2FsYWItY2x1c3Rlcg",
    "quorum": "a2Fma2FsYWItcXVvcnVtMw",
}
LABEL = "kafkalab.lab"


# --------------------------------------------------------------------------- what to run


def port_variable(topology: Topology, node: Node) -> str:
    """The environment variable that moves a broker's host port (docker-compose.yml uses it too):
    KAFKALAB_PORT (single), KAFKALAB_PORT_<node> (cluster), KAFKALAB_<LAB>_PORT_<node> (others)."""
    if topology is SINGLE:
        return "KAFKALAB_PORT"
    lab = "" if topology is CLUSTER else f"{topology.name.upper()}_"
    return f"KAFKALAB_{lab}PORT_{node.node_id}"


def host_ports(topology: Topology, env: Mapping[str, str] | None = None) -> dict[int, int]:
    """Broker node id -> host port (127.0.0.1). Defaults to the native lab's ports."""
    env = os.environ if env is None else env
    ports = {}
    for node in topology.brokers:
        var = port_variable(topology, node)
        raw = env.get(var, "")
        try:
            ports[node.node_id] = int(raw) if raw else node.broker_port
        except ValueError:
            raise LabError(f"{var}={raw!r} is not a port number.") from None
    return ports


@dataclass
class Spec:
    """One container of a lab: what `docker run` (or docker-compose.yml) gives it."""

    service: str  # the docker-compose.yml service name
    node: Node | None  # None: the network-namespace placeholder of a multi-node lab
    env: dict[str, str]
    labels: dict[str, str]
    ports: dict[int, int] = field(default_factory=dict)  # container port -> host port
    joins: str | None = None  # service whose network namespace this container shares
    entrypoint: list[str] | None = None  # None: the image's own (Kafka)

    @property
    def role(self) -> str:
        return self.labels["kafkalab.role"]


def service_name(topology: Topology, node: Node | None) -> str:
    """kafka (single); controller and kafka-<node> (cluster); <lab>-<node> (other labs);
    <lab>-net for the network-namespace placeholder of a multi-node lab (node None)."""
    if node is None:
        return f"{topology.name}-net"
    if topology is SINGLE:
        return "kafka"
    if not node.is_broker:
        return "controller"
    return f"{'kafka' if topology is CLUSTER else topology.name}-{node.node_id}"


def data_dir(topology: Topology, node: Node) -> str:
    """The node's log directory in its container: its own per node in a multi-node lab, so that
    a path a broker reports names one container."""
    return DATA_DIR if len(topology.nodes) == 1 else f"{DATA_DIR}/node-{node.node_id}"


def node_env(topology: Topology, node: Node, host_port: int | None) -> dict[str, str]:
    """The KAFKA_* settings of one node: the native lab's properties (native.NativeLab.properties)."""
    rf = topology.replication
    voters = ",".join(f"{c.node_id}@127.0.0.1:{c.controller_port}" for c in topology.controllers)
    heap = topology.heap if node.is_broker else "192m"
    listeners, advertised, names = [], [], []
    if node.is_broker:
        host_listener = node.broker_port + HOST_LISTENER_OFFSET
        listeners += [f"PLAINTEXT://:{node.broker_port}", f"HOST://:{host_listener}"]
        advertised += [f"PLAINTEXT://127.0.0.1:{node.broker_port}", f"HOST://127.0.0.1:{host_port}"]
        names += ["PLAINTEXT", "HOST"]
        if topology is SINGLE:
            listeners.append(f"DOCKER://:{UI_LISTENER_PORT}")
            advertised.append(f"DOCKER://kafka:{UI_LISTENER_PORT}")
            names.append("DOCKER")
    if node.is_controller:
        listeners.append(f"CONTROLLER://:{node.controller_port}")
    names.append("CONTROLLER")  # a broker-only node needs the mapping too, to reach the quorum
    env = {
        "KAFKA_NODE_ID": str(node.node_id),
        "KAFKA_PROCESS_ROLES": node.roles,
        "KAFKA_CONTROLLER_QUORUM_VOTERS": voters,
        "KAFKA_LISTENERS": ",".join(listeners),
        "KAFKA_CONTROLLER_LISTENER_NAMES": "CONTROLLER",
        "KAFKA_LISTENER_SECURITY_PROTOCOL_MAP": ",".join(f"{n}:PLAINTEXT" for n in names),
        "KAFKA_LOG_DIRS": data_dir(topology, node),
        "CLUSTER_ID": CLUSTER_IDS[topology.name],
        "KAFKA_HEAP_OPTS": f"-Xmx{heap} -Xms{min_heap(heap)}",
    }
    if node.is_broker:
        env |= {
            "KAFKA_ADVERTISED_LISTENERS": ",".join(advertised),
            "KAFKA_INTER_BROKER_LISTENER_NAME": "PLAINTEXT",
            "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR": str(rf),
            "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR": str(rf),
            "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR": str(min(rf, 2)),
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR": str(rf),
            "KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR": str(min(rf, 2)),
            "KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS": "0",
        }
    if len(topology.brokers) > 1:
        env["KAFKA_LEADER_IMBALANCE_CHECK_INTERVAL_SECONDS"] = "3600"
    if node.metrics_port:
        env["KAFKALAB_METRICS_PORT"] = str(node.metrics_port)
    return env


def specs(topology: Topology, env: Mapping[str, str] | None = None) -> list[Spec]:
    """The containers of a lab, the namespace owner first. The single broker owns its namespace;
    a multi-node lab's nodes join a placeholder (`<lab>-net`) that publishes every host port and
    that no drill stops."""
    ports = host_ports(topology, env)
    published = {b.broker_port + HOST_LISTENER_OFFSET: ports[b.node_id] for b in topology.brokers}
    published |= {n.metrics_port: n.metrics_port for n in topology.nodes if n.metrics_port}
    out = []
    owner = None
    if len(topology.nodes) > 1:
        owner = service_name(topology, None)
        labels = {LABEL: topology.name, "kafkalab.role": NET_ROLE}
        out.append(Spec(owner, None, {}, labels, published, entrypoint=NET_ENTRYPOINT))
    # the dedicated controller first (brokers register with it), then the nodes by id
    for node in sorted(topology.nodes, key=lambda n: (n.is_broker, n.node_id)):
        host_port = ports.get(node.node_id)
        role = "combined" if node.is_broker and node.is_controller else node.roles
        labels = {LABEL: topology.name, "kafkalab.node": str(node.node_id), "kafkalab.role": role}
        if node.is_broker:
            labels |= {"kafkalab.port": str(node.broker_port), "kafkalab.host-port": str(host_port)}
        spec = Spec(service_name(topology, node), node, node_env(topology, node, host_port), labels)
        if owner is None:
            spec.ports = published
        else:
            spec.joins = owner
        out.append(spec)
    return out


def up_command(topology: Topology) -> str:
    """The kafkalab command that starts this lab: `kafkalab up`, `kafkalab up --cluster`, ..."""
    return "kafkalab up" + ("" if topology is SINGLE else f" --{topology.name}")


def bootstrap_of(topology: Topology, env: Mapping[str, str] | None = None) -> str:
    """The host clients' bootstrap address of a Docker lab."""
    return ",".join(f"127.0.0.1:{p}" for p in host_ports(topology, env).values())


# --------------------------------------------------------------------------- the engine


def docker(*args: str, timeout: float = 120, check: bool = True) -> subprocess.CompletedProcess:
    """Run the docker CLI; a failure raises LabError with docker's own message."""
    try:
        proc = subprocess.run(
            ["docker", *args], capture_output=True, text=True, timeout=timeout, check=False
        )
    except FileNotFoundError:
        raise LabError(
            "The `docker` command is not on PATH: install Docker, or use native mode."
        ) from None
    except subprocess.TimeoutExpired:
        raise LabError(
            f"`docker {' '.join(args[:3])} ...` did not answer in {timeout:.0f} s."
        ) from None
    if check and proc.returncode != 0:
        raise LabError(f"`docker {' '.join(args[:4])} ...` failed: {proc.stderr.strip()}")
    return proc


def docker_available() -> tuple[bool, str]:
    if shutil.which("docker") is None:
        return False, "no `docker` command on PATH"
    try:
        proc = docker("version", "--format", "{{.Server.Version}}", timeout=10, check=False)
    except LabError as exc:
        return False, str(exc)
    if proc.returncode != 0:
        first = (proc.stderr.strip().splitlines() or ["no answer"])[0]
        return False, f"no Docker daemon answers ({first})"
    return True, f"a Docker daemon answers (engine {proc.stdout.strip()})"


def image_present(image: str) -> bool:
    return docker("image", "inspect", image, check=False, timeout=30).returncode == 0


def lab_image() -> str:
    """KAFKA_IMAGE if set; else apache/kafka:<version> if present, else the course's image if
    present, else apache/kafka:<version> (docker pulls it)."""
    if os.environ.get("KAFKA_IMAGE"):
        return os.environ["KAFKA_IMAGE"]
    if not image_present(KAFKA_IMAGE) and image_present(LAB_IMAGE):
        return LAB_IMAGE
    return KAFKA_IMAGE


def ensure_image(image: str) -> None:
    if image_present(image):
        return
    proc = docker("pull", image, check=False, timeout=600)
    if proc.returncode != 0:
        raise LabError(
            f"The image {image} is not here and cannot be pulled ({proc.stderr.strip()}).\n"
            f"Build the course's image from the Kafka jars instead: `make image` (it is then "
            f"used automatically, or set KAFKA_IMAGE={LAB_IMAGE})."
        )


@dataclass
class Container:
    """A lab container as the engine reports it."""

    id: str
    name: str
    lab: str
    node_id: int
    role: str
    running: bool
    image: str
    port: int | None  # in-container PLAINTEXT port (brokers)
    host_port: int | None  # published host port (brokers)
    testcontainers: bool

    @property
    def is_net(self) -> bool:
        """The network-namespace placeholder of a multi-node lab (no Kafka in it)."""
        return self.role == NET_ROLE


def lab_containers(lab: str | None = None) -> list[Container]:
    """Every container with kafkalab labels (running or not), optionally of one lab."""
    selector = f"{LABEL}={lab}" if lab else LABEL
    ids = docker("ps", "-aq", "--filter", f"label={selector}").stdout.split()
    if not ids:
        return []
    out = []
    for info in json.loads(docker("inspect", *ids).stdout):
        labels = info["Config"]["Labels"] or {}

        def num(key: str, labels: dict = labels) -> int | None:
            return int(labels[key]) if labels.get(key, "").isdigit() else None

        out.append(
            Container(
                id=info["Id"][:12],
                name=info["Name"].lstrip("/"),
                lab=labels[LABEL],
                node_id=num("kafkalab.node") or 0,
                role=labels.get("kafkalab.role", ""),
                running=bool(info["State"]["Running"]),
                image=info["Config"]["Image"],
                port=num("kafkalab.port"),
                host_port=num("kafkalab.host-port"),
                testcontainers=labels.get("org.testcontainers") == "true",
            )
        )
    return sorted(out, key=lambda c: (c.lab, not c.is_net, c.role != "controller", c.node_id))


# --------------------------------------------------------------------------- one lab


class DockerLab:
    """The containers of one topology: start, stop, inspect (mirrors native.NativeLab)."""

    def __init__(self, topology: Topology) -> None:
        self.topology = topology

    @property
    def bootstrap(self) -> str:
        found = [c for c in self.containers() if c.host_port]
        if found:
            return ",".join(f"127.0.0.1:{c.host_port}" for c in found)
        return bootstrap_of(self.topology)

    def all_containers(self) -> list[Container]:
        """Every container of the lab: its Kafka nodes and (multi-node labs) the placeholder."""
        return lab_containers(self.topology.name)

    def containers(self) -> list[Container]:
        """The lab's Kafka nodes (not the network placeholder)."""
        return [c for c in self.all_containers() if not c.is_net]

    def network_container(self) -> Container | None:
        """The placeholder that owns a multi-node lab's network namespace, if it exists."""
        return next((c for c in self.all_containers() if c.is_net), None)

    def container(self, node: Node) -> Container | None:
        for c in self.containers():
            if c.node_id == node.node_id:
                return c
        return None

    def running_nodes(self) -> list[Node]:
        running = {c.node_id for c in self.containers() if c.running}
        return [n for n in self.topology.nodes if n.node_id in running]

    def is_up(self) -> bool:
        net = self.network_container()
        net_ok = len(self.topology.nodes) == 1 or (net is not None and net.running)
        return net_ok and len(self.running_nodes()) == len(self.topology.nodes)

    def run_args(self, spec: Spec, image: str, names: dict[str, str]) -> list[str]:
        args = ["run", "-d", "--name", names[spec.service]]
        for key, value in spec.labels.items():
            args += ["--label", f"{key}={value}"]
        for key, value in spec.env.items():
            args += ["-e", f"{key}={value}"]
        for container_port, host_port in spec.ports.items():
            args += ["-p", f"127.0.0.1:{host_port}:{container_port}"]
        if spec.joins:
            args += ["--network", f"container:{names[spec.joins]}"]
        if spec.entrypoint:
            args += ["--entrypoint", spec.entrypoint[0], image, *spec.entrypoint[1:]]
            return args
        return [*args, image]

    def container_names(self) -> dict[str, str]:
        """Service -> container name: kafkalab-<lab>-<service>, without repeating the lab's name
        (kafkalab-cluster-kafka-1, kafkalab-cluster-net, kafkalab-quorum-2)."""
        lab = self.topology.name
        return {
            s.service: f"kafkalab-{s.service}"
            if s.service.startswith(f"{lab}-")
            else f"kafkalab-{lab}-{s.service}"
            for s in specs(self.topology)
        }

    def _existing(self) -> dict[str, Container]:
        """Service -> the lab's existing container for it."""
        out = {}
        for c in self.all_containers():
            node = None if c.is_net else self.topology_node(c.node_id)
            out[service_name(self.topology, node)] = c
        return out

    def start(self, timeout: float = 120.0) -> None:
        """Create the missing containers and start stopped ones, then wait until all answer."""
        existing = self._existing()
        lab_specs = specs(self.topology)
        owner = lab_specs[0] if lab_specs[0].node is None else None
        if owner is not None and owner.service not in existing:
            old = [c.name for c in existing.values()]
            if old:
                raise LabError(
                    f"The Docker {self.topology.name} lab's containers ({', '.join(old)}) have no "
                    f"network placeholder ({owner.service}): they were made by an older kafkalab. "
                    f"Remove them (`kafkalab down --{self.topology.name} --wipe`), then "
                    f"`{up_command(self.topology)}`."
                )
        if owner is not None and owner.service in existing and not existing[owner.service].running:
            # A restarted placeholder has a new namespace: nodes still in the old one must follow
            # (cut off from each other, they cannot shut down cleanly: a short timeout).
            for c in existing.values():
                if c.running and not c.is_net:
                    docker("stop", "-t", "5", c.id, timeout=60)
            existing = self._existing()
        names = self.container_names() | {svc: c.name for svc, c in existing.items()}
        image = None
        for spec in lab_specs:
            found = existing.get(spec.service)
            if found and found.running:
                continue
            if found:
                docker("start", found.id)
                continue
            image = image or lab_image()
            ensure_image(image)
            docker(*self.run_args(spec, image, names))
        self.wait_ready(timeout=timeout)

    def topology_node(self, node_id: int) -> Node:
        return next(n for n in self.topology.nodes if n.node_id == node_id)

    def _shutdown_order(self) -> list[Container]:
        """Brokers first (they shut down cleanly while a controller still answers), then the
        controllers, the network placeholder last."""
        return sorted(self.all_containers(), key=lambda c: (c.is_net, c.role == "controller"))

    def stop(self) -> None:
        for c in self._shutdown_order():
            if c.running:
                docker("stop", "-t", "5" if c.is_net else "30", c.id, timeout=60)

    def wipe(self) -> None:
        for c in self._shutdown_order():
            docker("rm", "-f", "-v", c.id, timeout=60)

    def stop_node(self, node: Node) -> None:
        c = self.container(node)
        if c is None:
            raise LabError(
                f"No container of the Docker {self.topology.name} lab runs broker {node.node_id}."
            )
        if c.running:
            docker("stop", "-t", "30", c.id, timeout=60)

    def start_node(self, node: Node) -> None:
        c = self.container(node)
        if c is None:
            raise LabError(
                f"No container of the Docker {self.topology.name} lab for broker {node.node_id}: "
                f"start the lab first (`{up_command(self.topology)}`)."
            )
        net = self.network_container()
        if len(self.topology.nodes) > 1 and (net is None or not net.running):
            raise LabError(
                f"The Docker {self.topology.name} lab's network placeholder "
                f"({net.name if net else service_name(self.topology, None)}) is not running: "
                f"start the whole lab with `{up_command(self.topology)}`."
            )
        if not c.running:
            docker("start", c.id)

    def logs(self, node: Node, lines: int = 15) -> str:
        c = self.container(node)
        if c is None:
            return ""
        proc = docker("logs", "--tail", str(lines), c.id, check=False)
        return proc.stdout + proc.stderr

    def wait_ready(self, timeout: float = 120.0, nodes: list[Node] | None = None) -> None:
        """Block until every wanted node is an unfenced broker in the cluster metadata."""
        from kafkalab.admin import cluster_state

        wanted = nodes or list(self.topology.nodes)
        want = {n.node_id for n in wanted if n.is_broker}
        by_id = {c.node_id: c for c in self.containers()}
        bootstrap = ",".join(
            f"127.0.0.1:{by_id[n].host_port}" for n in want if n in by_id and by_id[n].host_port
        )
        deadline = time.monotonic() + timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            for c in self.containers():
                if c.node_id in {n.node_id for n in wanted} and not c.running:
                    node = self.topology_node(c.node_id)
                    raise LabError(
                        f"The container of node {c.node_id} ({c.name}, {c.image}) exited during "
                        f"start-up. Its last log lines:\n{self.logs(node)}"
                    )
            try:
                _, live = cluster_state(bootstrap)
                if want <= live:
                    return
                last_error = f"brokers up: {sorted(live)}, waiting for {sorted(want)}"
            except Exception as exc:  # any client error means "not yet"
                last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        raise LabError(
            f"The Docker {self.topology.name} lab did not answer on {bootstrap} within "
            f"{timeout:.0f} s ({last_error}). Logs: docker logs <container> "
            f"({', '.join(c.name for c in self.containers())})."
        )

    def status_lines(self) -> list[str]:
        from kafkalab.admin import live_broker_ids

        found = self.containers()
        if not found:
            return [f"{self.topology.name} (Docker): not running"]
        running = [c for c in found if c.running]
        answer = "not answering"
        if running:
            try:
                answer = f"brokers answering: {sorted(live_broker_ids(self.bootstrap))}"
            except Exception as exc:
                answer = f"not answering ({type(exc).__name__})"
        images = sorted({c.image for c in found})
        net = self.network_container()
        network = f"; network: {net.name}{'' if net.running else ' (stopped)'}" if net else ""
        return [
            f"{self.topology.name} (Docker, {', '.join(images)}, Kafka {KAFKA_VERSION}): "
            f"nodes {[c.node_id for c in running]} running, {answer}; bootstrap {self.bootstrap}",
            f"  containers: {', '.join(c.name + ('' if c.running else ' (stopped)') for c in found)}"
            f"{network}; logs: docker logs <container>",
        ]


# --------------------------------------------------------------------------- the test session


@contextmanager
def session_lab(topology: Topology, timeout: float = 120.0) -> Iterator[tuple[str, bool]]:
    """A Docker lab for one test session: reuse a running one, else start it with testcontainers
    and remove it at the end. Yields (bootstrap, started_here)."""
    lab = DockerLab(topology)
    if lab.is_up():
        lab.wait_ready(timeout=timeout)
        yield lab.bootstrap, False
        return
    if lab.all_containers():
        raise LabError(
            f"A Docker {topology.name} lab exists but is not fully running "
            f"({', '.join(c.name for c in lab.all_containers())}): `{up_command(topology)}` "
            "to start it, or "
            f"`kafkalab down --{topology.name} --wipe` to remove it."
        )
    os.environ.setdefault("TESTCONTAINERS_RYUK_DISABLED", "true")
    from testcontainers.core.container import DockerContainer

    image = lab_image()
    ensure_image(image)
    started: list[DockerContainer] = []
    ids: dict[str, str] = {}
    try:
        for spec in specs(topology):
            container = DockerContainer(image)
            for key, value in spec.env.items():
                container.with_env(key, value)
            for container_port, host_port in spec.ports.items():
                # published on the host's loopback only (docker SDK form: (ip, port))
                container.ports[f"{container_port}/tcp"] = ("127.0.0.1", host_port)  # type: ignore[assignment]
            kwargs: dict = {"labels": spec.labels}
            if spec.entrypoint:
                kwargs["entrypoint"] = spec.entrypoint
            if spec.joins:
                kwargs |= {"network_mode": f"container:{ids[spec.joins]}", "network": None}
            else:
                kwargs["network"] = "bridge"
            container.with_kwargs(**kwargs)
            container.start()
            started.append(container)
            ids[spec.service] = container.get_wrapped_container().id
        lab.wait_ready(timeout=timeout)
        yield lab.bootstrap, True
    finally:
        if keep_labs():  # a parallel run's worker: its controller removes the lab at the end
            started.clear()
        for container in reversed(started):  # nodes first, the namespace owner last
            try:
                container.stop()
            except Exception:
                pass


def all_topologies() -> list[Topology]:
    return list(TOPOLOGIES.values())
