"""The `registry` service: a schema registry with the Confluent REST API (Lesson 15).

Apicurio Registry 3.0.9 (Apache License 2.0), the ``-all.tar.gz`` of
``io.apicurio:apicurio-registry-app`` from Maven Central, run natively on Java 17+:

* on 127.0.0.1:8081, its Confluent-compatible API at ``/apis/ccompat/v7``, which
  confluent-kafka's ``SchemaRegistryClient`` and its Avro / JSON Schema serializers speak;
* in-memory storage (an embedded H2 database): a restart starts with no schemas;
* a small heap (``-Xmx384m``), the serial collector and the C1 compiler only, which start it
  in seconds and keep it under 200 MB on a laptop.

Maven downloads the archive once into ``~/.m2``; it is unpacked under
``$KAFKALAB_HOME/apicurio-registry-<version>/`` and shared by every start. The running
registry's pid file and log are under ``$KAFKALAB_HOME/registry/``. 3.0.9 is the newest
release that runs on Java 17 (3.3.x needs Java 21).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import lab_home
from kafkalab.process import NativeProcess, port_in_use, port_taken_error, require_java

VERSION = "3.0.9"
ARTIFACT = f"io.apicurio:apicurio-registry-app:{VERSION}:tar.gz:all"
RUNNER = f"apicurio-registry-app-{VERSION}-runner.jar"
HOST, PORT = "127.0.0.1", 8081
BASE_URL = f"http://{HOST}:{PORT}"
CCOMPAT_URL = f"{BASE_URL}/apis/ccompat/v7"
HEALTH_URL = f"{BASE_URL}/health/ready"
HEAP = "384m"


def _health() -> bool:
    """Whether a registry answers its readiness check with status UP."""
    try:
        with urllib.request.urlopen(HEALTH_URL, timeout=2) as resp:
            return resp.status == 200 and json.load(resp).get("status") == "UP"
    except (OSError, ValueError):
        return False


def _ccompat_answers() -> bool:
    """Whether the Confluent-compatible API answers (GET /subjects)."""
    try:
        with urllib.request.urlopen(f"{CCOMPAT_URL}/subjects", timeout=2) as resp:
            return resp.status == 200 and isinstance(json.load(resp), list)
    except (OSError, ValueError):
        return False


class RegistryService:
    """Apicurio Registry, natively on this machine: download, start, wait, stop."""

    name = "registry"
    help = f"a schema registry (Apicurio Registry {VERSION}, Confluent API) on {HOST}:{PORT}"

    def __init__(self, home: Path | None = None) -> None:
        self.home = home or lab_home()
        self.root = self.home / "registry"

    # paths
    @property
    def dist(self) -> Path:
        return self.home / f"apicurio-registry-{VERSION}"

    @property
    def pid_file(self) -> Path:
        return self.root / "registry.pid"

    @property
    def log_file(self) -> Path:
        return self.root / "registry.log"

    # the application, once
    def install(self) -> Path:
        """The runner jar, downloading (Maven) and unpacking the archive on first use."""
        runner = self.dist / RUNNER
        if runner.exists():
            return runner
        if shutil.which("mvn") is None:
            raise LabError(
                "Maven (`mvn`) is needed once, to download Apicurio Registry from Maven "
                "Central. Install it (e.g. `apt-get install maven`) and try again."
            )
        self.home.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(dir=self.home, prefix=".registry-") as tmp:
            print(
                f"kafkalab: downloading Apicurio Registry {VERSION} with Maven ...",
                file=sys.stderr,
            )
            proc = subprocess.run(
                ["mvn", "-q", "-B", "dependency:copy", f"-Dartifact={ARTIFACT}",
                 f"-DoutputDirectory={tmp}"],
                capture_output=True,
                text=True,
                cwd=tmp,
            )  # fmt: skip
            archives = list(Path(tmp).glob("*.tar.gz"))
            if proc.returncode != 0 or not archives:
                raise LabError(
                    f"Maven could not download {ARTIFACT}:\n" + (proc.stdout + proc.stderr)[-3000:]
                )
            unpacked = Path(tmp) / "app"
            with tarfile.open(archives[0]) as tar:
                tar.extractall(unpacked, filter="data")
            if not (unpacked / RUNNER).exists():
                raise LabError(f"{archives[0].name} has no {RUNNER}; the download is damaged.")
            shutil.rmtree(self.dist, ignore_errors=True)
            unpacked.rename(self.dist)
        return runner

    # the process
    @property
    def process(self) -> NativeProcess:
        return NativeProcess("the schema registry", self.pid_file, RUNNER, [self.log_file])

    def pid(self) -> int | None:
        """The registry's pid if the process this lab started is alive."""
        return self.process.pid()

    def command(self, java: str, runner: Path) -> list[str]:
        return [
            java,
            f"-Xmx{HEAP}",
            "-Xms64m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-Djava.awt.headless=true",
            f"-Dquarkus.http.host={HOST}",
            f"-Dquarkus.http.port={PORT}",
            "-Dquarkus.log.console.color=false",
            "-jar",
            str(runner),
        ]

    def start(self, timeout: float = 120.0) -> None:
        if self.pid() is not None and _health():
            return
        if self.pid() is None and port_in_use(HOST, PORT):
            if _health() and _ccompat_answers():
                return  # a registry someone else started: use it as it is
            raise port_taken_error("the schema registry", HOST, PORT, "kafkalab up --registry")
        java = require_java(f"Apicurio Registry {VERSION}", "kafkalab up --registry")
        runner = self.install()
        if self.pid() is None:
            self.process.spawn(self.command(java, runner), cwd=self.root)
        self.process.wait_ready(_health, timeout, HEALTH_URL)

    def stop(self, timeout: float = 20.0) -> None:
        self.process.stop(timeout)

    def wipe(self) -> None:
        """Stop it and delete its run directory (its schemas live in memory only)."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def running(self) -> bool:
        return _health()

    def summary_lines(self) -> list[str]:
        return [
            f"Apicurio Registry {VERSION} at {BASE_URL} (in-memory: a restart forgets "
            "every schema)",
            f"Confluent-compatible API: {CCOMPAT_URL}",
            f"Log: {self.log_file}",
            'Point your shell at it: eval "$(kafkalab env --registry)"',
        ]

    def status_lines(self) -> list[str]:
        pid = self.pid()
        who = f"pid {pid}" if pid else "not started by kafkalab"
        return [
            f"registry: Apicurio Registry {VERSION} at {CCOMPAT_URL} ({who})",
            f"  log: {self.log_file}",
        ]

    def env(self) -> dict[str, str]:
        return {"SCHEMA_REGISTRY_URL": CCOMPAT_URL}
