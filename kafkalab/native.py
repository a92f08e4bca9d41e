"""Native mode: run Apache Kafka from the jars on Maven Central, with no Docker.

Maven resolves the jars (``resources/pom.xml``) into ``~/.m2``; the classpath it builds is cached
under ``$KAFKALAB_HOME/<kafka version>/``. Each node is a combined broker+controller (KRaft)
listening on 127.0.0.1 only, with its config, data and logs under ``$KAFKALAB_HOME/<lab>/``.

Each node of the course's labs also runs the Prometheus JMX exporter as a Java agent
(``io.prometheus.jmx:jmx_prometheus_javaagent``, resolved once by Maven like the Kafka jars,
with the rules in ``resources/jmx-exporter.yml``): it serves the node's metrics at
``http://127.0.0.1:<Node.metrics_port>/metrics`` (7071 for the single broker; 17071, 27071,
37071 for the cluster's brokers and 19071 for its controller; 11071 ... 13071 for the quorum
lab). KAFKALAB_JMX_EXPORTER=0 starts the nodes without it.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.versions import KAFKA_VERSION


def lab_home() -> Path:
    """Where the lab keeps its classpath cache, broker data and logs."""
    return Path(os.environ.get("KAFKALAB_HOME", Path.home() / ".kafkalab"))


@dataclass(frozen=True)
class Node:
    """One Kafka process. A port of None means the node does not have that role (or, for
    metrics_port, runs no Prometheus JMX exporter)."""

    node_id: int
    broker_port: int | None
    controller_port: int | None
    metrics_port: int | None = None

    @property
    def metrics_url(self) -> str | None:
        return f"http://127.0.0.1:{self.metrics_port}/metrics" if self.metrics_port else None

    @property
    def is_broker(self) -> bool:
        return self.broker_port is not None

    @property
    def is_controller(self) -> bool:
        return self.controller_port is not None

    @property
    def roles(self) -> str:
        return ",".join(
            r for r, on in (("broker", self.is_broker), ("controller", self.is_controller)) if on
        )

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    @property
    def controller(self) -> str:
        return f"127.0.0.1:{self.controller_port}"


@dataclass(frozen=True)
class Topology:
    """A named set of KRaft nodes that together form one cluster."""

    name: str
    nodes: tuple[Node, ...]
    heap: str
    replication: int  # replication factor of the internal topics

    @property
    def brokers(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.is_broker)

    @property
    def controllers(self) -> tuple[Node, ...]:
        return tuple(n for n in self.nodes if n.is_controller)

    @property
    def bootstrap(self) -> str:
        return ",".join(n.bootstrap for n in self.brokers)

    def node(self, node_id: int) -> Node:
        for n in self.brokers:
            if n.node_id == node_id:
                return n
        ids = ", ".join(str(n.node_id) for n in self.brokers)
        raise LabError(f"The {self.name} lab has no broker {node_id}; its brokers are {ids}.")


SINGLE = Topology("single", (Node(1, 9092, 9093, 7071),), heap="512m", replication=1)
# Three brokers and one dedicated KRaft controller: stopping brokers (even two of three) for a
# failure drill never takes the metadata quorum down with them.
CLUSTER = Topology(
    "cluster",
    (
        Node(1, 19092, None, 17071),
        Node(2, 29092, None, 27071),
        Node(3, 39092, None, 37071),
        Node(10, None, 19093, 19071),
    ),
    heap="320m",
    replication=3,
)
# Three combined broker+controller nodes: a metadata quorum of three voters, so that stopping
# one node (the active controller, for the failover drill of Lesson 9) leaves a majority.
QUORUM = Topology(
    "quorum",
    (Node(1, 11092, 11093, 11071), Node(2, 12092, 12093, 12071), Node(3, 13092, 13093, 13071)),
    heap="320m",
    replication=3,
)
TOPOLOGIES = {t.name: t for t in (SINGLE, CLUSTER, QUORUM)}


# --------------------------------------------------------------------------- Java and Maven


def java_executable() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").exists():
        return str(Path(java_home) / "bin" / "java")
    return shutil.which("java")


def java_major_version(java: str) -> int | None:
    try:
        out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30).stderr
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.search(r'version "(\d+)(?:\.(\d+))?', out)
    if not m:
        return None
    major = int(m.group(1))
    return int(m.group(2)) if major == 1 and m.group(2) else major


def native_prerequisites() -> tuple[bool, str]:
    """Whether native mode can run here, and a sentence saying what was found."""
    java = java_executable()
    if java is None:
        return False, "no `java` on PATH (and JAVA_HOME unset)"
    major = java_major_version(java)
    if major is None or major < 17:
        return False, f"{java} is Java {major}; Kafka 4.x brokers need Java 17 or newer"
    if classpath_file().exists():
        return True, f"Java {major} at {java}; Kafka {KAFKA_VERSION} jars already resolved"
    if shutil.which("mvn") is None:
        return False, f"Java {major} found, but no `mvn` to resolve the Kafka jars"
    return True, f"Java {major} at {java} and Maven"


def classpath_file(name: str = "classpath.txt") -> Path:
    return lab_home() / KAFKA_VERSION / name


def classpath(pom: str = "pom.xml", cache: str = "classpath.txt", what: str = "Kafka") -> str:
    """The Kafka classpath, resolving the jars with Maven on first use. A service with jars of
    its own (the Connect worker) passes its own pom (under resources/) and cache file name."""
    cp_file = classpath_file(cache)
    if cp_file.exists():
        cp = cp_file.read_text().strip()
        if all(Path(p).exists() for p in cp.split(os.pathsep)):
            return cp
    if shutil.which("mvn") is None:
        raise LabError(
            "Maven (`mvn`) is needed once, to download the Apache Kafka jars. "
            "Install it (e.g. `apt-get install maven`) and try again."
        )
    cp_file.parent.mkdir(parents=True, exist_ok=True)
    pom_file = resources.files("kafkalab") / "resources" / pom
    with resources.as_file(pom_file) as pom_path:
        print(
            f"kafkalab: resolving Apache {what} {KAFKA_VERSION} jars with Maven ...",
            file=sys.stderr,
        )
        proc = subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "-f",
                str(pom_path),
                f"-Dkafka.version={KAFKA_VERSION}",
                "dependency:build-classpath",
                f"-Dmdep.outputFile={cp_file}",
            ],
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0 or not cp_file.exists():
        raise LabError(
            f"Maven could not resolve the {what} jars:\n" + (proc.stdout + proc.stderr)[-3000:]
        )
    return cp_file.read_text().strip()


JMX_EXPORTER = ("io.prometheus.jmx", "jmx_prometheus_javaagent", "1.0.1")
"""The Prometheus JMX exporter's Java agent (Maven Central), run on every node of the labs."""


