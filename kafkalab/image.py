"""Build the course's Kafka image (docker/Dockerfile) from the jars the native lab uses.

    python -m kafkalab.image [--base IMAGE] [--tag TAG]      (or `make image`)
    python -m kafkalab.image --registry [--base IMAGE]       (or `make registry-image`)

The build context is docker/ plus the jars Maven resolved for the native lab (``libs/``), the
tool list (``tools.txt``, from kafkalab.tools) and the Prometheus JMX exporter agent with its
rules (``jmx/``), so both labs run exactly the same Kafka and serve the same metrics.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from kafkalab.errors import LabError
from kafkalab.versions import KAFKA_VERSION, LAB_IMAGE

REGISTRY_IMAGE = "kafkalab/apicurio-registry:3.0.9"  # docker-compose.yml's `registry` profile

DOCKER_DIR = Path(__file__).resolve().parent.parent / "docker"
CONTEXT_FILES = (
    "Dockerfile",
    "run",
    "kafka-tool",
    "kafka-server-start.sh",
    "log4j2.properties",
    "tools-log4j2.properties",
)


def tools_txt() -> str:
    from kafkalab.tools import IMAGE_ONLY_TOOLS, MAIN_CLASSES

    tools = {**MAIN_CLASSES, **IMAGE_ONLY_TOOLS}
    return "".join(f"{name} {main}\n" for name, main in sorted(tools.items()))


def build_context(dest: Path) -> None:
    """Write the build context (docker/ files, the jars, tools.txt) into `dest`."""
    from kafkalab.native import classpath

    if not (DOCKER_DIR / "Dockerfile").exists():
        raise LabError(
            f"{DOCKER_DIR}/Dockerfile is missing: build the image from the course's clone."
        )
    for name in CONTEXT_FILES:
        shutil.copy2(DOCKER_DIR / name, dest / name)
    libs = dest / "libs"
    libs.mkdir()
    for jar in classpath().split(":"):
        target = libs / Path(jar).name
        try:
            target.hardlink_to(jar)  # no copy of 56 MB when the context is on the same disk
        except OSError:
            shutil.copy2(jar, target)
    # Kafka Connect's file connectors (the compose `connect` profile) in a plugin folder of
    # their own, off the classpath as in Apache Kafka's distribution (KAFKA-13748), and the
    # MirrorMaker 2 jars (the `pair` profile) on the classpath, as kafkalab runs them natively.
    from kafkalab.connect import ConnectService
    from kafkalab.pair import mirror_classpath

    _, plugins = ConnectService().jars()
    for jar in plugins:
        folder = dest / "plugins" / jar.name.rsplit("-", 1)[0]  # connect-file
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(jar, folder / jar.name)
    for jar in mirror_classpath().split(":"):
        if Path(jar).name.startswith("connect-mirror") and not (libs / Path(jar).name).exists():
            shutil.copy2(jar, libs / Path(jar).name)
    (dest / "tools.txt").write_text(tools_txt())
    from kafkalab.native import jmx_exporter_config, jmx_exporter_jar

    jmx = dest / "jmx"  # the Prometheus JMX exporter agent and its rules
    jmx.mkdir()
    agent = jmx_exporter_jar()
    if agent is None:
        raise LabError("The Prometheus JMX exporter agent could not be downloaded (see above).")
    shutil.copy2(agent, jmx / "jmx_prometheus_javaagent.jar")
    shutil.copy2(jmx_exporter_config(), jmx / "jmx-exporter.yml")


def registry_context(dest: Path) -> None:
    """The schema registry image's build context: docker/registry/Dockerfile and app/, the
    Apicurio Registry archive kafkalab/registry.py downloads (Maven) and unpacks."""
    from kafkalab.registry import RegistryService

    shutil.copy2(DOCKER_DIR / "registry" / "Dockerfile", dest / "Dockerfile")
    dist = RegistryService().install().parent
    for src in dist.rglob("*"):
        target = dest / "app" / src.relative_to(dist)
        if src.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            target.hardlink_to(src)
        except OSError:
            shutil.copy2(src, target)


def build(
    tag: str = LAB_IMAGE, base: str | None = None, quiet: bool = False, registry: bool = False
) -> float:
    """Build the Kafka image (or, with registry=True, the schema registry's); returns the
    seconds it took."""
    if shutil.which("docker") is None:
        raise LabError("`docker` is not on PATH: install Docker to build the image.")
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kafkalab-image-") as tmp:
        ctx = Path(tmp)
        if registry:
            from kafkalab.registry import VERSION

            registry_context(ctx)
            cmd = ["docker", "build", "-t", tag, "--build-arg", f"REGISTRY_VERSION={VERSION}"]
        else:
            build_context(ctx)
            cmd = ["docker", "build", "-t", tag, "--build-arg", f"KAFKA_VERSION={KAFKA_VERSION}"]
        if base:
            cmd += ["--build-arg", f"BASE_IMAGE={base}"]
        if quiet:
            cmd.append("-q")
        proc = subprocess.run([*cmd, str(ctx)])
    if proc.returncode != 0:
        raise LabError(f"`{' '.join(cmd)}` failed (exit {proc.returncode}); its output is above.")
    return time.monotonic() - t0


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(
        prog="python -m kafkalab.image", description=__doc__.split("\n\n")[0]
    )
    p.add_argument("--tag", default=None, help=f"image name (default {LAB_IMAGE})")
    p.add_argument(
        "--registry",
        action="store_true",
        help=f"build the schema registry's image instead (default tag {REGISTRY_IMAGE})",
    )
    p.add_argument(
        "--base",
        default=None,
        help="base image (default debian:bookworm-slim; docker/build-base.sh makes one without a registry)",
    )
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    try:
        tag = args.tag or (REGISTRY_IMAGE if args.registry else LAB_IMAGE)
        seconds = build(tag, args.base, args.quiet, registry=args.registry)
    except LabError as exc:
        sys.exit(f"kafkalab: {exc}")
    what = "the schema registry" if args.registry else f"Kafka {KAFKA_VERSION}"
    print(f"image {tag} ({what}) built in {seconds:.1f} s")


if __name__ == "__main__":
    main()
