"""What the browser tests look at: the built site served on localhost, read by headless Chromium.

`Tab.visit()` loads one page and records everything the checks need (console errors, requests,
links and anchors, Mermaid diagrams, code blocks and what their copy buttons copy, colours and
width); the `*_problems()` functions turn those records into readable problems, one line each.
The tests in this folder call them on the real site and on small broken sites.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import http.server
import os
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Pages photographed in light and dark mode, for a person to look at: name -> page under docs/.
SCREENSHOT_PAGES = {"home": "index.md", "lesson-01": "lessons/01-what-is-kafka.md"}

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# The flags Chromium needs on these machines (no network but the package registries); the
# resolver rule makes any request that leaves localhost fail at once instead of hanging.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
NO_BROWSER = (
    "no browser for the browser tests: {why}. Install Debian's Chromium with `make install` "
    "(as root it runs apt-get install chromium) or `sudo apt-get install chromium`; "
    "set CHROMIUM=/path/to/chromium to use another build."
)

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}  # a common narrow Android phone, in CSS pixels
NARROW = {"width": 390, "height": 844}  # a common iPhone: diagrams and tables must work here
MIN_DIAGRAM_TEXT_PX = 12  # the smallest diagram text a reader can read, in CSS pixels
MERMAID_TIMEOUT_MS = 15_000

# Runs in every page before the site's own scripts:
# - records uncaught errors and unhandled rejections (Mermaid's failures are rejections);
# - records what each `copy` event puts on the clipboard (clipboard.js copies from a selected
#   textarea, so the copied text is that textarea's selection);
# - opens shadow roots: Material renders each diagram into a *closed* shadow root; opening it
#   changes nothing on screen and lets the test see the SVG inside.
INIT_SCRIPT = r"""
window.__errors = [];
window.addEventListener('error', e => window.__errors.push(String(e.message || e)));
window.addEventListener('unhandledrejection', e => window.__errors.push(String(e.reason)));
window.__copied = [];
document.addEventListener('copy', e => {
  const t = e.target;
  window.__copied.push(t && typeof t.value === 'string'
    ? t.value.substring(t.selectionStart, t.selectionEnd)
    : String(document.getSelection()));
}, true);
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, Object.assign({}, init, {mode: 'open'}));
};
"""

# Everything one page shows, read in one go after it has loaded.
READ_PAGE = r"""() => {
  const content = document.querySelector('.md-content') || document.body;
  const codes = Array.from(content.querySelectorAll('pre:not(.mermaid) > code'));
  const blocks = codes.map((code, i) => {
    const pre = code.parentElement;
    const box = code.closest('.highlight') || pre;
    const lang = Array.from(box.classList).find(c => c.startsWith('language-'));
    const button = pre.id && document.querySelector(
      `button[data-md-type="copy"][data-clipboard-target="#${pre.id} > code"]`);
    return {lang: lang ? lang.slice('language-'.length) : '', copy_button: !!button,
            head: code.textContent.split('\n')[0].slice(0, 80)};
  });
  const diagrams = Array.from(document.querySelectorAll('div.mermaid')).map(host => {
    const svg = host.shadowRoot && host.shadowRoot.querySelector('svg');
    if (!svg) return {svg: false};
    const vb = (svg.getAttribute('viewBox') || '').split(/[\s,]+/).map(Number);
    return {svg: true, role: svg.getAttribute('aria-roledescription') || '',
            width: vb[2] || 0, height: vb[3] || 0,
            shapes: svg.querySelectorAll('path, rect, circle, polygon, line, text').length,
            text: Array.from(svg.querySelectorAll('text, foreignObject')).map(t => t.textContent)
              .join(' ').replace(/\s+/g, ' ').trim().slice(0, 120)};
  });
  const ids = Array.from(document.querySelectorAll('[id]')).map(e => e.id)
    .concat(Array.from(document.querySelectorAll('a[name]')).map(e => e.name));
  const links = Array.from(new Set(Array.from(document.querySelectorAll('a[href]'))
    .map(a => a.href).filter(h => h.startsWith(location.origin + '/'))));
  const style = getComputedStyle(document.body);
  const typeset = document.querySelector('.md-typeset');
  return {
    blocks, diagrams, ids, links,
    mermaid_left: document.querySelectorAll('pre.mermaid').length,
    errors: window.__errors.slice(),
    scheme: document.body.getAttribute('data-md-color-scheme') || '',
    background: style.backgroundColor,
    text_color: typeset ? getComputedStyle(typeset).color : style.color,
    scroll_width: document.documentElement.scrollWidth,
    inner_width: window.innerWidth,
  };
}"""

# What READ_PAGE returns for a page that could not be read.
NOTHING_READ = {
    "blocks": [],
    "diagrams": [],
    "ids": [],
    "links": [],
    "mermaid_left": 0,
    "errors": [],
    "scheme": "",
    "background": "",
    "text_color": "",
    "scroll_width": 0,
    "inner_width": 0,
}

# Makes code block `i` visible the way a reader would (open its <details>, select its content
# tab) and marks its copy button for the click. Returns false when there is no button.
REVEAL_BLOCK = r"""(i) => {
  const content = document.querySelector('.md-content') || document.body;
  const code = content.querySelectorAll('pre:not(.mermaid) > code')[i];
  if (!code) return false;
  for (let el = code; el; el = el.parentElement) {
    if (el.tagName === 'DETAILS') el.open = true;
    if (el.parentElement && el.parentElement.classList.contains('tabbed-content')) {
      const set = el.parentElement.closest('.tabbed-set');
      const index = Array.from(el.parentElement.children).indexOf(el);
      const input = set && set.querySelectorAll(':scope > input')[index];
      if (input) input.click();
    }
  }
  const pre = code.parentElement;
  const button = pre.id && document.querySelector(
    `button[data-md-type="copy"][data-clipboard-target="#${pre.id} > code"]`);
  if (!button) return false;
  document.querySelectorAll('[data-copy-under-test]').forEach(b => b.removeAttribute('data-copy-under-test'));
  button.setAttribute('data-copy-under-test', '');
  return true;
}"""

# Presses the copy button of each code block numbered in the argument (after REVEAL_BLOCK) and
# returns what each press put on the clipboard, or null.
COPY_BLOCKS = (
    r"""(blocks) => {
  const reveal = """
    + REVEAL_BLOCK
    + r""";
  return blocks.map(i => {
    if (!reveal(i)) return null;
    const before = window.__copied.length;
    document.querySelector('[data-copy-under-test]').click();
    return window.__copied.length > before ? window.__copied[window.__copied.length - 1] : null;
  });
}"""
)

# Elements that stick out on the right, deepest first: where a horizontal scroll comes from.
WIDE_ELEMENTS = r"""() => {
  const out = [];
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > window.innerWidth + 1 && !el.querySelector('*:not(svg *)')) {
      const cls = typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\s+/).join('.') : '';
      out.push(`${el.tagName.toLowerCase()}${cls} (right edge at ${Math.round(r.right)} px): ${(el.textContent || '').trim().slice(0, 60)}`);
    }
  }
  return out.slice(0, 5);
}"""


# The layout as a reader meets it, every collapsed box opened and every content tab shown (so
# what sits in one is checked too; all is put back afterwards): code blocks that scroll
# sideways, the "Output" label of output blocks, tables (cut off? empty header rows?) and the
# size of each diagram's smallest text on screen.
LAYOUT = r"""() => {
  const content = document.querySelector('.md-content') || document.body;
  const style = document.createElement('style');
  style.textContent = '.tabbed-set > .tabbed-content > .tabbed-block { display: block !important; }';
  document.head.appendChild(style);
  const opened = Array.from(content.querySelectorAll('details:not([open])'));
  opened.forEach(d => { d.open = true; });
  const codes = Array.from(content.querySelectorAll('pre:not(.mermaid) > code'));
  const wide_code = [];
  codes.forEach((code, i) => {
    if (code.clientWidth && code.scrollWidth > code.clientWidth + 1) {
      const longest = code.textContent.split('\n')
        .reduce((a, b) => (b.length > a.length ? b : a), '');
      wide_code.push({index: i, scroll: code.scrollWidth, client: code.clientWidth,
                      chars: longest.length, line: longest.slice(0, 70)});
    }
  });
  const outputs = Array.from(content.querySelectorAll('.output > pre > code, pre.output > code'))
    .map(code => {
      const before = getComputedStyle(code, '::before');
      return {index: codes.indexOf(code), label: before.content, display: before.display,
              head: code.textContent.split('\n')[0].slice(0, 60)};
    });
  const tables = Array.from(content.querySelectorAll('table')).map(table => {
    const r = table.getBoundingClientRect();
    let limit = document.documentElement.clientWidth;
    for (let el = table.parentElement; el && el !== document.body; el = el.parentElement) {
      if (getComputedStyle(el).overflowX !== 'visible') {
        limit = Math.min(limit, el.getBoundingClientRect().right);
        break;
      }
    }
    const rows = Array.from(table.querySelectorAll('thead tr'));
    return {right: Math.round(r.right), limit: Math.round(limit),
            wide: !!table.closest('.wide-table'),
            empty_head_rows: rows.filter(tr => !tr.textContent.trim()).length,
            head: (table.querySelector('tbody tr') || table).textContent
              .replace(/\s+/g, ' ').trim().slice(0, 60)};
  });
  const diagrams = Array.from(document.querySelectorAll('div.mermaid')).map(host => {
    const svg = host.shadowRoot && host.shadowRoot.querySelector('svg');
    if (!svg) return null;
    const rect = svg.getBoundingClientRect();
    const vb = (svg.getAttribute('viewBox') || '').split(/[\s,]+/).map(Number);
    const scale = vb[2] ? rect.width / vb[2] : 1;
    let min = null, sample = '';
    for (const t of svg.querySelectorAll('text, foreignObject div, foreignObject span')) {
      if (!t.textContent.trim() || t.querySelector('div, span')) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * scale;
      if (min === null || px < min) { min = px; sample = t.textContent.trim().slice(0, 40); }
    }
    return {min_text: min === null ? null : Math.round(min * 10) / 10,
            width: Math.round(rect.width), height: Math.round(rect.height), sample};
  });
  opened.forEach(d => { d.open = false; });
  style.remove();
  return {wide_code, outputs, tables, diagrams};
}"""


# --------------------------------------------------------------------------- the site


def page_paths(site: Path) -> list[str]:
    """Every page of a built site, as its URL path: '' for the home page, 'lessons/01-x/' ..."""
    pages = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        if rel == "404.html":
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return sorted(pages, key=lambda p: (p != "", p))


def url_of(md: str) -> str:
    """URL path of a page from its file under docs/ (MkDocs' directory URLs)."""
    stem = md[: -len(".md")] if md.endswith(".md") else md
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def build_site(root: Path, site: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of the site in `root` into `site`, as the test suite builds it."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(cmd, cwd=root, capture_output=True, text=True, env=env)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 on a free port; yields its base URL (ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


# --------------------------------------------------------------------------- one visit


@dataclass
class PageVisit:
    path: str  # URL path under the site, '' for the home page
    url: str
    mode: str = "light"
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    mermaid_expected: int = 0
    data: dict = field(default_factory=dict)  # what READ_PAGE returned
    copied: dict[int, str | None] = field(default_factory=dict)  # code block index -> copied text
    wide_elements: list[str] = field(default_factory=list)
    layout: dict = field(default_factory=dict)  # what LAYOUT returned
    viewport: dict = field(default_factory=lambda: dict(DESKTOP))
    seconds: float = 0.0
    source: str = ""  # the page's file under docs/, when it is a Markdown page
    fences: list = field(default_factory=list)  # its fences as the runner reads them (pages.Block)

    @property
    def name(self) -> str:
        return "/" + self.path


class Tab:
    """One browser tab that visits pages one after another, recording what each visit shows."""

    def __init__(self, context, base: str, site: Path, mode: str = "light") -> None:
        self.base, self.site, self.mode = base, site, mode
        self.current: PageVisit | None = None
        self.page = page = context.new_page()
        page.on("console", self._on_console)
        page.on("pageerror", lambda e: self._record("console_errors", f"uncaught: {e}"))
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)
        page.on("response", self._on_response)

    def _record(self, kind: str, text: str) -> None:
        if self.current is not None:
            getattr(self.current, kind).append(text)

    def _on_console(self, message) -> None:
        if message.type == "error":
            loc = message.location or {}
            where = f" ({loc.get('url')}:{loc.get('lineNumber')})" if loc.get("url") else ""
            self._record("console_errors", f"console.error: {message.text}{where}")

    def _on_request(self, req) -> None:
        if not req.url.startswith((self.base, "data:", "blob:", "about:")):
            self._record("outside_requests", f"{req.method} {req.url}")

    def _on_failed(self, req) -> None:
        if req.url.startswith(self.base):
            self._record("failed_requests", f"{req.method} {req.url}: {req.failure}")

    def _on_response(self, resp) -> None:
        if resp.url.startswith(self.base) and resp.status >= 400:
            self._record("failed_requests", f"{resp.request.method} {resp.url}: HTTP {resp.status}")

    def visit(
        self, path: str, copy_blocks: list[int] = (), screenshot: Path | None = None
    ) -> PageVisit:
        """Load one page and read everything the checks need; click the copy buttons of the
        code blocks numbered in `copy_blocks` (0-based, in page order, Mermaid excepted)."""
        t0 = time.monotonic()
        v = PageVisit(path=path, url=self.base + path, mode=self.mode)
        html = (
            self.site / path / "index.html"
            if path == "" or path.endswith("/")
            else self.site / path
        )
        v.mermaid_expected = len(re.findall(r'<pre class="mermaid"', html.read_text("utf-8")))
        page = self.page
        self.current = v
        try:
            page.goto(v.url, wait_until="load")
            if v.mermaid_expected:
                with contextlib.suppress(Exception):  # a diagram that never renders is reported
                    page.wait_for_function(
                        "n => document.querySelectorAll('div.mermaid').length >= n"
                        " || window.__errors.length",
                        arg=v.mermaid_expected,
                        timeout=MERMAID_TIMEOUT_MS,
                    )
            if screenshot is not None:  # as the page first shows, before any click
                screenshot.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(screenshot), full_page=True)
            v.data = page.evaluate(READ_PAGE)
            if v.data["scroll_width"] > v.data["inner_width"]:
                v.wide_elements = page.evaluate(WIDE_ELEMENTS)
            v.viewport = page.viewport_size or v.viewport
            v.layout = page.evaluate(LAYOUT)
            if copy_blocks:
                v.copied = _copy_all(page, copy_blocks)
        except Exception as exc:  # a page that cannot be read is a problem of that page
            v.console_errors.append(f"the page could not be loaded and read: {exc}")
            v.data = {**NOTHING_READ, **v.data}
        finally:
            self.current = None  # what leaving the page aborts is not the page's failure
            page.goto("about:blank")
        v.seconds = time.monotonic() - t0
        return v