def jmx_exporter_enabled() -> bool:
    return os.environ.get("KAFKALAB_JMX_EXPORTER", "1") != "0"


def jmx_exporter_config() -> Path:
    """The exporter's rules (which MBeans become which Prometheus metrics)."""
    return Path(str(resources.files("kafkalab") / "resources" / "jmx-exporter.yml"))


def jmx_exporter_jar() -> Path | None:
    """The exporter's agent jar, copied by Maven into the lab home on first use (about 3 MB);
    None, with a warning, if it cannot be had: the lab then starts without metrics."""
    group, artifact, version = JMX_EXPORTER
    jar = lab_home() / "jmx-exporter" / f"{artifact}-{version}.jar"
    if jar.is_file():
        return jar
    if shutil.which("mvn") is None:
        print(
            f"kafkalab: no `mvn` to download {artifact}; starting without metrics", file=sys.stderr
        )
        return None
    print(f"kafkalab: downloading {group}:{artifact}:{version} with Maven ...", file=sys.stderr)
    pom = resources.files("kafkalab") / "resources" / "pom.xml"
    with resources.as_file(pom) as pom_path:
        proc = subprocess.run(
            [
                "mvn",
                "-q",
                "-B",
                "-f",
                str(pom_path),
                "dependency:copy",
                f"-Dartifact={group}:{artifact}:{version}",
                f"-DoutputDirectory={jar.parent}",
            ],
            capture_output=True,
            text=True,
        )
    if proc.returncode != 0 or not jar.is_file():
        print(
            f"kafkalab: Maven could not download {artifact} ({(proc.stdout + proc.stderr)[-300:]});"
            " starting without metrics",
            file=sys.stderr,
        )
        return None
    return jar


def jmx_exporter_flags(node: Node) -> list[str]:
    """The -javaagent flag that serves the node's metrics on 127.0.0.1:<metrics_port>."""
    if node.metrics_port is None or not jmx_exporter_enabled():
        return []
    jar = jmx_exporter_jar()
    if jar is None:
        return []
    return [f"-javaagent:{jar}=127.0.0.1:{node.metrics_port}:{jmx_exporter_config()}"]


