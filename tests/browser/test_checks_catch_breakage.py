"""The browser checks' own tests: small throwaway sites, each broken in one way, must be caught.

Each site inherits the project's mkdocs.yml (theme, extensions, the Mermaid loader), so it builds
and renders exactly as the real site does; only its pages differ. A break is caught by whichever
layer sees it first: `mkdocs build --strict` (a missing include, a link to a missing page) or the
browser checks (an anchor or raw link to nothing, a diagram that does not render, a copy button
that copies other text than the runner executes).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kafkalab.docs.pages import parse_page

from . import sitecheck
from .sitecheck import ROOT

pytestmark = pytest.mark.browser

FENCE = "```"

PAGES = {
    "index.md": """\
        # Home

        [Diagrams](diagrams.md), [a section that is not there](diagrams.md#no-such-section)
        and <a href="gone/">a page that is not there</a>; [a good anchor](code.md#two-blocks).
        """,
    "diagrams.md": """\
        # Diagrams

        ~~~mermaid
        flowchart LR
            A[good] --> B[diagram]
        ~~~

        ~~~mermaid
        flowchart LR
            A[broken] -->
        ~~~
        """,
    "code.md": """\
        # Code

        ## Two blocks

        ~~~{.python}
        print("copied as it runs")
        ~~~

        ~~~{.python}
        print("the annotation marker is not copied")  # (1)!
        ~~~

        1.  Material turns this comment into an annotation, and leaves it out of the copy.

        === "First tab"

            ~~~{.python}
            print("in the first tab")
            ~~~

        === "Second tab"

            ~~~{.python}
            print("in the second tab")
            ~~~

        ??? note "Collapsed"

            ~~~{.python}
            print("in a collapsed note")
            ~~~
        """,
    "layout.md": """\
        # Layout

        ~~~{.python}
        print("a short line")
        ~~~

        ~~~{.text .output}
        a short line
        ~~~

        ~~~{.python}
        print("a line far too long for the column: abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij abcdefghij")
        ~~~

        |   |   |
        |---|---|
        | **Time** | about 5 minutes |

        | one | two | three | four |
        |---|---|---|---|
        | partition_count | replication_factor | min_insync_replicas | retention_milliseconds |

        ~~~mermaid
        flowchart LR
            A[one] --> B[two] --> C[three] --> D[four] --> E[five] --> F[six] --> G[seven] --> H[eight] --> I[nine] --> J[ten]
        ~~~
        """,
    "nolabel.md": """\
        # An output block whose label a stylesheet hides

        <style>.md-typeset .output > pre > code::before { content: none; }</style>

        ~~~{.python}
        print("hi")
        ~~~

        ~~~{.text .output}
        hi
        ~~~
        """,
}


def make_site(root: Path, pages: dict[str, str]) -> None:
    """A site in `root` that inherits the project's mkdocs.yml, with the project's assets."""
    nav = [{Path(name).stem: name} for name in pages]
    config = root / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\nsite_name: broken on purpose\nnav: {nav!r}\n"
    )
    shutil.copytree(
        ROOT / "docs",
        root / "docs",
        # pages (and notebooks, which are pages too) come only from `pages`
        ignore=lambda d, names: [n for n in names if n.endswith((".md", ".ipynb"))],
    )
    for folder in ("hooks", "includes"):  # mkdocs.yml's hooks and auto-appended files
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    (root / "snippets").mkdir(exist_ok=True)  # mkdocs.yml watches it: it must exist
    for name, text in pages.items():
        (root / "docs" / name).write_text(textwrap.dedent(text).replace("~~~", FENCE))


@pytest.fixture(scope="module")
def broken(tmp_path_factory, browser):
    """The broken site built (the build passes: these breaks only show in a browser), served and
    visited once; yields (base URL, site folder, root, {path: visit}, {path: visit at 390 px})."""
    root = tmp_path_factory.mktemp("broken-site")
    make_site(root, PAGES)
    site = root / "site"
    proc = sitecheck.build_site(root, site)
    assert proc.returncode == 0, proc.stderr
    context = browser.new_context(viewport=sitecheck.DESKTOP)
    context.add_init_script(sitecheck.INIT_SCRIPT)
    try:
        with sitecheck.serve(site) as base:
            tab = sitecheck.Tab(context, base, site)
            blocks = parse_page(root / "docs" / "code.md", root).blocks
            visits = {
                path: tab.visit(
                    path, [i for i, b in enumerate(blocks) if b.runs] if path == "code/" else []
                )
                for path in sitecheck.page_paths(site)
            }
            narrow_context = browser.new_context(viewport=sitecheck.NARROW)
            narrow_context.add_init_script(sitecheck.INIT_SCRIPT)
            try:
                narrow = {"layout/": sitecheck.Tab(narrow_context, base, site).visit("layout/")}
            finally:
                narrow_context.close()
            yield base, site, root, visits, narrow
    finally:
        context.close()


def test_a_link_to_a_missing_anchor_or_page_is_caught(broken) -> None:
    base, site, _, visits, _ = broken
    problems = sitecheck.link_problems(list(visits.values()), base, site)
    assert len(problems) == 2, problems
    assert (
        "/: link" in problems[0]
        and "#no-such-section -> no element with id 'no-such-section' on /diagrams/" in problems[0]
    )
    assert problems[1].endswith("gone/ -> /gone/ does not exist (HTTP 404)"), problems


def test_a_broken_diagram_is_caught(broken) -> None:
    problems = sitecheck.mermaid_problems(broken[3]["diagrams/"])
    assert (
        problems
        and "2 Mermaid diagram(s) in the page, 1 rendered, 1 still shown as text" in problems[0]
    ), problems
    assert "Parse error" in problems[0], problems
    # ... and the error reaches the reader's console, which the load check reports too.
    assert any("Parse error" in p for p in sitecheck.load_problems(broken[3]["diagrams/"]))
    assert not sitecheck.mermaid_problems(broken[3][""])


def test_a_copy_that_differs_from_the_code_that_runs_is_caught(broken) -> None:
    _, _, root, visits, _ = broken
    page = parse_page(root / "docs" / "code.md", root)
    problems = sitecheck.copy_text_problems(visits["code/"], page.blocks, "docs/code.md")
    assert len(problems) == 1, problems
    assert problems[0].startswith(
        "docs/code.md:9 (block 2, python): the copy button copies other text"
    )
    assert '-print("the annotation marker is not copied")  # (1)!' in problems[0]
    assert '+print("the annotation marker is not copied")' in problems[0]
    # The other blocks copy as they run, those in a second tab and in a collapsed note included.
    assert list(visits["code/"].copied.values()) == [
        'print("copied as it runs")',
        'print("the annotation marker is not copied")',
        'print("in the first tab")',
        'print("in the second tab")',
        'print("in a collapsed note")',
    ]


def test_every_code_block_of_the_broken_site_still_has_a_copy_button(broken) -> None:
    assert not [p for v in broken[3].values() for p in sitecheck.copy_button_problems(v)]


def test_a_broken_include_fails_the_strict_build(tmp_path: Path) -> None:
    page = f'# Include\n\n{FENCE}{{.python title="snippets/gone.py"}}\n--8<-- "snippets/gone.py"\n{FENCE}\n'
    make_site(tmp_path, {"index.md": page})
    proc = sitecheck.build_site(tmp_path, tmp_path / "site")
    assert proc.returncode != 0
    assert "snippets/gone.py" in proc.stderr and "SnippetMissingError" in proc.stderr, proc.stderr
    # The page runner reports the same block (tests/test_runner.py runs it end to end).
    block = parse_page(tmp_path / "docs" / "index.md", tmp_path).blocks[0]
    assert block.error and "snippets/gone.py" in block.error


def test_a_link_to_a_missing_page_fails_the_strict_build(tmp_path: Path) -> None:
    make_site(tmp_path, {"index.md": "# Home\n\n[Lesson 99](lessons/99-gone.md)\n"})
    proc = sitecheck.build_site(tmp_path, tmp_path / "site")
    assert proc.returncode != 0
    assert "lessons/99-gone.md" in proc.stderr, proc.stderr


def test_without_a_browser_the_browser_tests_fail_with_one_message() -> None:
    # Three real-site tests that need the browser (only tests that fail before building the
    # site: test-artifacts/site is in use by the running pytest session): one error, the others
    # deselected.
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-q",
            "tests/browser/test_site_in_browser.py",
            "-k",
            "chromium_starts or search",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "CHROMIUM": "/nonexistent/chromium"},
    )
    assert proc.returncode == 1, proc.stdout
    assert "no browser for the browser tests: /nonexistent/chromium not found" in proc.stdout, (
        proc.stdout
    )
    assert re.search(r"^\d+ deselected, 1 error in", proc.stdout, re.M), proc.stdout
    assert proc.stdout.count("\nERROR ") == 1, proc.stdout


def test_a_missing_output_label_is_caught(broken) -> None:
    visits = broken[3]
    assert not sitecheck.output_label_problems(visits["layout/"]), "the label shows normally"
    assert len(visits["layout/"].layout["outputs"]) == 1
    problems = sitecheck.output_label_problems(visits["nolabel/"])
    assert len(problems) == 1 and "output block 2 ('hi') shows no \"Output\" label" in problems[0]


def test_a_code_block_that_scrolls_sideways_is_caught(broken) -> None:
    problems = sitecheck.code_scroll_problems(broken[3]["layout/"])
    assert len(problems) == 1, problems
    assert "code block 3 scrolls sideways" in problems[0] and "(143 chars)" in problems[0]


def test_an_empty_table_header_row_is_caught(broken) -> None:
    problems = sitecheck.empty_header_problems(broken[3]["layout/"])
    assert len(problems) == 1, problems
    assert "table 1 has an empty header row (first row: 'Time about 5 minutes')" in problems[0]


def test_a_table_cut_on_a_phone_is_caught(broken) -> None:
    assert not sitecheck.table_cut_problems(broken[3]["layout/"]), "both fit at 1280 px"
    problems = sitecheck.table_cut_problems(broken[4]["layout/"])
    assert len(problems) == 1 and problems[0].startswith("/layout/ [390 px]: table 2 is cut")


def test_illegible_diagram_text_is_caught(broken) -> None:
    assert not sitecheck.diagram_text_problems(broken[3][""]), "no diagram on the home page"
    assert not sitecheck.diagram_text_problems(broken[3]["diagrams/"]), "a small diagram is fine"
    for visit, width in ((broken[3]["layout/"], 1280), (broken[4]["layout/"], 390)):
        problems = sitecheck.diagram_text_problems(visit)
        assert len(problems) == 1, problems
        assert problems[0].startswith(f"/layout/ [{width} px]: diagram 1 (")
        assert "px (< 12)" in problems[0]