def _copy_all(page, blocks: list[int]) -> dict[int, str | None]:
    """Press the copy button of each code block in `blocks`; the text each put on the clipboard.

    The buttons are pressed in the page (fast); a button whose press copied nothing is pressed
    again with a real mouse click, as a browser may only allow copying on a trusted click."""
    copied = page.evaluate(COPY_BLOCKS, list(blocks))
    result = {i: text for i, text in zip(blocks, copied, strict=True)}
    for i in [i for i, text in result.items() if text is None]:
        if page.evaluate(REVEAL_BLOCK, i):
            before = page.evaluate("window.__copied.length")
            page.locator("[data-copy-under-test]").click(force=True)
            texts = page.evaluate("n => window.__copied.slice(n)", before)
            result[i] = texts[-1] if texts else None
    return result


# --------------------------------------------------------------------------- the checks


def load_problems(v: PageVisit) -> list[str]:
    """Console errors (uncaught errors and rejections included), failed requests to the site,
    and any request that leaves the site."""
    out = [f"{v.name} [{v.mode}]: {_short(e)}" for e in v.console_errors]
    out += [f"{v.name} [{v.mode}]: failed request {r}" for r in v.failed_requests]
    out += [
        f"{v.name} [{v.mode}]: request outside the site (must be self-contained): {r}"
        for r in v.outside_requests
    ]
    return out