def java_command(
    main_class: str,
    args: list[str],
    *,
    heap: str,
    log4j: str,
    extra: list[str] | None = None,
    cp: str | None = None,
) -> list[str]:
    java = java_executable()
    if java is None:
        raise LabError("Java 17+ is needed to run Kafka natively; no `java` was found on PATH.")
    log4j_file = resources.files("kafkalab") / "resources" / log4j
    tool = log4j.endswith("tools.properties")
    cp = cp or classpath()
    jvm = [
        java,
        f"-Xmx{heap}",
        f"-Xms{min_heap(heap)}",
        "-XX:+UseSerialGC" if tool else "-XX:+UseG1GC",
        "-XX:TieredStopAtLevel=1" if tool else "-XX:MaxGCPauseMillis=20",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={log4j_file}",
        *(extra or []),
    ]
    if tool:
        jvm += tools_cds_flags(jvm, cp, args)
    return [*jvm, "-cp", cp, main_class, *args]


# Class-data sharing for the short-lived tool JVMs: a tool call spends most of its time loading
# and verifying the same few thousand classes. A dynamic CDS archive of them (Java 13+) is made
# once, in the background, by a side-effect-free tool call (`kafka-topics.sh --list`, or
# `--version`); later calls map it instead. Its name carries a digest of the java binary and the
# classpath, so a new JDK or new jars make a new one; a missing archive only means no sharing.
# KAFKALAB_TOOLS_CDS=0 turns it off.
CDS_TRAINER = "org.apache.kafka.tools.TopicCommand"
CDS_QUIET = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"]  # never a JVM line in a tool's output


def tools_cds_archive(java: str, cp: str) -> Path:
    import hashlib

    real = Path(java).resolve()
    try:
        stamp = f"{real}:{real.stat().st_mtime_ns}"
    except OSError:
        stamp = str(real)
    digest = hashlib.sha256(f"{stamp}\0{cp}".encode()).hexdigest()[:16]
    return lab_home() / KAFKA_VERSION / f"tools-cds-{digest}.jsa"


def tools_cds_flags(jvm: list[str], cp: str, args: list[str]) -> list[str]:
    """The flags that map the tools' CDS archive, or [] (and the archive is made meanwhile)."""
    if os.environ.get("KAFKALAB_TOOLS_CDS", "1") == "0":
        return []
    archive = tools_cds_archive(jvm[0], cp)  # the lab needs Java 17+: dynamic CDS is there
    if archive.is_file() and archive.stat().st_size > 0:
        return [f"-XX:SharedArchiveFile={archive}", "-Xshare:auto", *CDS_QUIET]
    _train_cds(jvm, cp, archive, args)
    return []


