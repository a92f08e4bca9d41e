"""Measure lesson pages against the budgets of the lesson standard (docs/contributing/lesson-standard.md).

Usage::

    .venv/bin/python -m tests.standard [PAGE ...] [--site DIR]

PAGE is a page under docs/ (``docs/lessons/03-consumer-groups-offsets.md``, or a notebook
``docs/lessons/10-performance-measured.ipynb``); without pages, every lesson under ``docs/lessons/``
(``*.md`` and ``*.ipynb``) is measured. The site is built with MkDocs into a temporary folder
(``--site DIR`` measures an existing build instead); with pages given, the build leaves out the
other lesson pages, so one lesson can be measured while another is broken. The exit status is 1
if any page fails.

Everything is measured on the **built HTML**, inside the page's ``<article>`` only (no navigation,
no table of contents), counting only what a reader sees when the page opens:

* content inside a ``<details>`` without ``open`` (a collapsed ``???`` box) is not counted, except
  its ``<summary>`` line, which is visible; an expanded ``???+`` box is counted;
* of a set of content tabs (``===``), only the first tab, the one shown on opening, is counted;
* **code and output lines**: the lines of every visible code block (snippets, excerpts, output
  blocks, blocks that do not run), not Mermaid sources (``pre.mermaid``);
* **words**: whitespace-separated tokens with a letter or digit in the visible article text outside
  code blocks and Mermaid sources (inline ``code`` inside a sentence is read as prose and counts;
  heading anchors and the glossary's tooltip definitions are not text);
* **runnable blocks on the main path**: visible code blocks in a language the runner executes
  (python, bash) that are not output blocks (``.output``), not shown-only (``.notest``) and not
  excerpts (``.excerpt``). This is read from the HTML classes rather than from the runner's page
  model, so it measures exactly what renders; the runner runs the same blocks, plus the collapsed
  ones, which are off the main path;
* **exercises**: ``### Exercise N`` headings (``<h2>``/``<h3>`` starting with "Exercise N"; a
  checkpoint's "Challenge N" headings count as exercises too);
* **stated minutes**: the page's ``**Time:** about N minutes``.

A notebook (``.ipynb``, rendered by mkdocs-jupyter from its stored outputs) goes through the same
path; its HTML differs only in how code shows, so the blocks are found by their mkdocs-jupyter
classes:

* a **code cell** (``div.highlight-ipynb`` inside a ``div.jp-CodeCell``) is a runnable block on the
  main path, and its lines count;
* each **output** of a cell (``div.jp-OutputArea-output``) is an output block: a text output counts
  its lines; an image (``div.jp-RenderedImage``, a plot) counts as ``IMAGE_LINES`` lines, the
  minute a reader spends on it at 15 lines a minute;
* a fenced code block in a markdown cell (``pre`` inside ``div.jp-RenderedMarkdown``) counts its
  lines and is not runnable (the kernel runs only code cells);
* the markdown cells are prose, measured as above: raw ``<details>`` (a collapsed hint or solution)
  hides its content but its ``<summary>``, ``### Exercise N`` headings count; the cells' prompts
  (``In [3]:``), copy buttons and anchor links are not text.

The time estimate is the standard's formula::

    minutes = words / 180 + lines / 15 + 1 per runnable block + 6 per exercise

rounded up to a multiple of 5.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from bs4 import BeautifulSoup, NavigableString, Tag

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
LESSONS = DOCS / "lessons"

# The budgets, as written in docs/contributing/lesson-standard.md.
MAX_LINES = 320
MAX_WORDS = 2600
MAX_BLOCKS = 24
MAX_MINUTES = 75
WORDS_PER_MINUTE = 180
LINES_PER_MINUTE = 15
MINUTES_PER_BLOCK = 1
MINUTES_PER_EXERCISE = 6

# A plot in a notebook: counted as this many lines of output (one minute of reading).
IMAGE_LINES = 15
NB_CODE = "highlight-ipynb"  # mkdocs-jupyter: the source of a code cell
NB_OUTPUT = "jp-OutputArea-output"  # mkdocs-jupyter: one output of a code cell
NB_IMAGE = "jp-RenderedImage"  # mkdocs-jupyter: an image output (a plot)
RUNNABLE_LANGS = {"python", "py", "python3", "bash", "sh", "shell"}
NOT_RUN_CLASSES = {"output", "notest", "excerpt"}
EXERCISE_RE = re.compile(r"^\s*(Exercise|Challenge)\s+\d+")
STATED_RE = re.compile(r"\bTime:?\*{0,2}:?\s*about\s+(\d+)\s+minutes", re.I)
WORD_RE = re.compile(r"\w", re.U)


@dataclass
class Measure:
    """What a reader sees of one page when it opens, and the time estimate computed from it."""

    page: str  # path under docs/, e.g. lessons/01-what-is-kafka.md
    lines: int  # visible lines of code and output
    words: int  # visible words of prose
    blocks: int  # runnable blocks on the main path
    exercises: int
    stated: int | None  # the page's "about N minutes", None if missing

    @property
    def raw_minutes(self) -> float:
        return (
            self.words / WORDS_PER_MINUTE
            + self.lines / LINES_PER_MINUTE
            + MINUTES_PER_BLOCK * self.blocks
            + MINUTES_PER_EXERCISE * self.exercises
        )

    @property
    def minutes(self) -> int:
        return max(5, 5 * math.ceil(round(self.raw_minutes, 6) / 5))

    def checks(self) -> dict[str, bool]:
        """Each budget of the standard: name -> passes."""
        return {
            "lines": self.lines <= MAX_LINES,
            "words": self.words <= MAX_WORDS,
            "blocks": self.blocks <= MAX_BLOCKS,
            "minutes": self.minutes <= MAX_MINUTES,
            "stated": self.stated == self.minutes,
        }

    @property
    def ok(self) -> bool:
        return all(self.checks().values())

    def problems(self) -> list[str]:
        c = self.checks()
        out = []
        if not c["lines"]:
            out.append(f"{self.lines} visible lines of code and output (budget {MAX_LINES})")
        if not c["words"]:
            out.append(f"{self.words} visible words of prose (budget {MAX_WORDS})")
        if not c["blocks"]:
            out.append(f"{self.blocks} runnable blocks on the main path (budget {MAX_BLOCKS})")
        if not c["minutes"]:
            out.append(f"computed time {self.minutes} minutes (budget {MAX_MINUTES})")
        if not c["stated"]:
            if self.stated is None:
                out.append(
                    f"no '**Time:** about {self.minutes} minutes' line in the info box "
                    f"(computed: {self.minutes})"
                )
            else:
                out.append(
                    f"the page states about {self.stated} minutes, the computed estimate is "
                    f"{self.minutes}: write '**Time:** about {self.minutes} minutes'"
                )
        return out


# --------------------------------------------------------------------------- measuring


def _hidden(tag: Tag) -> bool:
    """True if `tag` is not shown when the page opens (it is the body of a closed <details>, or a
    tab other than the first of its set). The tag itself, not its ancestors."""
    if tag.has_attr("hidden"):
        return True
    parent = tag.parent
    if isinstance(parent, Tag) and parent.name == "details" and not parent.has_attr("open"):
        return tag.name != "summary"
    if (
        isinstance(parent, Tag)
        and "tabbed-content" in (parent.get("class") or [])
        and "tabbed-block" in (tag.get("class") or [])
    ):
        first = parent.find(class_="tabbed-block", recursive=False)
        return tag is not first
    return False


def _visible(node) -> bool:
    """True if neither `node` nor any ancestor is hidden."""
    current = node if isinstance(node, Tag) else node.parent
    while isinstance(current, Tag) and current.name != "article":
        if _hidden(current):
            return False
        current = current.parent
    return True


def _is_code_block(tag: Tag) -> bool:
    """A code or output block: Material's div.language-*, or a notebook's code cell source
    (div.highlight-ipynb), cell output (div.jp-OutputArea-output) or markdown-cell fence."""
    classes = tag.get("class") or []
    if tag.name == "div":
        return (
            any(c.startswith("language-") for c in classes)
            or NB_CODE in classes
            or NB_OUTPUT in classes
        )
    return (
        tag.name == "pre"
        and "mermaid" not in classes
        and tag.find_parent("div", class_="jp-RenderedMarkdown") is not None
        and tag.find_parent(_is_code_block) is None
    )


def _block_kind(block: Tag) -> tuple[int, bool]:
    """(visible lines, runnable on the main path) of one block found by `_is_code_block`."""
    classes = set(block.get("class") or [])
    if NB_OUTPUT in classes:
        return (IMAGE_LINES if NB_IMAGE in classes else _code_lines(block)), False
    if NB_CODE in classes:
        return _code_lines(block), _code_lines(block) > 0
    if block.name == "pre":
        return _code_lines(block), False
    runnable = _block_lang(block) in RUNNABLE_LANGS and not classes & NOT_RUN_CLASSES
    return _code_lines(block), runnable


def _block_lang(tag: Tag) -> str:
    for c in tag.get("class") or []:
        if c.startswith("language-"):
            return c[len("language-") :]
    return ""


def _code_lines(block: Tag) -> int:
    code = block.find("code") or block.find("pre")
    text = (code or block).get_text()
    text = text.rstrip("\n")
    return text.count("\n") + 1 if text.strip() else 0


def article_of(html: str) -> Tag:
    soup = BeautifulSoup(html, "html.parser")
    article = soup.find("article")
    if article is None:
        raise ValueError("no <article> in the page")
    return article


def measure_html(html: str, page: str) -> Measure:
    """Measure one built page (its HTML text). `page` is only a label."""
    article = article_of(html)
    # Code blocks: the outermost div.language-* (Material nests pre > code inside it).
    lines = blocks = 0
    code_blocks = [t for t in article.find_all(_is_code_block)]
    for block in code_blocks:
        if not _visible(block):
            continue
        block_lines, runnable = _block_kind(block)
        lines += block_lines
        blocks += runnable
    # Prose: visible text outside code blocks, Mermaid sources, heading anchors and scripts (and
    # a notebook's prompts and copy buttons).
    for tag in code_blocks:
        tag.decompose()
    for tag in article.select(
        "pre, a.headerlink, a.anchor-link, script, style, .md-source-file, "
        ".jp-InputPrompt, .jp-OutputPrompt, clipboard-copy, .clipboard-copy-txt"
    ):
        tag.decompose()
    words = 0
    for text in article.find_all(string=True):
        if not isinstance(text, NavigableString) or not _visible(text):
            continue
        words += sum(1 for token in str(text).split() if WORD_RE.search(token))
    exercises = sum(
        1 for h in article.find_all(["h2", "h3"]) if EXERCISE_RE.match(h.get_text(" ", strip=True))
    )
    m = STATED_RE.search(article.get_text(" "))
    stated = int(m.group(1)) if m else None
    return Measure(page, lines, words, blocks, exercises, stated)


def built_page(site: Path, page: str) -> Path:
    """The built HTML of a page under docs/ (``lessons/01-x.md`` -> site/lessons/01-x/index.html)."""
    rel = Path(page)
    if rel.name == "index.md":
        return site / rel.parent / "index.html"
    return site / rel.with_suffix("") / "index.html"


def measure_page(site: Path, page: str) -> Measure:
    html_file = built_page(site, page)
    if not html_file.exists():
        raise FileNotFoundError(f"{page} was not built: no {html_file}")
    return measure_html(html_file.read_text(encoding="utf-8"), page)


def lesson_pages() -> list[str]:
    """Every lesson: the Markdown pages and the notebooks under docs/lessons/."""
    lessons = [*LESSONS.glob("*.md"), *LESSONS.glob("*.ipynb")]
    return [p.relative_to(DOCS).as_posix() for p in sorted(lessons)]


def page_name(arg: str) -> str:
    """A command-line page (docs/lessons/x.md, lessons/x.md or an absolute path) -> lessons/x.md."""
    path = Path(arg)
    if not path.is_absolute():
        path = (Path.cwd() / path) if (Path.cwd() / path).exists() else DOCS / path
    try:
        rel = path.resolve().relative_to(DOCS.resolve())
    except ValueError:
        raise SystemExit(
            f"{arg}: not a page under {DOCS}; give a path like docs/lessons/01-...md"
        ) from None
    if not (DOCS / rel).is_file():
        raise SystemExit(f"{arg}: no such page under {DOCS}")
    return rel.as_posix()


def build_site(site: Path, only: list[str] | None = None) -> None:
    """Build the site with MkDocs into `site` (not strict: a warning elsewhere must not stop a
    measurement; the test suite's strict build catches warnings).

    With `only` (pages under docs/), the build runs on a copy of the project without the other
    lesson pages, so a lesson that is half-written elsewhere cannot break this measurement."""
    cwd = ROOT
    with tempfile.TemporaryDirectory(prefix="kafkalab-standard-src-") as tmp:
        if only:
            cwd = Path(tmp)
            for name in ("mkdocs.yml", "docs", "snippets", "includes", "hooks"):
                src = ROOT / name
                if src.is_dir():
                    shutil.copytree(src, cwd / name)
                elif src.exists():
                    shutil.copy2(src, cwd / name)
            kept = cwd / "docs" / "lessons"
            for lesson in [*kept.glob("*.md"), *kept.glob("*.ipynb")]:
                if lesson.relative_to(cwd / "docs").as_posix() not in only:
                    lesson.unlink()
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--no-strict", "--site-dir", str(site)],
            cwd=cwd,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed:\n{proc.stdout}{proc.stderr}")


# --------------------------------------------------------------------------- reporting


def table(measures: list[Measure]) -> str:
    """The budget table: one row per page, each measure with PASS/FAIL against its budget."""

    def cell(value, ok: bool) -> str:
        return f"{value} {'PASS' if ok else 'FAIL'}"

    head = [
        "page",
        f"lines<={MAX_LINES}",
        f"words<={MAX_WORDS}",
        f"blocks<={MAX_BLOCKS}",
        "exercises",
        f"minutes<={MAX_MINUTES}",
        "stated",
        "result",
    ]
    rows = [head]
    for m in measures:
        c = m.checks()
        rows.append(
            [
                m.page.removeprefix("lessons/").removesuffix(".md").removesuffix(".ipynb"),
                cell(m.lines, c["lines"]),
                cell(m.words, c["words"]),
                cell(m.blocks, c["blocks"]),
                str(m.exercises),
                cell(f"{m.minutes} ({m.raw_minutes:.1f})", c["minutes"]),
                cell("-" if m.stated is None else m.stated, c["stated"]),
                "PASS" if m.ok else "FAIL",
            ]
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    out = []
    for n, r in enumerate(rows):
        out.append("  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    out.append(
        f"minutes = words/{WORDS_PER_MINUTE} + lines/{LINES_PER_MINUTE} + "
        f"{MINUTES_PER_BLOCK} per block + {MINUTES_PER_EXERCISE} per exercise, "
        "rounded up to a multiple of 5 (unrounded in brackets); "
        "'stated' must equal the computed minutes"
    )
    return "\n".join(out)


RESULTS: list[Measure] = []  # filled by tests/test_standard.py, printed in pytest's summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.standard",
        description="Measure lesson pages on the built site against the lesson standard's budgets.",
    )
    parser.add_argument(
        "pages", nargs="*", help="pages under docs/ (default: docs/lessons/*.md and *.ipynb)"
    )
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    args = parser.parse_args(argv)
    pages = [page_name(p) for p in args.pages] or lesson_pages()
    with tempfile.TemporaryDirectory(prefix="kafkalab-standard-") as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_site(site, only=[p for p in args.pages and pages if p.startswith("lessons/")])
        measures = [measure_page(site, p) for p in pages]
    print(table(measures))
    for m in measures:
        for problem in m.problems():
            print(f"{m.page}: {problem}")
    return 0 if all(m.ok for m in measures) else 1


if __name__ == "__main__":
    sys.exit(main())