def link_problems(visits: list[PageVisit], base: str, site: Path) -> list[str]:
    """Every link inside the site points at a page or file that exists, and at an anchor on it."""
    ids = {v.path: set(v.data["ids"]) for v in visits}
    checked: dict[str, bool] = {}
    out = []
    for v in visits:
        for href in v.data["links"]:
            parts = urllib.parse.urlsplit(href)
            target = urllib.parse.unquote(parts.path[len(urllib.parse.urlsplit(base).path) :])
            fragment = urllib.parse.unquote(parts.fragment)
            if target in ids:
                if fragment and fragment not in ids[target]:
                    out.append(
                        f"{v.name}: link {href} -> no element with id {fragment!r} on /{target}"
                    )
                continue
            # Not a page we visited: a file of the site (or a page missing from it).
            url = base + target
            if url not in checked:
                checked[url] = _exists(url)
            if not checked[url]:
                out.append(f"{v.name}: link {href} -> /{target} does not exist (HTTP 404)")
            elif fragment:
                file = (
                    site / target / "index.html"
                    if target.endswith("/") or not target
                    else site / target
                )
                if file.suffix == ".html" and f'id="{fragment}"' not in file.read_text("utf-8"):
                    out.append(
                        f"{v.name}: link {href} -> no element with id {fragment!r} on /{target}"
                    )
    return out