def _train_cds(jvm: list[str], cp: str, archive: Path, args: list[str]) -> None:
    """Start, detached, one tool call that writes the archive at its exit (at most one a minute)."""
    import shlex

    marker = archive.with_suffix(".training")
    try:
        archive.parent.mkdir(parents=True, exist_ok=True)
        if marker.exists() and time.time() - marker.stat().st_mtime < 60:
            return
        marker.write_text(str(os.getpid()))
    except OSError:
        return
    bootstrap = next(
        (args[i + 1] for i, a in enumerate(args[:-1]) if a == "--bootstrap-server"), None
    )
    train = ["--bootstrap-server", bootstrap, "--list"] if bootstrap else ["--version"]
    tmp = archive.with_name(f".{archive.name}.{os.getpid()}.tmp")
    cmd = [*jvm, f"-XX:ArchiveClassesAtExit={tmp}", *CDS_QUIET, "-cp", cp, CDS_TRAINER, *train]
    script = (
        f"timeout 120 {shlex.join(cmd)} >/dev/null 2>&1; "
        f"if [ -s {shlex.quote(str(tmp))} ]; then mv -f {shlex.quote(str(tmp))} "
        f"{shlex.quote(str(archive))}; else rm -f {shlex.quote(str(tmp))}; fi; "
        f"rm -f {shlex.quote(str(marker))}"
    )
    try:
        subprocess.Popen(
            ["nice", "-n", "10", "sh", "-c", script],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    except OSError:
        marker.unlink(missing_ok=True)


def min_heap(heap: str) -> str:
    return "64m" if heap.endswith("m") and int(heap[:-1]) <= 256 else "128m"


# --------------------------------------------------------------------------- one lab on disk


class NativeLab:
    """The nodes of one topology on this machine: format, start, stop, inspect."""

    def __init__(self, topology: Topology, home: Path | None = None) -> None:
        self.topology = topology
        self.root = (home or lab_home()) / topology.name

    # paths
    def node_dir(self, node: Node) -> Path:
        return self.root / f"node-{node.node_id}"

    def log_dir(self, node: Node) -> Path:
        return self.node_dir(node) / "logs"

    def server_log(self, node: Node) -> Path:
        return self.log_dir(node) / "server.log"

    def pid_file(self, node: Node) -> Path:
        return self.node_dir(node) / "broker.pid"

    # config
    def properties(self, node: Node) -> str:
        t = self.topology
        rf = t.replication
        bootstrap_controllers = ",".join(n.controller for n in t.controllers)
        listeners = []
        if node.is_broker:
            listeners.append(f"PLAINTEXT://{node.bootstrap}")
        if node.is_controller:
            listeners.append(f"CONTROLLER://{node.controller}")
        lines = [
            f"# Written by kafkalab: a KRaft node ({node.roles}) on loopback.",
            f"process.roles={node.roles}",
            f"node.id={node.node_id}",
            f"controller.quorum.bootstrap.servers={bootstrap_controllers}",
            f"listeners={','.join(listeners)}",
            f"advertised.listeners={','.join(listeners)}",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            f"log.dirs={self.node_dir(node) / 'data'}",
            # Kafka's own defaults are kept (num.partitions=1, auto.create.topics.enable=true)
            # so that the lessons show what a stock broker does.
            f"offsets.topic.replication.factor={rf}",
            f"transaction.state.log.replication.factor={rf}",
            f"transaction.state.log.min.isr={min(rf, 2)}",
            f"share.coordinator.state.topic.replication.factor={rf}",
            f"share.coordinator.state.topic.min.isr={min(rf, 2)}",
            # Lab-only: start a group's first rebalance at once instead of after 3 s.
            "group.initial.rebalance.delay.ms=0",
        ]
        if len(t.brokers) > 1:
            # Lab-only: the failure drills (Lessons 4 and 5) restore leaders themselves, and an
            # automatic preferred-leader rebalance (300 s after an imbalance, by default) must not
            # land in the middle of one.
            lines.append("leader.imbalance.check.interval.seconds=3600")
        if node.is_broker:
            lines.insert(9, "inter.broker.listener.name=PLAINTEXT")
        return "\n".join(lines) + "\n"

    def config_file(self, node: Node) -> Path:
        return self.node_dir(node) / "server.properties"

    def is_formatted(self, node: Node) -> bool:
        return (self.node_dir(node) / "data" / "meta.properties").exists()

    def format(self) -> None:
        """Write every node's config and format its KRaft storage (once)."""
        cluster_id_file = self.root / "cluster.id"
        self.root.mkdir(parents=True, exist_ok=True)
        if not cluster_id_file.exists():
            cluster_id_file.write_text(new_kafka_uuid())
        cluster_id = cluster_id_file.read_text().strip()
        t = self.topology
        dir_ids = {n.node_id: new_kafka_uuid() for n in t.nodes}
        initial = ",".join(
            f"{n.node_id}@{n.controller}:{dir_ids[n.node_id]}" for n in t.controllers
        )
        for node in t.nodes:
            self.log_dir(node).mkdir(parents=True, exist_ok=True)
            self.config_file(node).write_text(self.properties(node))
            if self.is_formatted(node):
                continue
            if not node.is_controller:
                quorum = []
            elif len(t.controllers) == 1:
                quorum = ["--standalone"]
            else:
                quorum = ["--initial-controllers", initial]
            cmd = java_command(
                "kafka.tools.StorageTool",
                [
                    "format",
                    f"--cluster-id={cluster_id}",
                    "-c",
                    str(self.config_file(node)),
                    *quorum,
                    *self.format_args(node),
                ],
                heap="256m",
                log4j="log4j2-tools.properties",
            )
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                raise LabError(
                    f"Formatting KRaft storage for node {node.node_id} failed:\n"
                    + proc.stdout
                    + proc.stderr
                )

    def format_args(self, node: Node) -> list[str]:
        """Extra `kafka-storage.sh format` arguments (a lab subclass adds SCRAM users)."""
        return []

    def cluster_state(self, bootstrap: str) -> tuple[str, set[int]]:
        """The cluster id and the live broker ids (a secured lab subclass logs in first)."""
        from kafkalab.admin import cluster_state

        return cluster_state(bootstrap)

    # processes
    def pid(self, node: Node) -> int | None:
        """The pid of the node's broker process if it is running."""
        try:
            pid = int(self.pid_file(node).read_text())
        except (OSError, ValueError):
            return None
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            return None
        if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
            return None  # exited, not yet reaped
        # While a JVM starts, its cmdline can read empty; otherwise make sure the pid was not reused.
        return pid if not cmdline or b"kafka.Kafka" in cmdline else None

    def start_node(self, node: Node) -> None:
        if self.pid(node):
            return
        if not self.is_formatted(node):
            self.format()
        heap = os.environ.get("KAFKALAB_HEAP", self.topology.heap if node.is_broker else "192m")
        cmd = java_command(
            "kafka.Kafka",
            [str(self.config_file(node))],
            heap=heap,
            log4j="log4j2-broker.properties",
            extra=[f"-Dkafka.logs.dir={self.log_dir(node)}", *jmx_exporter_flags(node)],
        )
        self.log_dir(node).mkdir(parents=True, exist_ok=True)
        with open(self.log_dir(node) / "stdout.log", "ab") as out:
            proc = subprocess.Popen(
                cmd,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        self.pid_file(node).write_text(str(proc.pid))

    def stop_node(self, node: Node, timeout: float = 30.0) -> None:
        pid = self.pid(node)
        if pid is None:
            return
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid(node):
            _reap(pid)
            time.sleep(0.2)
        if self.pid(node):
            os.kill(pid, signal.SIGKILL)
            time.sleep(0.5)
            _reap(pid)
        self.pid_file(node).unlink(missing_ok=True)

    def start(self, timeout: float = 90.0) -> None:
        self.format()
        already = {n.node_id for n in self.running_nodes()}
        for node in sorted(self.topology.nodes, key=lambda n: not n.is_controller):
            self.start_node(node)
        try:
            self.wait_ready(timeout=timeout)
        except LabError:
            for node in self.topology.nodes:  # leave nothing half-started behind
                if node.node_id not in already:
                    self.stop_node(node)
            raise

    def stop(self) -> None:
        # brokers first, so they can shut down cleanly while the controller still answers
        for node in sorted(self.topology.nodes, key=lambda n: n.is_controller):
            self.stop_node(node)

    def wipe(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def running_nodes(self) -> list[Node]:
        return [n for n in self.topology.nodes if self.pid(n)]

    def wait_ready(self, timeout: float = 90.0, nodes: list[Node] | None = None) -> None:
        """Block until every started node is an unfenced broker in the cluster metadata."""
        candidates = nodes or self.running_nodes() or list(self.topology.nodes)
        want = {n.node_id for n in candidates if n.is_broker}
        deadline = time.monotonic() + timeout
        last_error = "no answer yet"
        while time.monotonic() < deadline:
            for node in self.topology.nodes:
                if node.node_id in want and self.pid(node) is None:
                    raise LabError(self.died_message(node))
            try:
                # Ask the nodes being waited for: a stopped broker in the bootstrap list would
                # only slow each attempt down.
                cluster_id, live = self.cluster_state(
                    ",".join(n.bootstrap for n in candidates if n.is_broker)
                )
                expected_id = (self.root / "cluster.id").read_text().strip()
                if cluster_id != expected_id:
                    raise LabError(
                        f"Another Kafka cluster (id {cluster_id}) answers on "
                        f"{self.topology.bootstrap}, not this lab's ({expected_id}). Stop it "
                        "(`kafkalab down`, `docker compose down`, or whatever started it), "
                        "or point KAFKA_BOOTSTRAP_SERVERS at it instead of starting the lab."
                    )
                if want <= live:
                    return
                last_error = f"brokers up: {sorted(live)}, waiting for {sorted(want)}"
            except LabError:
                raise
            except Exception as exc:  # any client error means "not yet"
                last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        raise LabError(
            f"The {self.topology.name} lab did not answer within {timeout:.0f} s ({last_error}).\n"
            f"Broker logs: {self.root}/node-*/logs/server.log"
        )

    def died_message(self, node: Node) -> str:
        log = self.server_log(node)
        tail = ""
        for f in (log, self.log_dir(node) / "stdout.log"):
            if f.exists():
                tail += "\n".join(f.read_text(errors="replace").splitlines()[-15:]) + "\n"
        return (
            f"Broker {node.node_id} of the {self.topology.name} lab exited during start-up.\n"
            f"Its log is {log}; the last lines:\n{tail}"
            f"If one of its ports ({node.broker_port}, {node.controller_port}) is taken, stop what uses it."
        )


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass


def new_kafka_uuid() -> str:
    """A random Kafka Uuid in its base64 form, as `kafka-storage.sh random-uuid` prints."""
    while True:
        value = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not value.startswith("-"):  # Kafka never hands out ids a CLI would read as a flag
            return value
