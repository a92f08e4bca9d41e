"""Fixtures of the browser tests: the built site served on 127.0.0.1, one headless Chromium for
the session, and every page visited once per mode (light, dark, phone width), shared by the tests.

Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM), driven by Playwright for Python; nothing
is downloaded. Without a browser these tests fail with one message saying how to get one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from kafkalab.docs.pages import parse_page

from . import sitecheck
from .sitecheck import ROOT, SCREENSHOT_PAGES, SCREENSHOTS

_summary: dict = {"seconds": 0.0, "pages": [], "shots": []}


def _why_no_browser() -> str | None:
    if not Path(sitecheck.CHROMIUM).exists():
        return f"{sitecheck.CHROMIUM} not found"
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    return None


@pytest.hookimpl(trylast=True)  # after -k and -m have chosen the tests
def pytest_collection_modifyitems(config, items) -> None:
    """Without a browser, keep one test that needs it (it fails saying why) and deselect the
    others, so the run fails with one message instead of one per test."""
    if _why_no_browser() is None:
        return
    needs = [item for item in items if "browser" in getattr(item, "fixturenames", ())]
    if len(needs) > 1:
        config.hook.pytest_deselected(items=needs[1:])
        items[:] = [item for item in items if item not in needs[1:]]


def pytest_runtest_logreport(report) -> None:
    if "tests/browser/" in report.nodeid.replace("\\", "/"):
        _summary["seconds"] += report.duration


@pytest.hookimpl(trylast=True)  # last, so the screenshots' folder is near the end of the output
def pytest_terminal_summary(terminalreporter) -> None:
    if not _summary["seconds"]:
        return
    tr = terminalreporter
    tr.section("browser")
    tr.write_line(
        f"browser suite (tests/browser): {_summary['seconds']:.1f} s, setup and teardown included"
    )
    if _summary["pages"]:
        tr.write_line(
            f"pages checked in Chromium ({len(_summary['pages'])}): "
            + ", ".join("/" + p for p in _summary["pages"])
        )
    if _summary["shots"]:
        tr.write_line(f"screenshots: {SCREENSHOTS}/ ({', '.join(_summary['shots'])})")


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, started once for the session."""
    why = _why_no_browser()
    if why:
        pytest.fail(sitecheck.NO_BROWSER.format(why=why), pytrace=False)
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(
            executable_path=sitecheck.CHROMIUM, args=sitecheck.CHROMIUM_ARGS
        )
    except Exception as exc:
        pw.stop()
        pytest.fail(
            sitecheck.NO_BROWSER.format(why=f"{sitecheck.CHROMIUM} did not start: {exc}"),
            pytrace=False,
        )
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="session")
def site(built_site: Path):
    """The built site served on 127.0.0.1 (a free port): (base URL, site folder)."""
    with sitecheck.serve(built_site) as base:
        yield base, built_site


@pytest.fixture(scope="session")
def pages(site) -> list[str]:
    """Every page of the built site, by URL path ('' is the home page)."""
    return sitecheck.page_paths(site[1])


@pytest.fixture(scope="session")
def sources() -> dict[str, str]:
    """URL path -> page file under docs/, for every Markdown page."""
    docs = ROOT / "docs"
    return {
        sitecheck.url_of(p.relative_to(docs).as_posix()): p.relative_to(docs).as_posix()
        for p in docs.rglob("*.md")
    }


def _context(browser, mode: str, viewport: dict):
    context = browser.new_context(viewport=viewport, color_scheme=mode)
    context.add_init_script(sitecheck.INIT_SCRIPT)
    return context


def _visit_all(browser, site, pages, sources, mode, viewport, copy=False, only=None):
    base, folder = site
    shots = {sitecheck.url_of(md): name for name, md in SCREENSHOT_PAGES.items()}
    context = _context(browser, mode, viewport)
    tab = sitecheck.Tab(context, base, folder, mode)
    visits = []
    try:
        for path in pages:
            if only and not only(path):
                continue
            fences = []
            if copy and path in sources:  # read with the site just built
                fences = parse_page(ROOT / "docs" / sources[path], ROOT).blocks
            code_blocks = [b for b in fences if b.lang != "mermaid"]  # as rendered, in order
            runs = [i for i, block in enumerate(code_blocks) if block.runs]
            shot = None
            if path in shots and viewport is sitecheck.DESKTOP:
                shot = SCREENSHOTS / f"{shots[path]}-{mode}.png"
                _summary["shots"].append(shot.name)
            visit = tab.visit(path, runs, shot)
            visit.source, visit.fences = sources.get(path, ""), fences
            visits.append(visit)
    finally:
        context.close()
    return visits


@pytest.fixture(scope="session")
def light_visits(browser, site, pages, sources) -> list[sitecheck.PageVisit]:
    """Every page in light mode at desktop width, clicking the copy button of each block that runs."""
    visits = _visit_all(browser, site, pages, sources, "light", sitecheck.DESKTOP, copy=True)
    _summary["pages"] = [v.path for v in visits]
    return visits


@pytest.fixture(scope="session")
def dark_visits(browser, site, pages, sources) -> list[sitecheck.PageVisit]:
    """Every page in dark mode (the reader's system prefers dark) at desktop width."""
    return _visit_all(browser, site, pages, sources, "dark", sitecheck.DESKTOP)


@pytest.fixture(scope="session")
def phone_visits(browser, site, pages, sources) -> list[sitecheck.PageVisit]:
    """Every lesson page at phone width."""
    return _visit_all(
        browser,
        site,
        pages,
        sources,
        "light",
        sitecheck.PHONE,
        only=lambda p: p.startswith("lessons/"),
    )


@pytest.fixture(scope="session")
def narrow_visits(browser, site, pages, sources) -> list[sitecheck.PageVisit]:
    """Every page at 390 px (a common phone): diagrams legible, no table cut."""
    return _visit_all(browser, site, pages, sources, "light", sitecheck.NARROW)


@pytest.fixture(scope="session")
def desktop_page(browser, site):
    """A tab at desktop width for interactive checks (search); yields (page, base URL)."""
    context = _context(browser, "light", sitecheck.DESKTOP)
    page = context.new_page()
    yield page, site[0]
    context.close()