def _exists(url: str) -> bool:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="HEAD"), timeout=10) as r:
            return r.status < 400
    except urllib.error.HTTPError:
        return False


def mermaid_problems(v: PageVisit) -> list[str]:
    """Every ```mermaid fence of the page became a picture: an SVG with shapes, not an error."""
    out = []
    diagrams = v.data["diagrams"]
    if len(diagrams) != v.mermaid_expected or v.data["mermaid_left"]:
        errors = [_short(e) for e in v.data["errors"]] or "none"
        out.append(
            f"{v.name} [{v.mode}]: {v.mermaid_expected} Mermaid diagram(s) in the page, "
            f"{len(diagrams)} rendered, {v.data['mermaid_left']} still shown as text; "
            f"errors: {errors}"
        )
    for n, d in enumerate(diagrams, 1):
        if not d["svg"]:
            out.append(f"{v.name}: diagram {n} has no picture (no SVG)")
        elif d["role"] == "error" or "Syntax error" in d["text"]:
            out.append(f"{v.name}: diagram {n} rendered Mermaid's error picture: {d['text']}")
        elif not (d["width"] > 0 and d["height"] > 0 and d["shapes"] > 0):
            out.append(
                f"{v.name}: diagram {n} is an empty picture ({d['width']}x{d['height']}, {d['shapes']} shapes)"
            )
    return out


