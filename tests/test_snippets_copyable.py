"""Snippets are copyable: pasted into a fresh project, their imports resolve.

A fresh virtual environment gets only what a reader installs: the clients the README names
(kafka-python, confluent-kafka, pinned as in pyproject.toml) plus the packages that the page
including a snippet names in its front matter (`packages: [name==version, ...]`). Every import of
every snippet must resolve there, and the course package must not be importable at all.
"""

from __future__ import annotations

import ast
import json
import subprocess
import tomllib
import venv
from pathlib import Path

import pytest

from kafkalab.docs.pages import parse_page

ROOT = Path(__file__).resolve().parents[1]
SNIPPETS = ROOT / "snippets"
# The clients every page may use; the pins come from pyproject.toml.
READER_PACKAGES = ("kafka-python", "confluent-kafka")


def reader_requirements() -> list[str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    wanted = [d for d in deps if d.split("==")[0].strip() in READER_PACKAGES]
    assert len(wanted) == len(READER_PACKAGES), f"pyproject.toml must pin {READER_PACKAGES}"
    return wanted


def page_packages() -> dict[str, list[str]]:
    """Snippet path -> extra packages named by the pages that include it."""
    extra: dict[str, list[str]] = {}
    for page_path in sorted((ROOT / "docs").rglob("*.md")):
        page = parse_page(page_path, ROOT)
        named = [str(p) for p in page.meta.get("packages", [])]
        for block in page.blocks:
            for inc in block.includes:
                path = inc.split(":")[0]
                extra.setdefault(path, [])
                extra[path].extend(p for p in named if p not in extra[path])
    return extra


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports (relative imports excluded)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_imported_modules_reads_nested_imports(tmp_path: Path) -> None:
    f = tmp_path / "x.py"
    f.write_text("import os\nfrom kafka.admin import X\ndef f():\n    import kafkalab.course\n")
    assert imported_modules(f) == {"os", "kafka", "kafkalab"}


@pytest.fixture(scope="session")
def reader_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the reader's packages (and the ones pages name)."""
    where = tmp_path_factory.mktemp("reader-venv")
    venv.EnvBuilder(with_pip=True).create(where)
    python = where / "bin" / "python"
    extra = sorted({p for pkgs in page_packages().values() for p in pkgs})
    proc = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *reader_requirements(), *extra],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, f"pip install into a fresh venv failed:\n{proc.stderr[-3000:]}"
    return python


CHECK = """
import importlib.util, json, sys
result = {}
for name in json.loads(sys.argv[1]):
    try:
        result[name] = importlib.util.find_spec(name) is not None
    except Exception:
        result[name] = False
print(json.dumps(result))
"""


def test_every_snippet_imports_only_what_a_reader_installs(reader_env: Path) -> None:
    files = sorted(p for p in SNIPPETS.rglob("*.py") if "__pycache__" not in p.parts)
    assert files, "no snippets found"
    modules = {f: imported_modules(f) for f in files}
    local = {f.stem for f in files}  # a snippet may import a sibling file of its lesson
    wanted = sorted({m for ms in modules.values() for m in ms} | {"kafkalab"})
    proc = subprocess.run(
        [str(reader_env), "-c", CHECK, json.dumps(wanted)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert found["kafkalab"] is False, "the fresh environment must not see the course package"
    problems = []
    for f, ms in modules.items():
        missing = sorted(m for m in ms if not found.get(m) and m not in local)
        if missing:
            rel = f.relative_to(ROOT)
            problems.append(f"{rel}: {', '.join(missing)} not importable in a fresh venv")
    assert not problems, (
        "snippets must import only what a reader installs "
        f"({', '.join(reader_requirements())}, plus a page's `packages:`):\n" + "\n".join(problems)
    )
