"""The coverage map (tests/coverage_map.yml) points at pages and anchors that exist.

The map lists each topic the earlier Go course taught and each error it made, with the pages
(and the headings on them) where this course covers the topic or corrects the error. This test
fails when an entry has no target, when a target page is missing, or when its anchor is not an
id on the page: rename a heading, and the map must follow.

Anchors are computed the way the site computes them: each page's Markdown (a notebook's
markdown cells) is rendered by Python-Markdown with the extensions and options of mkdocs.yml
(toc's slugs, attr_list's `{#id}`, headings inside admonitions and `md_in_html` blocks), and
every `id="..."` of the result counts. pymdownx.snippets is left out: it only pulls code files
into fences, which hold no headings.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from pathlib import Path

import markdown
import pytest
import yaml

from kafkalab.docs.pages import load_site_config

ROOT = Path(__file__).resolve().parent.parent
MAP = ROOT / "tests" / "coverage_map.yml"
TARGET_RE = re.compile(r"^(docs/[\w./-]+\.(?:md|ipynb))#([\w.-]+)$")
FRONT_MATTER_RE = re.compile(r"\A---\n.*?\n---\n", re.S)
ID_RE = re.compile(r"""\sid=["']([^"']+)["']""")
# The earlier course's inventory: lessons 1-16 and its numbered factual errors (5.1), then the
# other kinds of error (5.2 misread results ... 5.6 claims without evidence).
EARLIER_LESSONS = set(range(1, 17))
FACTUAL_ERRORS = {f"5.1.{n}" for n in range(1, 29)}
OTHER_ERRORS = {"5.2", "5.3", "5.4", "5.5", "5.6"}
KEYS = {"topics", "errors", "uncovered"}


def load_map() -> dict:
    if not MAP.exists():
        raise FileNotFoundError(f"{MAP} is missing: it maps the earlier course to our pages")
    data = yaml.safe_load(MAP.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not {"topics", "errors"} <= set(data) <= KEYS:
        raise ValueError(
            f"{MAP}: the top level must be `topics:` and `errors:` lists (and `uncovered:`)"
        )
    data.setdefault("uncovered", [])
    return data


def entries() -> list[tuple[str, dict]]:
    data = load_map()
    return [(kind, e) for kind in ("topics", "errors") for e in data[kind] or []]


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    cfg = load_site_config(ROOT)
    exts = [e for e in cfg["markdown_extensions"] if e != "pymdownx.snippets"]
    configs = {k: v for k, v in cfg["mdx_configs"].items() if k in exts}
    return markdown.Markdown(extensions=exts, extension_configs=configs)


def page_source(page: Path) -> str:
    """A page's Markdown: a .md file without its front matter, or a notebook's markdown cells."""
    text = page.read_text(encoding="utf-8")
    if page.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        return "\n\n".join("".join(c["source"]) for c in cells if c.get("cell_type") == "markdown")
    return FRONT_MATTER_RE.sub("", text, count=1)


@cache
def page_ids(rel: str) -> frozenset[str]:
    """Every element id of the page's rendered HTML (heading anchors first among them)."""
    md = _markdown()
    md.reset()
    html = md.convert(page_source(ROOT / rel))
    return frozenset(ID_RE.findall(html))


def check_target(target: str) -> str | None:
    """None if `docs/page.md#anchor` resolves; otherwise what is wrong and what to do."""
    m = TARGET_RE.match(str(target))
    if not m:
        return f"{target!r} is not of the form docs/<page>.md#<anchor> (or .ipynb#<anchor>)"
    rel, anchor = m.groups()
    if not (ROOT / rel).is_file():
        return f"{target}: no page {rel}; point the entry at a page that exists"
    if anchor not in page_ids(rel):
        headings = sorted(i for i in page_ids(rel) if not i.startswith(("__", "fn")))
        return (
            f"{target}: {rel} has no anchor {anchor!r} (a heading was renamed or removed?); "
            f"its anchors: {', '.join(headings)}"
        )
    return None


def test_the_map_lists_every_part_of_the_inventory() -> None:
    """Every lesson 1-16, every numbered factual error and every other kind of error has an
    entry with targets; a part that no page covers yet is listed under `uncovered:`."""
    data = load_map()
    ids = [e.get("id") for _, e in entries()] + [e.get("id") for e in data["uncovered"]]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    assert not dupes, f"{MAP.name}: ids must be unique, repeated: {dupes}"
    lessons = {e.get("lesson") for e in data["topics"]}
    missing = sorted(EARLIER_LESSONS - lessons)
    assert not missing, f"{MAP.name}: no topic of the earlier course's lessons {missing}"
    refs = {str(e.get("ref")) for e in data["errors"]}  # YAML reads 5.2 as a number
    gaps = {str(e.get("ref")) for e in data["uncovered"]}
    missing = sorted(FACTUAL_ERRORS - refs - gaps, key=lambda r: int(r.split(".")[-1]))
    assert not missing, f"{MAP.name}: no entry for the factual errors {missing}"
    missing = sorted(OTHER_ERRORS - refs)
    assert not missing, f"{MAP.name}: no entry for the errors of sections {missing}"


@pytest.mark.parametrize("kind, entry", entries(), ids=[str(e.get("id")) for _, e in entries()])
def test_every_entry_points_at_pages_and_anchors_that_exist(kind: str, entry: dict) -> None:
    assert entry.get("id") and entry.get("item"), f"{kind} entry without id or item: {entry}"
    targets = entry.get("targets") or []
    assert targets, (
        f"{entry['id']}: no target; add the docs/<page>.md#<anchor> where this "
        f"{'topic is covered' if kind == 'topics' else 'error is corrected'}"
    )
    problems = [p for p in map(check_target, targets) if p]
    assert not problems, f"{entry['id']}:\n  " + "\n  ".join(problems)


def test_every_item_is_covered() -> None:
    """Fails, with the list, while `uncovered:` names parts that no page covers."""
    gaps = load_map()["uncovered"]
    for gap in gaps:
        assert gap.get("id") and gap.get("item"), f"uncovered entry without id or item: {gap}"
        assert not gap.get("targets"), f"{gap['id']} has targets: move it to topics or errors"
    assert not gaps, (
        f"{len(gaps)} part(s) of the earlier course not covered by any page; cover each, "
        "then move it to `topics:` or `errors:` with its targets: "
        + "; ".join(f"{g['id']}: {g['item']}" for g in gaps)
    )


def test_anchors_are_computed_like_the_site() -> None:
    """The anchor computation itself: a toc slug, an attr_list id and a notebook heading."""
    md = _markdown()
    md.reset()
    html = md.convert("### Step 3: `linger.ms`, batching\n\n## Custom {#my-id}\n")
    assert {"step-3-lingerms-batching", "my-id"} <= set(ID_RE.findall(html))
    nb = "docs/lessons/10-performance-measured.ipynb"
    if (ROOT / nb).exists():
        assert "step-2-a-harness-you-can-trust" in page_ids(nb)
    assert check_target("docs/lessons/01-what-is-kafka.md#no-such-anchor") is not None
    assert check_target("docs/lessons/no-such-page.md#why-it-matters") is not None
