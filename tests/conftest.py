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


# The test modules whose outcome cannot depend on where the lab's broker runs (KAFKALAB_MODE):
# static checks of the repository and the site, and the services that run natively in every
# mode. CI's Docker pass deselects them with -m "not mode_independent": its native pass ran them
# on the same tree. Every other module runs in both modes; test_every_module_is_classified keeps
# a new module from being left out by accident.
MODE_INDEPENDENT = {
    "test_config_reference.py": "reads the Kafka jars and the clients' sources",
    "test_connect.py": "the Connect worker runs natively in both modes (Lesson 17 runs per mode)",
    "test_coverage_map.py": "reads pages and anchors",
    "test_isolation.py": "reads pages and snippets",
    "test_lint_blocks.py": "shellcheck over the pages' shell blocks",
    "test_pair.py": "the pair service runs natively in both modes (Lesson 18 runs per mode)",
    "test_postgres.py": "PostgreSQL runs natively in both modes",
    "test_racks.py": "the racks cluster runs natively in both modes",
    "test_registry.py": "the registry runs natively in both modes",
    "test_runner_contract.py": "pins what the runner uses of pytest-markdown-docs",
    "test_secure_lab.py": "the secure lab runs natively in both modes",
    "test_services.py": "the services registry and the CLI flags it gives",
    "test_site.py": "the site's build, nav and snippet references",
    "test_snippets_copyable.py": "imports in a fresh virtualenv",
    "test_standard.py": "budgets measured on the built site",
    "test_streams.py": "the stream-processing virtualenv",
    "test_workflow.py": "the workflow's YAML",
}
PER_MODE = {
    "test_docker.py",
    "test_lab.py",
    "test_modes.py",
    "test_parallel.py",
    "test_report.py",
    "test_runner.py",
    "test_runner_kinds.py",
}


def pytest_collection_modifyitems(config, items) -> None:
    for item in items:
        if item.path.name in MODE_INDEPENDENT:
            item.add_marker(pytest.mark.mode_independent)
