"""The site as a whole: it builds strictly, every snippet is on a page, snippets are linted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

from kafkalab.docs.pages import INCLUDE_RE, parse_page

ROOT = Path(__file__).resolve().parent.parent


def included_files() -> set[str]:
    found = set()
    for page in (ROOT / "docs").rglob("*.md"):
        for line in page.read_text().split("\n"):
            m = INCLUDE_RE.match(line)
            if m:
                found.add(m.group(4).split(":")[0])
    return found


def test_mkdocs_build_strict(built_site: Path) -> None:
    assert (built_site / "index.html").exists()
    assert (built_site / "lessons/01-what-is-kafka/index.html").exists()


def test_every_snippet_is_included_by_a_page() -> None:
    snippets = {str(p.relative_to(ROOT)) for p in (ROOT / "snippets").rglob("*.py")}
    orphans = sorted(snippets - included_files())
    assert not orphans, f"snippet files no page includes (so no test runs them): {orphans}"


def test_snippets_pass_ruff() -> None:
    for args in (["check", "snippets"], ["format", "--check", "snippets"]):
        proc = subprocess.run(
            [sys.executable, "-m", "ruff", *args], cwd=ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 0, f"ruff {' '.join(args)}:\n{proc.stdout}{proc.stderr}"


def test_every_page_is_in_the_nav_and_every_nav_entry_exists() -> None:
    cfg = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=_Loader)
    listed: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, str):
            listed.add(node)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)

    walk(cfg["nav"])
    pages = {str(p.relative_to(ROOT / "docs")) for p in (ROOT / "docs").rglob("*.md")}
    assert pages == listed, (
        f"not in nav: {sorted(pages - listed)}; missing: {sorted(listed - pages)}"
    )


def test_pages_declare_a_known_lab_and_blocks_are_well_formed() -> None:
    for path in (ROOT / "docs").rglob("*.md"):
        page = parse_page(path, ROOT)
        assert page.lab in ("single", "cluster"), f"{path}: lab {page.lab!r}"
        for block in page.blocks:
            assert block.error is None, f"{block.where()}: {block.error}"


def test_home_page_lists_every_lesson_of_the_curriculum() -> None:
    home = (ROOT / "docs/index.md").read_text()
    numbers = [int(n) for n in re.findall(r"^\|\s*(\d+)\s*\|", home, flags=re.M)]
    assert numbers == list(range(1, 26)), numbers


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
