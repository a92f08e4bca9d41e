"""The Kafka CLI tools under their usual names, as thin shims over the jars' main classes.

`pip install -e .` puts `kafka-topics.sh`, `kafka-consumer-groups.sh`, ... on PATH (console
scripts). Each one runs the same main class that Apache Kafka's own `bin/*.sh` script runs, so
a page's shell commands read exactly like the Kafka documentation.

When the lab runs in Docker (KAFKALAB_MODE=docker, or a Docker lab is running and no native one),
the shim runs the tool inside a container of the lab instead (`docker exec`), so no Java is needed
on the host. Host addresses of the lab (127.0.0.1:<published port>) become the in-container ones
(127.0.0.1:<native port>), host files given to file options are copied in, stdin passes through,
the exit status comes back, and a signal to the shim stops the tool inside the container.
A tool that reads a broker's files (`kafka-dump-log.sh --files PATH`) runs in the container
that has PATH (each node of a multi-node lab has its own data directory); the others run in
a container no failure drill stops (a multi-node lab's network placeholder).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.native import java_command

# tool name -> main class, as in Kafka 4.3's bin/ scripts.
MAIN_CLASSES: dict[str, str] = {
    "kafka-topics.sh": "org.apache.kafka.tools.TopicCommand",
    "kafka-console-producer.sh": "org.apache.kafka.tools.ConsoleProducer",
    "kafka-console-consumer.sh": "org.apache.kafka.tools.consumer.ConsoleConsumer",
    "kafka-consumer-groups.sh": "org.apache.kafka.tools.consumer.group.ConsumerGroupCommand",
    "kafka-share-groups.sh": "org.apache.kafka.tools.consumer.group.ShareGroupCommand",
    "kafka-configs.sh": "kafka.admin.ConfigCommand",
    "kafka-acls.sh": "org.apache.kafka.tools.AclCommand",
    "kafka-dump-log.sh": "org.apache.kafka.tools.DumpLogSegments",
    "kafka-producer-perf-test.sh": "org.apache.kafka.tools.ProducerPerformance",
    "kafka-consumer-perf-test.sh": "org.apache.kafka.tools.ConsumerPerformance",
    "kafka-metadata-quorum.sh": "org.apache.kafka.tools.MetadataQuorumCommand",
    "kafka-features.sh": "org.apache.kafka.tools.FeatureCommand",
    "kafka-get-offsets.sh": "org.apache.kafka.tools.GetOffsetShell",
    "kafka-leader-election.sh": "org.apache.kafka.tools.LeaderElectionCommand",
    "kafka-reassign-partitions.sh": "org.apache.kafka.tools.reassign.ReassignPartitionsCommand",
    "kafka-storage.sh": "kafka.tools.StorageTool",
    "kafka-log-dirs.sh": "org.apache.kafka.tools.LogDirsCommand",
    "kafka-broker-api-versions.sh": "org.apache.kafka.tools.BrokerApiVersionsCommand",
}

# Only inside the course's image (docker/kafka-tool): the official image has them too.
IMAGE_ONLY_TOOLS: dict[str, str] = {
    "kafka-run-class.sh": "(the class named by the first argument)",
    # the compose `connect` and `pair` profiles run these in the image
    "connect-distributed.sh": "org.apache.kafka.connect.cli.ConnectDistributed",
    "connect-mirror-maker.sh": "org.apache.kafka.connect.mirror.MirrorMaker",
}


def main() -> None:
    """Entry point of every shim: the script's own name says which tool to run."""
    name = Path(sys.argv[0]).name
    if name not in MAIN_CLASSES:
        names = ", ".join(sorted(MAIN_CLASSES))
        sys.exit(f"kafkalab: unknown Kafka tool {name!r}; the shims are: {names}")
    try:
        route = tools_route()
    except LabError as exc:
        sys.exit(f"{name}: {exc}")
    if route == "docker" and not names_native_only_lab(sys.argv[1:]):
        sys.exit(run_in_container(name, sys.argv[1:]))
    run(name, sys.argv[1:])


def native_only_ports() -> set[int]:
    """The ports of the clusters that run natively in every mode, having no container: the
    secure lab (Lesson 14), and each service's own cluster (its `kafka_ports`, e.g. Lesson
    18's backup cluster and Lesson 20's racks)."""
    from kafkalab import secure
    from kafkalab.services import SERVICES, service_class

    ports = {secure.SASL_PORT, secure.SSL_PORT, secure.CONTROLLER_PORT}
    for name in SERVICES:
        ports |= set(getattr(service_class(name), "kafka_ports", ()))
    return ports


