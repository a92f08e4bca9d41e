"""The `pair` service: a second Kafka cluster and MirrorMaker 2 (Lesson 18).

Beside the lab's single broker (alias ``primary``, 127.0.0.1:9092) it runs, natively:

* a second single-node KRaft cluster (alias ``backup``): broker 127.0.0.1:9292, controller
  127.0.0.1:9293, its data and logs under ``$KAFKALAB_HOME/pair/node-1/``;
* MirrorMaker 2 in dedicated mode (``org.apache.kafka.connect.mirror.MirrorMaker``) with the
  ``mm2.properties`` it writes under ``$KAFKALAB_HOME/pair/``: ``primary->backup`` only, for the
  topics and groups that match ``lesson18-.*``, with intervals of seconds instead of minutes so
  that a lesson sees checkpoints and synced group offsets while it runs.

MirrorMaker 2 needs two jars beyond the broker's classpath (``connect-mirror`` and
``connect-mirror-client``; the Connect runtime is already there): Maven resolves them once and
their paths are cached beside the Kafka classpath. MirrorMaker 2 is stopped before the backup
broker, as it otherwise waits about a minute for a cluster that is gone.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import (
    NativeLab,
    Node,
    Topology,
    classpath,
    java_command,
    lab_home,
)
from kafkalab.process import NativeProcess, port_in_use, require_java
from kafkalab.versions import KAFKA_VERSION

BROKER_PORT, CONTROLLER_PORT = 9292, 9293
PAIR = Topology("pair", (Node(1, BROKER_PORT, CONTROLLER_PORT),), heap="256m", replication=1)
PRIMARY_BOOTSTRAP = "127.0.0.1:9092"  # the lab's single broker, the same in native and Docker mode
BACKUP_BOOTSTRAP = f"127.0.0.1:{BROKER_PORT}"
PATTERN = "lesson18-.*"  # the topics and groups MirrorMaker 2 replicates
MM2_MAIN = "org.apache.kafka.connect.mirror.MirrorMaker"
MM2_HEAP = "256m"
MIRROR_JARS = ("connect-mirror", "connect-mirror-client")

# Names and defaults checked in connect-mirror 4.3.1 (MirrorSourceConfig, MirrorCheckpointConfig,
# MirrorHeartbeatConfig, MirrorConnectorConfig): each lab value replaces a default of minutes.
LAB_SETTINGS = {
    # single-broker clusters: every internal topic with one replica (defaults 3, or 2)
    "replication.factor": "1",
    "checkpoints.topic.replication.factor": "1",
    "heartbeats.topic.replication.factor": "1",
    "offset-syncs.topic.replication.factor": "1",
    "config.storage.replication.factor": "1",
    "offset.storage.replication.factor": "1",
    "status.storage.replication.factor": "1",
    # the offset syncs live on the backup, so MirrorMaker 2 writes nothing to the primary
    "offset-syncs.topic.location": "target",  # default source
    "refresh.topics.interval.seconds": "5",  # default 600
    "refresh.groups.interval.seconds": "5",  # default 600
    "emit.checkpoints.interval.seconds": "2",  # default 60
    "sync.group.offsets.enabled": "true",  # default false
    "sync.group.offsets.interval.seconds": "2",  # default 60
    "sync.topic.configs.interval.seconds": "30",  # default 600
}


def mirror_classpath_file() -> Path:
    return lab_home() / KAFKA_VERSION / "mirror-classpath.txt"


def mirror_classpath() -> str:
    """The connect-mirror jars (resolved with Maven on first use), then the Kafka classpath."""
    base = classpath()
    cp_file = mirror_classpath_file()
    if cp_file.exists():
        jars = cp_file.read_text().strip()
        if jars and all(Path(p).exists() for p in jars.split(os.pathsep)):
            return jars + os.pathsep + base
    import shutil

    if shutil.which("mvn") is None:
        raise LabError(
            "Maven (`mvn`) is needed once, to download the MirrorMaker 2 jars. "
            "Install it (e.g. `apt-get install maven`) and try again."
        )
    deps = "".join(
        "<dependency><groupId>org.apache.kafka</groupId>"
        f"<artifactId>{a}</artifactId><version>{KAFKA_VERSION}</version></dependency>"
        for a in MIRROR_JARS
    )
    pom = cp_file.parent / "mirror-pom.xml"
    pom.parent.mkdir(parents=True, exist_ok=True)
    pom.write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        "<groupId>dev.kafkacourse</groupId><artifactId>kafkalab-mirror</artifactId>"
        f"<version>1</version><packaging>pom</packaging><dependencies>{deps}</dependencies>"
        "</project>\n"
    )
    print(f"kafkalab: resolving the MirrorMaker 2 jars ({KAFKA_VERSION}) with Maven ...",
          file=sys.stderr)  # fmt: skip
    proc = subprocess.run(
        ["mvn", "-q", "-B", "-f", str(pom), "dependency:build-classpath",
         "-DexcludeTransitive=true", f"-Dmdep.outputFile={cp_file}"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    if proc.returncode != 0 or not cp_file.exists():
        raise LabError(
            "Maven could not resolve the MirrorMaker 2 jars:\n"
            + (proc.stdout + proc.stderr)[-3000:]
        )
    return cp_file.read_text().strip() + os.pathsep + base


class PairService:
    """A second cluster (``backup``) and MirrorMaker 2 replicating the lab's broker into it."""

    name = "pair"
    kafka_ports = frozenset({BROKER_PORT, CONTROLLER_PORT})  # the backup cluster's
    help = "a second cluster (127.0.0.1:9292) and MirrorMaker 2 from the lab's broker (Lesson 18)"

    def __init__(self, home: Path | None = None) -> None:
        self.lab = NativeLab(PAIR, home)
        self.root = self.lab.root
        self.node = PAIR.nodes[0]

    # files
    @property
    def mm2_config(self) -> Path:
        return self.root / "mm2.properties"

    @property
    def mm2_dir(self) -> Path:
        return self.root / "mirrormaker"

    @property
    def mm2_log(self) -> Path:
        return self.mm2_dir / "logs" / "server.log"

    @property
    def mm2_pid_file(self) -> Path:
        return self.mm2_dir / "mm2.pid"

    def mm2_properties(self) -> str:
        lines = [
            "# Written by kafkalab: MirrorMaker 2 (dedicated mode) for Lesson 18.",
            "clusters=primary,backup",
            f"primary.bootstrap.servers={PRIMARY_BOOTSTRAP}",
            f"backup.bootstrap.servers={BACKUP_BOOTSTRAP}",
            "primary->backup.enabled=true",
            f"primary->backup.topics={PATTERN}",
            f"primary->backup.groups={PATTERN}",
            # No backup->primary flow, not even its heartbeats (emitted by default for every
            # pair of clusters): nothing of MirrorMaker 2 lands on the lab's shared broker.
            "backup->primary.enabled=false",
            "backup->primary.emit.heartbeats.enabled=false",
            "replication.policy.class=org.apache.kafka.connect.mirror.DefaultReplicationPolicy",
            "tasks.max=1",
            "# Lab-only values: one replica on single-broker clusters, seconds instead of minutes.",
            *(f"{k}={v}" for k, v in LAB_SETTINGS.items()),
        ]
        return "\n".join(lines) + "\n"

    # processes
    @property
    def mm2(self) -> NativeProcess:
        return NativeProcess(
            "MirrorMaker 2", self.mm2_pid_file, MM2_MAIN,
            [self.mm2_log.parent / "stdout.log", self.mm2_log],
        )  # fmt: skip

    def mm2_pid(self) -> int | None:
        return self.mm2.pid()

    def check_prerequisites(self) -> None:
        require_java("The pair service (a Kafka broker and MirrorMaker 2)", "kafkalab up --pair")
        if not self.lab.running_nodes():
            for port in (BROKER_PORT, CONTROLLER_PORT):
                if port_in_use("127.0.0.1", port):
                    raise LabError(
                        f"Port {port} on 127.0.0.1 is taken by another program, and the pair "
                        f"service's second cluster needs it ({BROKER_PORT} and "
                        f"{CONTROLLER_PORT}). Stop what listens there (`ss -ltnp | grep "
                        f"{port}`) and run `kafkalab up --pair` again."
                    )

    def check_primary(self) -> None:
        from kafkalab.admin import cluster_state

        try:
            cluster_state(PRIMARY_BOOTSTRAP)
        except Exception as exc:
            raise LabError(
                f"MirrorMaker 2 replicates from the lab's broker at {PRIMARY_BOOTSTRAP}, which "
                f"does not answer ({type(exc).__name__}). Start it first: `kafkalab up`."
            ) from exc

    def start(self) -> None:
        self.check_prerequisites()
        self.check_primary()
        self.lab.start(timeout=90.0)
        if self.mm2_pid():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        self.mm2_config.write_text(self.mm2_properties())
        cmd = java_command(
            MM2_MAIN,
            [str(self.mm2_config)],
            heap=MM2_HEAP,
            log4j="log4j2-broker.properties",
            extra=[f"-Dkafka.logs.dir={self.mm2_log.parent}", "-XX:TieredStopAtLevel=1"],
        )
        i = cmd.index("-cp")
        cmd[i + 1] = mirror_classpath()
        self.mm2_log.parent.mkdir(parents=True, exist_ok=True)
        # The log is appended to: readiness counts only what this process writes.
        self._log_start = self.mm2_log.stat().st_size if self.mm2_log.exists() else 0
        # Ready when the primary->backup herder has started its connectors (its log says so).
        self.mm2.spawn(cmd)
        self.mm2.wait_ready(self.mm2_ready, 90.0, f"its log: {self.mm2_log}")

    def mm2_ready(self) -> bool:
        try:
            with open(self.mm2_log, "rb") as f:
                f.seek(getattr(self, "_log_start", 0))
                text = f.read().decode(errors="replace")
        except OSError:
            return False
        return (
            "primary->backup" in text
            and "Finished creating connector MirrorSourceConnector" in text
        )

    def stop_mm2(self, timeout: float = 20.0) -> None:
        self.mm2.stop(timeout)

    def stop(self) -> None:
        self.stop_mm2()  # first: with the backup broker gone it would wait about a minute
        self.lab.stop()

    def wipe(self) -> None:
        self.stop()
        self.lab.wipe()

    def running(self) -> bool:
        return bool(self.lab.running_nodes()) and self.mm2_pid() is not None

    def summary_lines(self) -> list[str]:
        return [
            f"backup cluster (alias backup): {BACKUP_BOOTSTRAP}",
            f"MirrorMaker 2: primary ({PRIMARY_BOOTSTRAP}) -> backup, topics and groups {PATTERN}",
            f"  config: {self.mm2_config}",
            f"  logs: {self.mm2_log}, {self.lab.server_log(self.node)}",
            '  environment for Lesson 18: eval "$(kafkalab env --pair)"',
        ]

    def status_lines(self) -> list[str]:
        broker = "running" if self.lab.running_nodes() else "not running"
        mm2 = f"pid {self.mm2_pid()}" if self.mm2_pid() else "not running"
        return [f"pair: backup broker {BACKUP_BOOTSTRAP} {broker}; MirrorMaker 2 {mm2}"]

    def env(self) -> dict[str, str]:
        return {
            "KAFKA_BACKUP_BOOTSTRAP_SERVERS": BACKUP_BOOTSTRAP,
            "KAFKALAB_MM2_CONFIG": str(self.mm2_config),
        }
