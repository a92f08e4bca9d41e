"""The rendered site, as a reader meets it: every page of the built site in headless Chromium.

Each test reads the shared visits (conftest.py: every page loaded once per mode) and lists every
problem it finds, one line each, naming the page.
"""

from __future__ import annotations

import html
import re

import pytest

from . import sitecheck
from .sitecheck import SCREENSHOT_PAGES, SCREENSHOTS

pytestmark = pytest.mark.browser

# Search: (a term a reader types, the page under docs/ that must be among the results).
# One line per case: a term, and a page the search must list for it.
SEARCHES = [
    ("min.insync.replicas", "lessons/04-replication-fault-tolerance.md"),
    ("auto_offset_reset", "lessons/01-what-is-kafka.md"),
    ("cooperative-sticky", "lessons/03-consumer-groups-offsets.md"),
    ("murmur2", "lessons/02-topics-partitions-keys.md"),
    ("lesson01-page-views", "lessons/01-what-is-kafka.md"),
]


def _report(problems: list[str], what: str) -> None:
    """Fail with every problem, one per line (and no traceback: the lines say it all)."""
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems), pytrace=False)


def test_chromium_starts(browser) -> None:
    assert re.match(r"\d+\.", browser.version), browser.version


def test_every_page_of_the_site_is_checked(pages, sources) -> None:
    assert "" in pages and any(p.startswith("lessons/") for p in pages), pages
    missing = sorted(
        f"docs/{md} (expected at /{url})" for url, md in sources.items() if url not in pages
    )
    assert not missing, f"pages not in the built site: {missing}"


def test_pages_load_without_console_errors_or_failed_requests(light_visits, dark_visits) -> None:
    _report(
        [p for v in light_visits + dark_visits for p in sitecheck.load_problems(v)],
        "console errors or failed requests",
    )


def test_every_internal_link_and_anchor_resolves(light_visits, site) -> None:
    base, folder = site
    _report(sitecheck.link_problems(light_visits, base, folder), "broken internal links")


def test_every_mermaid_diagram_renders_as_a_picture(light_visits, dark_visits) -> None:
    assert sum(v.mermaid_expected for v in light_visits) > 0, (
        "the site has no Mermaid diagram to check"
    )
    _report(
        [p for v in light_visits + dark_visits for p in sitecheck.mermaid_problems(v)],
        "diagrams not rendered",
    )


def test_every_code_block_has_a_copy_button(light_visits) -> None:
    assert sum(len(v.data["blocks"]) for v in light_visits) > 0, (
        "the site has no code block to check"
    )
    _report(
        [p for v in light_visits for p in sitecheck.copy_button_problems(v)],
        "code blocks without a copy button",
    )


def test_what_a_reader_copies_is_what_the_runner_executes(light_visits) -> None:
    problems = []
    for v in light_visits:
        if v.source:
            problems += sitecheck.copy_text_problems(v, v.fences, f"docs/{v.source}")
    _report(problems, "code blocks whose copy differs from the code that runs")
    compared = sum(1 for v in light_visits for text in v.copied.values() if text is not None)
    assert compared > 0, "no runnable code block was compared"


@pytest.mark.parametrize("term, md", SEARCHES, ids=[term for term, _ in SEARCHES])
def test_search_finds_the_lesson(desktop_page, site, term: str, md: str) -> None:
    page, base = desktop_page
    url = sitecheck.url_of(md)
    # The case itself must hold: the term is on the page (Material's search splits terms at
    # '-' and '.', and lists pages matching any part, so this is what keeps the check honest).
    text = html.unescape(re.sub(r"<[^>]+>", "", (site[1] / url / "index.html").read_text("utf-8")))
    assert term in text, f"{term!r} is not on docs/{md}: not a search case"
    page.goto(base, wait_until="load")
    query = page.locator("input.md-search__input")
    query.click()
    query.press_sequentially(term)  # typed, as Material searches on key presses
    try:
        page.wait_for_function(
            "want => Array.from(document.querySelectorAll('.md-search-result__link'))"
            ".some(l => l.href.split(/[?#]/)[0] === want)",
            arg=base + url,
            timeout=10_000,
        )
    except Exception:
        results = page.evaluate(
            "Array.from(document.querySelectorAll('.md-search-result__link')).map(l => l.href)"
        )
        meta = page.locator(".md-search-result__meta").text_content()
        pytest.fail(
            f"searching {term!r} did not list /{url}; the search said {meta!r}, results: {results}",
            pytrace=False,
        )


def test_light_and_dark_mode_both_render(light_visits, dark_visits) -> None:
    _report(
        [p for v in light_visits + dark_visits for p in sitecheck.colour_problems(v)],
        "pages not rendered in the colour scheme asked for",
    )


def test_lesson_pages_do_not_scroll_sideways_on_a_phone(phone_visits) -> None:
    assert phone_visits, "no lesson page (lessons/...) in the site"
    _report(
        [p for v in phone_visits for p in sitecheck.width_problems(v)],
        f"lesson pages wider than a {sitecheck.PHONE['width']} px phone",
    )


def test_output_blocks_show_their_label(light_visits) -> None:
    assert any(v.layout.get("outputs") for v in light_visits), "no output block on the site"
    _report(
        [p for v in light_visits for p in sitecheck.output_label_problems(v)],
        'output blocks without their "Output" label',
    )


def test_diagram_text_is_legible_at_desktop_and_phone_width(light_visits, narrow_visits) -> None:
    _report(
        [p for v in light_visits + narrow_visits for p in sitecheck.diagram_text_problems(v)],
        f"diagrams with text under {sitecheck.MIN_DIAGRAM_TEXT_PX} px",
    )


def test_no_code_block_scrolls_sideways_at_desktop_width(light_visits) -> None:
    _report(
        [p for v in light_visits for p in sitecheck.code_scroll_problems(v)],
        f"code blocks that scroll sideways at {sitecheck.DESKTOP['width']} px",
    )


def test_no_table_is_cut_at_phone_width(narrow_visits) -> None:
    _report(
        [p for v in narrow_visits for p in sitecheck.table_cut_problems(v)],
        f"tables cut at {sitecheck.NARROW['width']} px",
    )


def test_no_table_has_an_empty_header_row(light_visits) -> None:
    _report(
        [p for v in light_visits for p in sitecheck.empty_header_problems(v)],
        "tables with an empty header row",
    )


def test_screenshots_of_home_and_lesson_1_in_both_modes(light_visits, dark_visits) -> None:
    for name in SCREENSHOT_PAGES:
        for mode in ("light", "dark"):
            shot = SCREENSHOTS / f"{name}-{mode}.png"
            assert shot.exists(), f"no screenshot {shot}"
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000, (
                shot
            )
