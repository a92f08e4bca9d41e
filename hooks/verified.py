"""MkDocs hook: every lesson and notes page shows how the test suite verified it.

The runner writes the report of a run (kafkalab/docs/report.py; test-artifacts/report.json, or
KAFKALAB_REPORT). Built after a run, each page under lessons/ and notes/ gets one small line
under its title: "Verified: 23 blocks ran against Apache Kafka 4.3.1 with kafka-python 3.0.12
and confluent-kafka 2.16.1 (native lab) on 2026-11-30". A page whose last run failed, ran only
in part, rewrote its outputs, changed since, or is not in the report at all says "Not verified
in this build" and why, and claims nothing. The Verification page (start/verification.md) gets
the table of every such page in place of its `<!-- verification-table -->` marker.
"""

from __future__ import annotations

import html
from pathlib import Path

from mkdocs.utils import get_relative_url

from kafkalab.docs import report
from kafkalab.docs.pages import parse_page

SECTIONS = ("lessons/", "notes/")
VERIFICATION_PAGE = "start/verification.md"
MARKER = "<!-- verification-table -->"
CSS_CLASS = "md-source-file kafkalab-verified"  # Material's small grey "facts about the page"

_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    path = report.report_path(root)
    _state.clear()
    _state.update(root=root, path=path, exists=path.is_file(), data=report.load(path), verdicts={})
    return config


def _rel_root(path: Path) -> str:
    try:
        return str(path.relative_to(_state["root"]))
    except ValueError:
        return str(path)


def verdict(src_path: Path) -> dict:
    """What the report says of one page: verified or not, why not, and its figures."""
    src_path = Path(src_path).resolve()
    cached = _state["verdicts"].get(src_path)
    if cached is not None:
        return cached
    key = _rel_root(src_path)
    entry = _state["data"]["pages"].get(key)
    try:
        if src_path.suffix == ".ipynb":  # notebooks run whole, one test each
            import nbformat

            from kafkalab.docs.notebooks import code_digest

            nb = nbformat.read(src_path, as_version=4)
            digest, tests = code_digest(nb), sum(c.cell_type == "code" for c in nb.cells)
        else:
            page = parse_page(src_path, _state["root"])
            digest, tests = report.page_digest(page), len(page.tests)
    except Exception as exc:  # noqa: BLE001  the runner fails on it too, and says why
        digest, tests = "unreadable", -1
        entry = None if entry is None else {**entry, "status": f"unreadable ({exc})"}
    ok, why = report.status_of(entry, digest)
    if not ok and entry is None and not _state["exists"]:
        why = f"no report of a test run was found ({_rel_root(_state['path'])})"
    result = {"key": key, "ok": ok, "why": why, "entry": entry or {}, "tests": tests}
    _state["verdicts"][src_path] = result
    return result


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _clients(entry: dict) -> str:
    clients = entry.get("clients") or {}
    names = sorted(clients, key=lambda n: (n != "kafka-python", n))  # the primary client first
    return " and ".join(f"{name} {clients[name]}" for name in names)


def verified_text(v: dict) -> str:
    """The line a page shows (plain text)."""
    e = v["entry"]
    if v["tests"] == 0:
        return "Nothing on this page runs: it has no code blocks to verify."
    if not v["ok"]:
        return f"Not verified in this build: {v['why']}."
    kafka = f"Apache Kafka {e['kafka']}" if e.get("kafka") else "an existing Kafka cluster"
    text = f"Verified: {_plural(e['blocks'], 'block')} ran against {kafka}"
    if _clients(e):
        text += f" with {_clients(e)}"
    text += f" ({e.get('mode') or 'unknown'} lab) on {e['date']}"
    not_run = len(e.get("notest", [])) + len(e.get("skipped", []))
    if not_run:
        text += f"; {_plural(not_run, 'block')} shown but not run"
    return text + "."


def on_page_content(content: str, page, config, files) -> str:
    src = page.file.src_uri
    if not src.startswith(SECTIONS) or not _state:
        return content
    v = verdict(Path(page.file.abs_src_path))
    link = get_relative_url(VERIFICATION_PAGE.replace(".md", "/"), page.url or ".")
    mark = "✓" if v["ok"] else ("·" if v["tests"] == 0 else "⚠")
    line = (
        f'<aside class="{CSS_CLASS}" data-verified="{str(v["ok"]).lower()}">'
        f'<span class="md-source-file__fact">{mark} {html.escape(verified_text(v))} '
        f'<a href="{link}">How pages are verified</a></span></aside>'
    )
    end = content.find("</h1>")
    if end == -1:
        return line + content
    end += len("</h1>")
    return content[:end] + line + content[end:]


def table(files) -> str:
    """The Verification page's table: every lesson and notes page, with its figures."""
    rows = []
    verified = 0
    pages = sorted(
        (f for f in files.documentation_pages() if f.src_uri.startswith(SECTIONS)),
        key=lambda f: f.src_uri,
    )
    for f in pages:
        v = verdict(Path(f.abs_src_path))
        e = v["entry"]
        title = (f.page.title if f.page is not None and f.page.title else None) or f.src_uri
        link = f"[{title}](../{f.src_uri})"
        if v["tests"] == 0:
            rows.append(f"| {link} | 0 / 0 | · nothing to run |")
            continue
        not_run = len(e.get("notest", [])) + len(e.get("skipped", []))
        if v["ok"]:
            verified += 1
            seconds = f", {e['seconds']:.0f} s" if "seconds" in e else ""
            result = f"✓ {e['date']}<br>{e.get('mode') or 'unknown'} lab{seconds}"
            rows.append(f"| {link} | {e.get('blocks', '')} / {not_run} | {result} |")
        else:
            rows.append(f"| {link} | | ⚠ **not verified**: {v['why']} |")
    head = [
        f"**{verified} of {len(pages)} pages** are verified in this build.",
        "",
    ]
    ran = [v["entry"] for v in _state["verdicts"].values() if v["ok"]]
    if ran:
        kafkas = sorted({e.get("kafka") or "an existing cluster" for e in ran})
        clients = sorted({_clients(e) for e in ran if _clients(e)})
        modes = sorted({e.get("mode") or "unknown" for e in ran})
        dates = sorted({e["date"] for e in ran})
        head += [
            f"They ran against Apache Kafka {', '.join(kafkas)} with {'; '.join(clients)}, "
            f"in the {', '.join(modes)} lab, between {dates[0]} and {dates[-1]}."
            if len(dates) > 1
            else f"They ran against Apache Kafka {', '.join(kafkas)} with {'; '.join(clients)}, "
            f"in the {', '.join(modes)} lab, on {dates[0]}.",
            "",
        ]
    elif not _state["exists"]:
        head += [
            f"No report of a test run was found ({_rel_root(_state['path'])}): run the tests, "
            "then build the site.",
            "",
        ]
    return "\n".join(
        head
        + [
            "| Page | Blocks run / not run | Result: date, lab, time |",
            "|---|:-:|---|",
            *rows,
        ]
    )


def on_page_markdown(markdown: str, page, config, files) -> str:
    if page.file.src_uri != VERIFICATION_PAGE or not _state:
        return markdown
    return markdown.replace(MARKER, table(files))