def names_native_only_lab(args: list[str]) -> bool:
    """Whether the tool is pointed at a cluster that runs natively in every mode
    (native_only_ports()): then it runs natively, in Docker mode too."""
    ports = native_only_ports()
    return any(int(m.group(2)) in ports for a in args for m in ADDRESS.finditer(a))


def tools_route(env: dict[str, str] | None = None) -> str:
    """ "native" or "docker": where the tools run. An explicit mode wins; otherwise a running
    native lab, then a running Docker lab, then native."""
    from kafkalab.provision import configured_mode

    env = dict(os.environ) if env is None else env
    mode = configured_mode(env)
    if mode:
        return mode
    from kafkalab.native import TOPOLOGIES, NativeLab

    if any(NativeLab(t).running_nodes() for t in TOPOLOGIES.values()):
        return "native"
    if shutil.which("docker"):
        from kafkalab.docker_lab import lab_containers

        try:
            if any(c.running for c in lab_containers()):
                return "docker"
        except LabError:
            pass
    return "native"


# Options whose value is a file the tool reads: a host file there is copied into the container.
FILE_OPTIONS = {
    "--command-config",
    "--config-file",
    "--add-config-file",
    "--producer.config",
    "--consumer.config",
    "--admin.config",
    "--reader-config",
    "--reassignment-json-file",
    "--topics-to-move-json-file",
    "--path-to-json-file",
    "--offsets-json-file",
    "--from-file",
    "--formatter-config",
    "--payload-file",  # kafka-producer-perf-test.sh
}
ADDRESS = re.compile(r"\b(localhost|127\.0\.0\.1):(\d+)\b")


def translate_addresses(arg: str, host_to_container: dict[int, int]) -> str:
    """127.0.0.1:<host port> (or localhost:) -> the same host name with the in-container port."""
    return ADDRESS.sub(
        lambda m: f"{m.group(1)}:{host_to_container.get(int(m.group(2)), int(m.group(2)))}", arg
    )


def labs_named(args: list[str]) -> list[str]:
    """The labs whose in-container ports the arguments name (single, then cluster, if none)."""
    from kafkalab.native import TOPOLOGIES

    ports = {int(m.group(2)) for a in args for m in ADDRESS.finditer(a)}
    lab_ports = {
        name: {p for n in t.nodes for p in (n.broker_port, n.controller_port) if p}
        for name, t in TOPOLOGIES.items()
    }
    return [name for name, p in lab_ports.items() if ports & p] or ["single", "cluster"]


def pick_container(containers: list, args: list[str]):
    """The running container to run a tool in: of the lab whose ports the arguments name (the
    single broker otherwise); in a multi-node lab, the one no drill stops: its network
    placeholder (same image, so it has the tools), else its dedicated controller."""
    running = [c for c in containers if c.running]
    for lab in labs_named(args):
        in_lab = [c for c in running if c.lab == lab]
        in_lab.sort(key=lambda c: (not c.is_net, c.role != "controller", c.node_id))
        if in_lab:
            return in_lab[0]
    return None


def files_read(args: list[str]) -> list[str]:
    """The broker files a tool reads: the paths of `--files a,b` (kafka-dump-log.sh)."""
    for i, arg in enumerate(args):
        if arg == "--files" and i + 1 < len(args):
            return [f for f in args[i + 1].split(",") if f]
        if arg.startswith("--files="):
            return [f for f in arg.split("=", 1)[1].split(",") if f]
    return []


def container_with_file(containers: list, path: str, labs: list[str]):
    """The running Kafka container that has `path` (the lab of `labs` first), or None."""
    candidates = [c for c in containers if c.running and not c.is_net]
    candidates.sort(key=lambda c: (c.lab not in labs, c.role == "controller", c.node_id))
    for c in candidates:
        probe = subprocess.run(
            ["docker", "exec", c.id, "test", "-e", path], capture_output=True, timeout=30
        )
        if probe.returncode == 0:
            return c
    return None