def _short(error: str) -> str:
    """Mermaid's parse errors end with a long list of expected tokens: keep the head."""
    return " | ".join(line for line in error.split("\n")[:3] if line)[:300]


def copy_button_problems(v: PageVisit) -> list[str]:
    return [
        f"{v.name}: code block {i + 1} ({b['lang'] or 'no language'}: {b['head']!r}) has no copy button"
        for i, b in enumerate(v.data["blocks"])
        if not b["copy_button"]
    ]


def copy_text_problems(v: PageVisit, page_blocks: list, rel_md: str) -> list[str]:
    """Match the rendered code blocks to the page's fences (Mermaid fences excepted) by order;
    for every block the runner executes, what the copy button copied equals what it executed."""
    rendered = v.data["blocks"]
    fences = [b for b in page_blocks if b.lang != "mermaid"]
    if len(rendered) != len(fences):
        return [
            f"{v.name}: {len(fences)} code fences in {rel_md} but {len(rendered)} code blocks rendered: "
            f"cannot match them; rendered: {[b['lang'] for b in rendered]}, fences: {[b.lang for b in fences]}"
        ]
    out = []
    for i, (shown, block) in enumerate(zip(rendered, fences, strict=True)):
        where = f"{rel_md}:{block.line} (block {block.index}, {block.lang})"
        if block.lang and shown["lang"] != block.lang:
            out.append(
                f"{where}: rendered block {i + 1} is {shown['lang']!r}: blocks out of order?"
            )
            continue
        if not block.runs:
            continue
        copied = v.copied.get(i)
        if copied is None:
            out.append(f"{where}: clicking its copy button copied nothing")
        elif copied.rstrip("\n") != block.code.rstrip("\n"):
            out.append(
                f"{where}: the copy button copies other text than the runner executes:\n"
                + _diff(block.code, copied)
            )
    return out


def _diff(ran: str, copied: str) -> str:
    return "\n".join(
        difflib.unified_diff(
            ran.rstrip("\n").split("\n"),
            copied.rstrip("\n").split("\n"),
            "what the runner executes",
            "what the copy button copies",
            lineterm="",
            n=1,
        )
    )


