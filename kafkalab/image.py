"""Build the course's Kafka image (docker/Dockerfile) from the jars the native lab uses.

    python -m kafkalab.image [--base IMAGE] [--tag TAG]      (or `make image`)

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
    (dest / "tools.txt").write_text(tools_txt())
    from kafkalab.native import jmx_exporter_config, jmx_exporter_jar

    jmx = dest / "jmx"  # the Prometheus JMX exporter agent and its rules
    jmx.mkdir()
    agent = jmx_exporter_jar()
    if agent is None:
        raise LabError("The Prometheus JMX exporter agent could not be downloaded (see above).")
    shutil.copy2(agent, jmx / "jmx_prometheus_javaagent.jar")
    shutil.copy2(jmx_exporter_config(), jmx / "jmx-exporter.yml")


def build(tag: str = LAB_IMAGE, base: str | None = None, quiet: bool = False) -> float:
    """Build the image; returns the seconds it took."""
    if shutil.which("docker") is None:
        raise LabError("`docker` is not on PATH: install Docker to build the image.")
    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kafkalab-image-") as tmp:
        ctx = Path(tmp)
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
    p.add_argument("--tag", default=LAB_IMAGE, help=f"image name (default {LAB_IMAGE})")
    p.add_argument(
        "--base",
        default=None,
        help="base image (default debian:bookworm-slim; docker/build-base.sh makes one without a registry)",
    )
    p.add_argument("-q", "--quiet", action="store_true")
    args = p.parse_args(argv)
    try:
        seconds = build(args.tag, args.base, args.quiet)
    except LabError as exc:
        sys.exit(f"kafkalab: {exc}")
    print(f"image {args.tag} (Kafka {KAFKA_VERSION}) built in {seconds:.1f} s")


if __name__ == "__main__":
    main()
