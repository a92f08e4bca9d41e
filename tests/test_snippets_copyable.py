"""Snippets are copyable: pasted into a fresh project, their imports resolve.

A fresh virtual environment gets only what a reader installs: the clients the README names
(kafka-python, confluent-kafka, pinned as in pyproject.toml) plus the packages that the page
including a snippet names in its front matter (`packages: [name==version, ...]`), or a notebook in
its metadata for its lesson's snippet folder. Every import of every snippet must resolve there,
and the course package must not be importable at all.
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
    # a pin may carry extras: confluent-kafka[avro,json,schemaregistry]==2.16.1
    wanted = [d for d in deps if d.split("==")[0].split("[")[0].strip() in READER_PACKAGES]
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
    # A notebook names its packages in its metadata ({"kafkalab": {"packages": [...]}}); they
    # apply to the files of its lesson's snippet folder, which the notebook imports.
    for nb_path in sorted((ROOT / "docs").rglob("*.ipynb")):
        meta = json.loads(nb_path.read_text(encoding="utf-8"))["metadata"].get("kafkalab", {})
        named = [str(p) for p in meta.get("packages", [])]
        for snippet in sorted((SNIPPETS / nb_path.stem).glob("*.py")):
            path = str(snippet.relative_to(ROOT))
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


def page_interpreters() -> dict[str, str]:
    """Snippet path -> the service whose own virtualenv runs it (front matter `python: NAME`,
    e.g. Lesson 16's `streams`: Quix Streams cannot share the reader's confluent-kafka)."""
    found: dict[str, str] = {}
    for page_path in sorted((ROOT / "docs").rglob("*.md")):
        page = parse_page(page_path, ROOT)
        if page.python:
            for block in page.blocks:
                for inc in block.includes:
                    found[inc.split(":")[0]] = page.python
    return found


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
    own = page_interpreters()  # snippets run by a service's own virtualenv are checked there
    for f, ms in modules.items():
        if str(f.relative_to(ROOT)) in own:
            continue
        missing = sorted(m for m in ms if not found.get(m) and m not in local)
        if missing:
            rel = f.relative_to(ROOT)
            problems.append(f"{rel}: {', '.join(missing)} not importable in a fresh venv")
    assert not problems, (
        "snippets must import only what a reader installs "
        f"({', '.join(reader_requirements())}, plus a page's `packages:`):\n" + "\n".join(problems)
    )


def test_snippets_of_a_page_with_its_own_python_import_only_what_it_installs() -> None:
    """A page's `python: NAME` environment (kafkalab/services.py) has its own pins: its
    snippets must import only from it (and their siblings), never the course package."""
    from kafkalab.services import service

    by_service: dict[str, list[Path]] = {}
    for rel, name in page_interpreters().items():
        by_service.setdefault(name, []).append(ROOT / rel)
    for name, files in sorted(by_service.items()):
        svc = service(name)
        svc.start()  # builds the virtualenv when missing
        local = {f.stem for f in (ROOT / "snippets").rglob("*.py")}
        wanted = sorted({m for f in files for m in imported_modules(f)} | {"kafkalab"})
        proc = subprocess.run(
            [svc.python, "-c", CHECK, json.dumps(wanted)],  # type: ignore[attr-defined]
            capture_output=True,
            text=True,
            timeout=120,
            cwd="/",
        )
        assert proc.returncode == 0, proc.stderr
        found = json.loads(proc.stdout)
        assert found["kafkalab"] is False, f"{name}: must not see the course package"
        missing = sorted(m for m in wanted if m != "kafkalab" and not found[m] and m not in local)
        assert not missing, f"{name} cannot import {missing} ({sorted(map(str, files))})"