def colour_problems(v: PageVisit) -> list[str]:
    """The page is in the colour scheme asked for, with readable text on its background."""
    want = {"light": ("default", lambda lum: lum > 0.7), "dark": ("slate", lambda lum: lum < 0.2)}
    scheme, ok = want[v.mode]
    bg, fg = _rgb(v.data["background"]), _rgb(v.data["text_color"])
    out = []
    if v.data["scheme"] != scheme:
        out.append(f"{v.name} [{v.mode}]: colour scheme {v.data['scheme']!r}, expected {scheme!r}")
    if bg is None or not ok(_luminance(bg)):
        out.append(
            f"{v.name} [{v.mode}]: background {v.data['background']} is not a {v.mode} background"
        )
    elif fg is not None and _contrast(fg, bg) < 4.5:
        out.append(
            f"{v.name} [{v.mode}]: text {v.data['text_color']} on {v.data['background']} "
            f"has contrast {_contrast(fg, bg):.1f} (< 4.5)"
        )
    return out


def width_problems(v: PageVisit) -> list[str]:
    d = v.data
    if d["scroll_width"] <= d["inner_width"]:
        return []
    return [
        f"{v.name}: scrolls sideways at {d['inner_width']} px wide (content {d['scroll_width']} px); "
        f"sticking out: {v.wide_elements}"
    ]


def _rgb(css: str) -> tuple[float, float, float] | None:
    m = re.match(r"rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)", css)
    if not m or (m.group(4) is not None and float(m.group(4)) == 0):
        return None
    return tuple(float(m.group(k)) / 255 for k in (1, 2, 3))


def _luminance(rgb) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# --------------------------------------------------------------------------- layout checks


def _at(v: PageVisit) -> str:
    return f"{v.name} [{v.viewport.get('width')} px]"


def output_label_problems(v: PageVisit) -> list[str]:
    """Every output block shows its "Output" label (extra.css, a ::before on its code)."""
    return [
        f'{v.name}: output block {o["index"] + 1} ({o["head"]!r}) shows no "Output" label '
        f"(::before content {o['label']}, display {o['display']}): see docs/stylesheets/extra.css"
        for o in v.layout.get("outputs", [])
        if "Output" not in (o["label"] or "") or o["display"] == "none"
    ]


def diagram_text_problems(v: PageVisit, min_px: float = MIN_DIAGRAM_TEXT_PX) -> list[str]:
    """The smallest text of every diagram is at least `min_px` CSS pixels on screen."""
    out = []
    for n, d in enumerate(v.layout.get("diagrams", []), 1):
        if d and d["min_text"] is not None and d["min_text"] < min_px:
            out.append(
                f"{_at(v)}: diagram {n} ({d['width']}x{d['height']} px) shows text at "
                f"{d['min_text']} px (< {min_px}), e.g. {d['sample']!r}: a wide diagram is "
                "scaled down to fit; draw it top to bottom, or split it"
            )
    return out


def code_scroll_problems(v: PageVisit) -> list[str]:
    """No code block scrolls sideways (lines too long for the column)."""
    return [
        f"{_at(v)}: code block {c['index'] + 1} scrolls sideways ({c['scroll']} px of text in "
        f"{c['client']} px); longest line ({c['chars']} chars): {c['line']!r}"
        for c in v.layout.get("wide_code", [])
    ]


def table_cut_problems(v: PageVisit) -> list[str]:
    """No table sticks out of the column that holds it (its right part cut off or hidden
    behind a sideways scroll). A reference table that is meant to be scrolled sideways on a
    phone opts out explicitly, inside `<div class="wide-table" markdown>`."""
    return [
        f"{_at(v)}: table {n} is cut: its right edge is at {t['right']} px, the column ends at "
        f"{t['limit']} px (first row: {t['head']!r}); use fewer or narrower columns"
        for n, t in enumerate(v.layout.get("tables", []), 1)
        if t["right"] > t["limit"] + 1 and not t.get("wide")
    ]


def empty_header_problems(v: PageVisit) -> list[str]:
    """No table has a header row with nothing in it (a key-value table written with `| | |`)."""
    return [
        f"{v.name}: table {n} has an empty header row (first row: {t['head']!r}); give the "
        "columns names, or use a list"
        for n, t in enumerate(v.layout.get("tables", []), 1)
        if t["empty_head_rows"]
    ]
