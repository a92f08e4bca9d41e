"""Each lesson page against the budgets of the lesson standard, measured on the built site.

One test per page under docs/lessons/: visible code and output lines, prose words, runnable
blocks on the main path and the computed time within budget, and the page's stated
"about N minutes" equal to the computed estimate. The budget table is printed in the run's
summary (see tests/standard.py for how each figure is measured)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests import standard


@pytest.mark.parametrize("page", standard.lesson_pages())
def test_lesson_meets_the_standard(built_site: Path, page: str) -> None:
    measure = standard.measure_page(built_site, page)
    standard.RESULTS.append(measure)
    problems = measure.problems()
    assert not problems, (
        f"{page} does not meet the lesson standard:\n- "
        + "\n- ".join(problems)
        + "\n\n"
        + standard.table([measure])
    )


def test_measures_count_only_what_is_visible() -> None:
    """The measuring itself: collapsed boxes and later tabs are not counted, open ones are."""
    html = """<html><body><nav>navigation words here</nav><article>
    <h1>1. Title<a class="headerlink" href="#t">&para;</a></h1>
    <ul><li><strong>Time:</strong> about 10 minutes</li></ul>
    <p>five words of visible prose.</p>
    <div class="language-python highlight"><pre><code>a = 1
b = 2
</code></pre></div>
    <div class="language-text output highlight"><pre><code>out
</code></pre></div>
    <div class="language-bash notest highlight"><pre><code>shown only
</code></pre></div>
    <div class="language-python excerpt highlight"><pre><code>excerpt
</code></pre></div>
    <pre class="mermaid"><code>flowchart LR
  A --> B</code></pre>
    <details class="note"><summary>Go deeper</summary><p>hidden words do not count</p>
    <div class="language-python highlight"><pre><code>x = 1
y = 2
z = 3
</code></pre></div></details>
    <details class="note" open><summary>Open box</summary><p>shown</p>
    <div class="language-bash highlight"><pre><code>echo hi
</code></pre></div></details>
    <div class="tabbed-set tabbed-alternate"><div class="tabbed-content">
    <div class="tabbed-block"><p>first tab</p></div>
    <div class="tabbed-block"><p>second tab is hidden</p>
    <div class="language-bash highlight"><pre><code>echo no
</code></pre></div></div></div></div>
    <h3>Exercise 1: try it</h3>
    </article></body></html>"""
    m = standard.measure_html(html, "lessons/99-test.md")
    assert m.lines == 2 + 1 + 1 + 1 + 1  # python, output, notest, excerpt, open box's bash
    assert m.blocks == 2  # the python block and the open box's bash block
    assert m.exercises == 1
    assert m.stated == 10
    # "1. Title" (2) + "Time: about 10 minutes" (4) + 5 + "Go deeper" (2) + "Open box" (2)
    # + "shown" (1) + "first tab" (2) + "Exercise 1: try it" (4)
    assert m.words == 2 + 4 + 5 + 2 + 2 + 1 + 2 + 4
    # 22/180 + 6/15 + 2 + 6 = 8.52 -> 10
    assert m.minutes == 10
    assert m.ok
