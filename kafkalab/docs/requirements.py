"""What a page or a block may ask for: labs (front matter `lab:`) and requirements (`data-requires`).

Both are registries, so a later phase adds an entry here and nothing else:

* ``LABS`` maps a front-matter lab name to the session fixture that provides its bootstrap
  address (the fixtures live in ``kafkalab.docs.pytest_plugin`` or any conftest).
* ``REQUIREMENTS`` maps a ``data-requires`` name to a check that returns ``None`` when the
  requirement is met here, or the reason it is not (shown as the pytest skip reason).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from functools import cache

LABS: dict[str, str] = {
    "single": "kafka_single",
    "cluster": "kafka_cluster",
    "quorum": "kafka_quorum",
    "secure": "kafka_secure",
}


def register_lab(name: str, fixture: str) -> None:
    """Make `lab: <name>` in a page's front matter use the session fixture `fixture`."""
    LABS[name] = fixture


def lab_fixture(name: str) -> str:
    try:
        return LABS[name]
    except KeyError:
        raise LookupError(
            f"unknown lab {name!r} in the page's front matter (lab: ...); known labs: "
            f"{', '.join(sorted(LABS))}. A new lab is registered in kafkalab/docs/requirements.py "
            "(LABS) with the session fixture that starts it."
        ) from None


def _docker() -> str | None:
    if os.environ.get("KAFKALAB_NO_DOCKER") == "1":
        return "needs Docker; Docker is switched off here (KAFKALAB_NO_DOCKER=1)"
    if shutil.which("docker") is None:
        return "needs Docker; no `docker` command on PATH"
    try:
        proc = subprocess.run(
            ["docker", "info", "--format", "{{.ServerVersion}}"],
            capture_output=True,
            text=True,
            timeout=15,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"needs Docker; `docker info` did not answer ({type(exc).__name__})"
    if proc.returncode != 0:
        return "needs Docker; no Docker engine answers `docker info`"
    return None


def _java() -> str | None:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(os.path.join(java_home, "bin", "java"), os.X_OK):
        return None
    if shutil.which("java"):
        return None
    return "needs Java; no `java` on PATH and no JAVA_HOME"


REQUIREMENTS: dict[str, Callable[[], str | None]] = {
    "docker": _docker,
    "java": _java,
}


def register_requirement(name: str, check: Callable[[], str | None]) -> None:
    REQUIREMENTS[name] = check
    missing.cache_clear()


@cache
def missing(name: str) -> str | None:
    """Why requirement `name` is not met here, or None when it is (checked once a session)."""
    return REQUIREMENTS[name]()