def docker_exec_command(
    container: str, name: str, args: list[str], token: str, tty: bool
) -> list[str]:
    heap = os.environ.get("KAFKALAB_TOOLS_HEAP", "256m")
    # The tool's pid goes to a file, so that a signal to the shim can stop it in the container.
    wrapper = f'echo $$ > /tmp/kafkalab-tool-{token}.pid; exec "$0" "$@"'
    return [
        "docker",
        "exec",
        "-i",
        *(["-t"] if tty else []),
        "-e",
        f"KAFKA_HEAP_OPTS=-Xmx{heap}",
        container,
        "sh",
        "-c",
        wrapper,
        f"/opt/kafka/bin/{name}",
        *args,
    ]


def run_in_container(name: str, args: list[str]) -> int:
    """Run the tool inside the lab's container; returns its exit status."""
    from kafkalab.docker_lab import docker, lab_containers

    try:
        containers = lab_containers()
    except LabError as exc:
        print(f"{name}: {exc}", file=sys.stderr)
        return 1
    host_to_container = {c.host_port: c.port for c in containers if c.host_port and c.port}
    args = [translate_addresses(a, host_to_container) for a in args]
    if not any(ADDRESS.search(a) for a in args):
        # A tool that names no address (kafka-dump-log.sh) runs in the lab the shell points at,
        # in the container that has the files it reads.
        hint = [
            translate_addresses(os.environ.get("KAFKA_BOOTSTRAP_SERVERS", ""), host_to_container)
        ]
        target = None
        files = files_read(args)
        if files:
            target = container_with_file(containers, files[0], labs_named(hint))
        target = target or pick_container(containers, hint)
    else:
        target = pick_container(containers, args)
    if target is None:
        print(
            f"{name}: the lab runs in Docker mode, but no lab container is running. "
            "Start one with `kafkalab up` (or `kafkalab up --cluster`, or `docker compose up -d`).",
            file=sys.stderr,
        )
        return 1
    token = uuid.uuid4().hex[:12]
    copied = False
    for i, arg in enumerate(args[:-1]):
        value = args[i + 1]
        if arg in FILE_OPTIONS and Path(value).is_file():
            inside = f"/tmp/kafkalab-tool-{token}-{Path(value).name}"
            try:
                docker("cp", str(Path(value).resolve()), f"{target.id}:{inside}")
                # `docker cp` keeps the host file's owner and mode (tempfile makes 0600 files
                # of the host user): let the container's user read it.
                docker("exec", "-u", "0", target.id, "chmod", "a+r", inside)
            except LabError as exc:
                print(f"{name}: could not copy {value} into {target.name}: {exc}", file=sys.stderr)
                return 1
            args[i + 1] = inside
            copied = True
    tty = sys.stdin.isatty() and sys.stdout.isatty()
    sys.stdout.flush()
    proc = subprocess.Popen(
        docker_exec_command(target.id, name, args, token, tty),
        stdout=None if tty else subprocess.PIPE,
    )

    def stop_tool(signum: int, _frame) -> None:
        subprocess.run(
            [
                "docker",
                "exec",
                target.id,
                "sh",
                "-c",
                f"kill -TERM $(cat /tmp/kafkalab-tool-{token}.pid) 2>/dev/null",
            ],
            capture_output=True,
            timeout=30,
        )
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        sys.exit(128 + signum)

    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, stop_tool)
    if proc.stdout is not None:
        forward_output(proc.stdout.fileno())
    status = proc.wait()
    if copied:
        subprocess.run(
            ["docker", "exec", target.id, "sh", "-c", f"rm -f /tmp/kafkalab-tool-{token}*"],
            capture_output=True,
            timeout=30,
        )
    return status


def forward_output(fd: int) -> None:
    """Copy the tool's output to ours as it comes. When our reader goes away (`| head`), the
    rest is dropped and the tool runs to its end, as a native Kafka tool does (the JVM ignores
    SIGPIPE): `docker` itself would die of SIGPIPE and fail the pipeline."""
    out = sys.stdout.fileno()
    while chunk := os.read(fd, 65536):
        if out < 0:
            continue
        try:
            while chunk:
                chunk = chunk[os.write(out, chunk) :]
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, out)  # nothing more reaches the closed pipe, even at exit
            os.close(devnull)
            out = -1


def run(name: str, args: list[str]) -> None:
    """Replace this process with the tool's JVM (so signals and exit codes pass through)."""
    try:
        cmd = java_command(
            MAIN_CLASSES[name],
            args,
            heap=os.environ.get("KAFKALAB_TOOLS_HEAP", "256m"),
            log4j="log4j2-tools.properties",
        )
    except LabError as exc:
        sys.exit(f"{name}: {exc}")
    sys.stdout.flush()
    os.execv(cmd[0], cmd)
