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


def test_notebook_pages_are_measured_like_the_others() -> None:
    """A notebook's built page (mkdocs-jupyter's HTML): code cells are runnable blocks, outputs
    count their lines, a plot counts IMAGE_LINES, prompts and copy buttons are not prose, and a
    raw <details> in a markdown cell hides its content."""
    html = """<html><body><article><div class="jupyter-wrapper"><div class="jp-Notebook">
    <div class="jp-Cell jp-MarkdownCell"><div class="jp-InputPrompt"></div>
    <div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput">
    <h1>10. Title<a class="anchor-link" href="#t">&para;</a></h1>
    <ul><li><strong>Time:</strong> about 30 minutes</li></ul>
    <pre><code class="language-text">a shown fence
of two lines</code></pre>
    <h3>Exercise 1: try it</h3>
    <details class="success"><summary>Solution</summary><p>hidden words here</p>
    <div class="highlight"><pre><span></span>x = 1
y = 2
</pre></div></details></div></div>
    <div class="jp-Cell jp-CodeCell"><div class="jp-InputArea">
    <div class="jp-InputPrompt jp-InputArea-prompt">In [1]:</div>
    <div class="jp-CodeMirrorEditor"><div class="zeroclipboard-container"><clipboard-copy>
    <div><span class="notice" hidden>Copied!</span></div></clipboard-copy></div>
    <div class="highlight-ipynb hl-python"><pre><span></span>a = 1
b = 2
c = 3
</pre></div><div class="clipboard-copy-txt" id="cell-1">a = 1 b = 2 c = 3</div>
    </div></div>
    <div class="jp-OutputArea"><div class="jp-OutputArea-child">
    <div class="jp-OutputPrompt jp-OutputArea-prompt">Out [1]:</div>
    <div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain">
    <pre>one
two
</pre></div></div>
    <div class="jp-OutputArea-child"><div class="jp-OutputPrompt jp-OutputArea-prompt"></div>
    <div class="jp-RenderedImage jp-OutputArea-output"><img alt="a plot" src="data:,"></div>
    </div></div></div></div></div></article></body></html>"""
    m = standard.measure_html(html, "lessons/99-test.ipynb")
    assert m.lines == 2 + 3 + 2 + standard.IMAGE_LINES  # fence, cell, text output, plot
    assert m.blocks == 1  # the code cell
    assert m.exercises == 1
    assert m.stated == 30
    # "10. Title" (2) + "Time: about 30 minutes" (4) + "Exercise 1: try it" (4) + "Solution" (1)
    assert m.words == 2 + 4 + 4 + 1


def test_notebook_solutions_are_collapsed_and_run() -> None:
    """A notebook exercise's solution is a code cell tagged "solution" (it runs in the suite;
    mkdocs.yml leaves it out of the page), shown in the page by a collapsed <details> box of
    the markdown cell just above it, whose code is exactly the cell's source."""
    import json
    import re

    config = (standard.ROOT / "mkdocs.yml").read_text()
    notebooks = sorted(standard.LESSONS.glob("*.ipynb"))
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        boxes = 0
        for n, cell in enumerate(cells):
            text = "".join(cell["source"])
            if cell["cell_type"] == "markdown":
                boxes += text.count("<summary>Solution</summary>")
            if "solution" not in cell.get("metadata", {}).get("tags", []):
                continue
            above = "".join(cells[n - 1]["source"]) if n else ""
            box = re.search(
                r'<details class="success">\s*<summary>Solution</summary>(.*?)</details>',
                above,
                re.S,
            )
            assert box, f"{path.name} cell {n}: a solution cell needs a Solution box above it"
            fences = re.findall(r"```python\n(.*?)\n```", box.group(1), re.S)
            assert fences == [text], (
                f"{path.name} cell {n}: the Solution box above shows other code than the cell runs"
            )
            assert cell["metadata"].get("jupyter", {}).get("source_hidden"), (
                f"{path.name} cell {n}: collapse the solution cell in Jupyter too "
                '(metadata "jupyter": {"source_hidden": true})'
            )
            boxes -= 1
        assert boxes == 0, f"{path.name}: a Solution box without a solution cell after it"
    if notebooks:
        assert re.search(r"remove_cell_tags:\s*\[[^\]]*\bsolution\b", config), (
            "mkdocs.yml: mkdocs-jupyter must leave solution cells out of the page "
            "(remove_tag_config: remove_cell_tags: [solution])"
        )


def test_notebook_links_to_course_files_use_the_repo_url() -> None:
    """A notebook's markdown is not rendered by MkDocs' hooks, so `{{ repo_url }}` stays
    unreplaced there: a link to a file of the course is written out, and must start with
    mkdocs.yml's repo_url and name a file that exists."""
    import json
    import re

    m = re.search(
        r"^repo_url:\s*['\"]?([^'\"\s]+)", (standard.ROOT / "mkdocs.yml").read_text(), re.M
    )
    assert m, "mkdocs.yml has no repo_url"
    url = m.group(1).rstrip("/")
    for path in sorted(standard.LESSONS.glob("*.ipynb")):
        text = "".join(
            "".join(c["source"])
            for c in json.loads(path.read_text())["cells"]
            if c["cell_type"] == "markdown"
        )
        assert "{{ repo_" not in text, f"{path.name}: write the address out, not a placeholder"
        for link in re.findall(r"\]\((https://github\.com/[^)\s]+)\)", text):
            assert link.startswith(f"{url}/blob/main/"), f"{path.name}: {link} is not {url}"
            file = link.removeprefix(f"{url}/blob/main/").split("#")[0]
            assert (standard.ROOT / file).is_file(), f"{path.name}: {link}: no file {file}"
