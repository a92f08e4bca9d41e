"""The `connect` service: one Kafka Connect worker in distributed mode (Lesson 17).

``kafkalab up --connect`` runs ``org.apache.kafka.connect.cli.ConnectDistributed`` natively
(Java 17+, the Kafka jars from Maven Central, ``resources/connect-pom.xml``), with its REST API
on http://127.0.0.1:8083 and the lab's single broker (its host address, 127.0.0.1:9092, the
same in native and Docker mode) as its Kafka cluster.

Where things are, under ``$KAFKALAB_HOME/connect/``: ``worker.properties`` (written at each
start), ``connect.pid``, ``logs/connect.log`` (the worker's log) and ``logs/stdout.log``, and
``plugins/`` (the worker's ``plugin.path``).

The file connectors (``FileStreamSourceConnector``, ``FileStreamSinkConnector``, in the
``connect-file`` jar) have not been on a worker's classpath by default since Kafka 3.2
(KAFKA-13748): a worker finds them only where it looks for plugins. kafkalab puts that one jar
in ``plugins/connect-file/`` and names the folder in ``plugin.path``, as an operator installs
any connector; everything else (runtime, JsonConverter, the transforms) is on the classpath.

Debezium's PostgreSQL connector (Lesson 23, change data capture) is installed the same way: the
jars of ``resources/debezium-pom.xml`` (``debezium-connector-postgres`` 3.6.1.Final, the other
Debezium modules it needs, all 3.6.1.Final, and the PostgreSQL JDBC driver), resolved with Maven
on first use, go to ``plugins/debezium-connector-postgres/``, where the worker gives them a class
loader of their own. Its jar declares ``PostgresConnector`` in
``META-INF/services/org.apache.kafka.connect.source.SourceConnector``, so the worker's
``plugin.discovery=service_load`` finds it without scanning the classpath.

A distributed worker keeps all its state in Kafka: connector configs, source offsets and
statuses go to three compacted topics, and the workers that share a ``group.id`` form one
Connect cluster. Their names start with ``_kafkalab-connect``: they belong to the service, not
to a lesson, so ``kafkalab reset`` (which deletes only ``lessonNN-*`` and ``cheatsheet-*``)
never pulls them from under a running worker; ``kafkalab down --connect --wipe`` deletes them.
"""

from __future__ import annotations

import json
import os
import shutil
import urllib.error
import urllib.request
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import SINGLE, classpath, java_command, lab_home
from kafkalab.process import NativeProcess, port_in_use, port_taken_error, require_java
from kafkalab.versions import KAFKA_VERSION

HOST, PORT = "127.0.0.1", 8083
URL = f"http://{HOST}:{PORT}"
MAIN_CLASS = "org.apache.kafka.connect.cli.ConnectDistributed"
GROUP_ID = "_kafkalab-connect"
INTERNAL_TOPICS = {
    "config.storage.topic": f"{GROUP_ID}-configs",
    "offset.storage.topic": f"{GROUP_ID}-offsets",
    "status.storage.topic": f"{GROUP_ID}-status",
}
PLUGIN_JARS = ("connect-file-",)  # jars that go on plugin.path instead of the classpath
DEBEZIUM_VERSION = "3.6.1.Final"  # resources/debezium-pom.xml names the same
DEBEZIUM_PLUGIN = "debezium-connector-postgres"  # its folder under plugin.path
HEAP = "256m"


