"""Glue for the site-level tests. The page runner itself is the plugin kafkalab.docs.pytest_plugin
(loaded from pyproject.toml), which also provides the `kafka_single` and `kafka_cluster` fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def project_root() -> Path:
    return ROOT


ARTIFACTS = ROOT / "test-artifacts"
_timings: dict[str, float] = {}


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The site built with `mkdocs build --strict` (once per session), in test-artifacts/site.

    KAFKALAB_BUILT_SITE=DIR uses a site already built there instead (while authoring only: the
    strict build is part of what the tests check)."""
    import os
    import subprocess
    import sys
    import time

    if os.environ.get("KAFKALAB_BUILT_SITE"):
        return Path(os.environ["KAFKALAB_BUILT_SITE"]).resolve()

    site = ARTIFACTS / "site"
    t0 = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    _timings["mkdocs build --strict"] = time.monotonic() - t0
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{proc.stdout}\n{proc.stderr}", pytrace=False)
    return site


def pytest_terminal_summary(terminalreporter) -> None:
    for name, seconds in _timings.items():
        terminalreporter.write_line(f"{name}: {seconds:.1f} s")
    standard = __import__("sys").modules.get("tests.standard")
    if standard is not None and standard.RESULTS:
        terminalreporter.section("lesson standard: budgets (docs/contributing/lesson-standard.md)")
        terminalreporter.write_line(standard.table(standard.RESULTS))
