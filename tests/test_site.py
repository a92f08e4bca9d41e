"""The site as a whole: it builds strictly, every snippet is on a page, snippets are linted."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from kafkalab.docs.pages import INCLUDE_RE, load_site_config, parse_page
from kafkalab.docs.requirements import LABS

ROOT = Path(__file__).resolve().parent.parent


SNIPPET_PATH_RE = re.compile(r"\bsnippets/[\w./-]+?\.py\b")


def included_files() -> set[str]:
    """The snippet files a page runs: included with --8<--, or named by their path in a page
    (a shell block's `python snippets/...`, a notebook's import of its harness and its link)."""
    found = set()
    for page in [*(ROOT / "docs").rglob("*.md"), *(ROOT / "docs").rglob("*.ipynb")]:
        text = page.read_text()
        for line in text.split("\n"):
            m = INCLUDE_RE.match(line)
            if m:
                found.add(m.group(4).split(":")[0])
        found.update(SNIPPET_PATH_RE.findall(text))
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
    cfg = load_site_config(ROOT)  # MkDocs' own reader: !ENV, !relative, INHERIT, docs_dir
    docs = Path(cfg["docs_dir"])
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
    pages = {str(p.relative_to(docs)) for p in [*docs.rglob("*.md"), *docs.rglob("*.ipynb")]}
    assert pages == listed, (
        f"not in nav: {sorted(pages - listed)}; missing: {sorted(listed - pages)}"
    )


def test_pages_declare_a_known_lab_and_blocks_are_well_formed() -> None:
    for path in (ROOT / "docs").rglob("*.md"):
        page = parse_page(path, ROOT)
        assert page.lab in LABS, f"{path}: lab {page.lab!r} (known: {', '.join(LABS)})"
        for block in page.blocks:
            assert block.error is None, f"{block.where()}: {block.error}"


def test_home_page_lists_every_lesson_of_the_curriculum() -> None:
    home = (ROOT / "docs/index.md").read_text()
    numbers = [int(n) for n in re.findall(r"^\|\s*(\d+)\s*\|", home, flags=re.M)]
    assert numbers == list(range(1, 26)), numbers


# ----------------------------------------------------------------------------- the repository


def repo_url() -> str:
    """mkdocs.yml's repo_url: the one place the course's address is set."""
    m = re.search(r"^repo_url:\s*['\"]?([^'\"\s]+)", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert m and m.group(1).startswith("https://"), "mkdocs.yml needs repo_url: https://..."
    return m.group(1).rstrip("/")


def _article(html_file: Path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser").find("article")


def test_setup_page_starts_with_cloning_the_repository(built_site: Path) -> None:
    url = repo_url()
    article = _article(built_site / "start/setup/index.html")
    first_code_block = next(c for c in article.select("div.highlight code") if c.get_text().strip())
    assert first_code_block.get_text().startswith(f"git clone {url}.git\n"), (
        "the setup page's first command block must clone the repository (from mkdocs.yml's "
        f"repo_url); it is:\n{first_code_block.get_text()}"
    )
    assert f"cd {url.rsplit('/', 1)[-1]}" in first_code_block.get_text()
    assert url in {a.get("href", "").rstrip("/") for a in article.find_all("a")}
    for page in built_site.rglob("*.html"):
        assert "{{ repo_" not in page.read_text(encoding="utf-8"), f"{page}: placeholder left"


def test_snippet_titles_link_to_their_files(built_site: Path) -> None:
    url = repo_url()
    titles = 0
    for page in sorted((built_site / "lessons").glob("*/index.html")):
        for span in _article(page).select("span.filename"):
            path = span.get_text().split()[0]
            if not path.startswith("snippets/"):
                continue
            titles += 1
            link = span.find("a")
            assert link is not None, f"{page}: the title {span.get_text()!r} has no link"
            assert link["href"] == f"{url}/blob/main/{path}", f"{page}: {link['href']}"
            assert (ROOT / path).is_file(), f"{page}: the title names {path}, which is not a file"
    assert titles, "no snippet titles found on the lesson pages"