class ConnectService:
    """A Kafka Connect worker (distributed mode) with its REST API on 127.0.0.1:8083."""

    name = "connect"
    help = "a Kafka Connect worker (distributed mode, REST on 127.0.0.1:8083; Lesson 17)"

    def __init__(self, home: Path | None = None) -> None:
        self.root = (home or lab_home()) / "connect"

    # ------------------------------------------------------------------ paths and config
    @property
    def pid_file(self) -> Path:
        return self.root / "connect.pid"

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.log_dir / "connect.log"

    @property
    def plugin_dir(self) -> Path:
        return self.root / "plugins"

    @property
    def config_file(self) -> Path:
        return self.root / "worker.properties"

    @property
    def bootstrap(self) -> str:
        """The Kafka cluster the worker uses: KAFKA_BOOTSTRAP_SERVERS if set, else the lab's
        single broker."""
        return os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or SINGLE.bootstrap

    def properties(self) -> str:
        lines = [
            "# Written by kafkalab: one Kafka Connect worker, distributed mode, on loopback.",
            f"bootstrap.servers={self.bootstrap}",
            # The workers sharing this group.id form one Connect cluster; its state lives in
            # these three compacted topics (replication factor 1: the lab has one broker).
            f"group.id={GROUP_ID}",
            *(f"{k}={v}" for k, v in INTERNAL_TOPICS.items()),
            "config.storage.replication.factor=1",
            "offset.storage.replication.factor=1",
            "status.storage.replication.factor=1",
            # Lab-only: fewer partitions than the defaults (25 and 5) on the shared broker.
            "offset.storage.partitions=5",
            "status.storage.partitions=1",
            # As Kafka's own config/connect-distributed.properties: JSON with schemas.
            "key.converter=org.apache.kafka.connect.json.JsonConverter",
            "value.converter=org.apache.kafka.connect.json.JsonConverter",
            "key.converter.schemas.enable=true",
            "value.converter.schemas.enable=true",
            f"listeners=http://{HOST}:{PORT}",
            f"rest.advertised.host.name={HOST}",
            f"rest.advertised.port={PORT}",
            f"plugin.path={self.plugin_dir}",
            # Every plugin here declares itself in META-INF/services: no classpath scan.
            "plugin.discovery=service_load",
            # Lab-only: commit offsets every second (default 60 s), so that a stopped worker
            # repeats little, and a learner sees committed positions at once.
            "offset.flush.interval.ms=1000",
        ]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ jars
    def jars(self) -> tuple[str, list[Path]]:
        """The worker's classpath, and the plugin jars (resolved with Maven on first use)."""
        cp = classpath("connect-pom.xml", "connect-classpath.txt", "Kafka Connect")
        entries = cp.split(os.pathsep)
        plugins = [Path(p) for p in entries if Path(p).name.startswith(PLUGIN_JARS)]
        rest = [p for p in entries if not Path(p).name.startswith(PLUGIN_JARS)]
        return os.pathsep.join(rest), plugins

    def install_plugins(self, jars: list[Path]) -> None:
        """Copy each plugin jar into its own folder under plugin.path."""
        for jar in jars:
            folder = self.plugin_dir / jar.name.rsplit("-", 1)[0]  # connect-file
            target = folder / jar.name
            if not target.exists():
                folder.mkdir(parents=True, exist_ok=True)
                shutil.copy2(jar, target)

    def install_debezium(self) -> None:
        """Debezium's PostgreSQL connector and the jars it needs, in a folder of their own
        under plugin.path (resolved with Maven on first use, then copied once)."""
        folder = self.plugin_dir / DEBEZIUM_PLUGIN
        if (folder / f"{DEBEZIUM_PLUGIN}-{DEBEZIUM_VERSION}.jar").exists():
            return
        what = f"Kafka Connect plugin: Debezium {DEBEZIUM_VERSION}, for Kafka"
        cp = classpath("debezium-pom.xml", "debezium-classpath.txt", what)
        staging = self.plugin_dir / f".{DEBEZIUM_PLUGIN}.tmp"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for jar in cp.split(os.pathsep):
            shutil.copy2(jar, staging / Path(jar).name)
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)

    # ------------------------------------------------------------------ the process
    @property
    def process(self) -> NativeProcess:
        return NativeProcess(
            "the Connect worker", self.pid_file, MAIN_CLASS,
            [self.log_dir / "stdout.log", self.log_file],
        )  # fmt: skip

    def pid(self) -> int | None:
        """The worker's pid if it is running."""
        return self.process.pid()

    def info(self, timeout: float = 2.0) -> dict | None:
        """GET / on the REST port: the worker's version and Kafka cluster id, or None."""
        try:
            with urllib.request.urlopen(f"{URL}/", timeout=timeout) as resp:
                body = json.loads(resp.read())
        except (OSError, ValueError):
            return None
        return body if isinstance(body, dict) and "kafka_cluster_id" in body else None

    def connectors(self) -> list[str] | None:
        try:
            with urllib.request.urlopen(f"{URL}/connectors", timeout=5) as resp:
                return json.loads(resp.read())
        except (OSError, ValueError):
            return None

    def running(self) -> bool:
        return self.info() is not None

    def start(self, timeout: float = 120.0) -> None:
        if self.running():
            return
        require_java("The Connect worker", "kafkalab up --connect")
        if port_in_use(HOST, PORT):
            raise port_taken_error("the Connect worker", HOST, PORT, "kafkalab up --connect")
        host, _, port = self.bootstrap.split(",")[0].rpartition(":")
        if not port_in_use(host or "127.0.0.1", int(port)):
            raise LabError(
                f"The Connect worker needs a Kafka broker, and none answers at "
                f"{self.bootstrap}. Start the lab first (`kafkalab up`, or Docker: "
                "`docker compose up -d`), then run `kafkalab up --connect`."
            )
        cp, plugins = self.jars()
        self.install_plugins(plugins)
        self.install_debezium()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.config_file.write_text(self.properties())
        cmd = java_command(
            MAIN_CLASS,
            [str(self.config_file)],
            heap=os.environ.get("KAFKALAB_CONNECT_HEAP", HEAP),
            log4j="log4j2-connect.properties",
            extra=[f"-Dkafka.logs.dir={self.log_dir}"],
            cp=cp,
        )
        self.process.spawn(cmd)
        # Ready when GET / answers and the worker lists its connectors (it has joined its
        # group and read the config topic): a REST call made earlier would get HTTP 503.
        self.process.wait_ready(
            lambda: self.info(timeout=1.0) is not None and self.connectors() is not None,
            timeout,
            URL,
        )

    def stop(self, timeout: float = 30.0) -> None:
        self.process.stop(timeout)

    def wipe(self) -> None:
        """Stop the worker, delete its internal topics on the broker (if it answers) and its
        folder: the next start is a new, empty Connect cluster."""
        self.stop()
        try:
            from kafkalab.admin import admin_client

            admin = admin_client(self.bootstrap, timeout_ms=5000)
            try:
                present = set(admin.list_topics()) & set(INTERNAL_TOPICS.values())
                if present:
                    admin.delete_topics(sorted(present))
                if GROUP_ID in {g["group_id"] for g in admin.list_groups()}:
                    admin.delete_groups([GROUP_ID])
            finally:
                admin.close()
        except Exception:  # no broker: nothing of the worker's to delete there
            pass
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------------ what it prints
    def summary_lines(self) -> list[str]:
        info = self.info() or {}
        return [
            f"Kafka Connect {info.get('version', KAFKA_VERSION)} (distributed mode), "
            f"REST API: {URL}",
            f"Kafka cluster: {self.bootstrap} (id {info.get('kafka_cluster_id', '?')})",
            f"Plugins: {self.plugin_dir} (plugin.path); log: {self.log_file}",
            'Environment for Lesson 17: eval "$(kafkalab env --connect)"',
        ]

    def status_lines(self) -> list[str]:
        connectors = self.connectors()
        count = "?" if connectors is None else str(len(connectors))
        return [
            f"connect: worker pid {self.pid() or '?'}, REST {URL}, {count} connectors; "
            f"Kafka {self.bootstrap}",
            f"  log: {self.log_file}",
        ]

    def env(self) -> dict[str, str]:
        return {"KAFKA_CONNECT_URL": URL}
