"""What the runner relies on from pytest-markdown-docs, pinned (kafkalab/docs/pytest_plugin.py).

The runner uses no private module of pytest-markdown-docs (no `_runners`, no `register_runner`).
It relies on these behaviours, each pinned below against the installed version, without our
plugin, so an upgrade that changes one fails here with a precise message (CI's canary job runs
this file against the newest releases):

1. the `pytest_markdown_docs_markdown_it` hook (firstresult) supplies the parser, and its
   `.parse(text)` is called while a Markdown file is collected, after `pytest_collectstart` for
   that file; the tokens' `type`, `map`, `info` and `content` are all it reads;
2. each "python" fence token becomes one item named `[CodeFence#N][line:L]`, N counting the
   tokens from 1 and L = map[0] + 1, which is also `item.reportinfo()[1]`; the item carries the
   `markdown-docs` marker;
3. `fixture:NAME` in the fence info fills fixture NAME at setup and puts its value in the
   globals the fence's code runs with (the default runner `exec`s the code);
4. the `--markdown-docs` (dest `markdowndocs`) and `--markdown-docs-syntax` options;
5. a TypeError raised by a runner makes pytest-markdown-docs call it again: our runner never
   lets a TypeError out and refuses a second call (tests/test_runner.py pins that side).
"""

from __future__ import annotations

import pytest

CONFTEST = """\
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

current = []


def pytest_collectstart(collector):
    current.append(str(getattr(collector, "path", "")))


class Parser(MarkdownIt):
    def parse(self, src, env=None):
        with open("parsed.txt", "a") as f:
            f.write(current[-1] + "\\n")
        tokens = []
        for line in (3, 10):
            tok = Token("fence", "code", 0, map=[line - 1, line + 2])
            tok.info = "python fixture:probe"
            tok.content = "probe()\\n"
            tokens.append(tok)
        return tokens


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it():
    return Parser()


@pytest.fixture
def probe(request):
    node = request.node

    def call():
        with open("calls.txt", "a") as f:
            marker = node.get_closest_marker("markdown-docs") is not None
            f.write(f"{node.name} {node.reportinfo()[1]} {marker}\\n")
        if "line:10" in node.name:
            raise TypeError("raised inside the runner")

    return call
"""


def test_the_pytest_markdown_docs_behaviours_the_runner_relies_on(
    pytester: pytest.Pytester,
) -> None:
    pytester.makeconftest(CONFTEST)
    pytester.path.joinpath("page.md").write_text("# A page\n")
    result = pytester.runpytest_subprocess(
        "--markdown-docs", "--markdown-docs-syntax=superfences", "-p", "no:cacheprovider", "-v"
    )
    # 1. the parser is ours, and it is called while the .md file is collected
    parsed = pytester.path.joinpath("parsed.txt").read_text().split("\n")
    assert parsed[0].endswith("page.md"), parsed
    # 2. item names, reportinfo line, marker; 3. fixture:NAME reaches the code's globals
    result.stdout.fnmatch_lines(
        [
            "*page.md::[[]CodeFence#1[]][[]line:3[]] PASSED*",
            "*[[]CodeFence#2[]][[]line:10[]] FAILED*",
        ]
    )
    calls = pytester.path.joinpath("calls.txt").read_text().splitlines()
    assert calls[0] == "[CodeFence#1][line:3] 3 True", calls
    # 5. the TypeError retry: upstream called the runner twice. If this changes, the guard in
    # kafkalab.docs.pytest_plugin.BlockCall may stay; update this pin and the docstring above.
    assert calls[1:] == ["[CodeFence#2][line:10] 10 True"] * 2, (
        "pytest-markdown-docs' retry on TypeError changed: " + repr(calls)
    )


def test_hook_and_options_exist() -> None:
    from pytest_markdown_docs import hooks, plugin

    spec = getattr(hooks.pytest_markdown_docs_markdown_it, "pytest_spec", {})
    assert spec.get("firstresult") is True, "the parser hook is no longer firstresult"
    assert hasattr(hooks, "pytest_markdown_docs_globals")
    assert plugin.MARKER_NAME == "markdown-docs"


def test_our_plugin_uses_no_private_module() -> None:
    import ast
    from pathlib import Path

    import kafkalab.docs as docs

    for path in Path(docs.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "pytest_markdown_docs"
            ):
                raise AssertionError(f"{path.name} imports {node.module}")
            if isinstance(node, ast.Import):
                for alias in node.names:
                    assert not alias.name.startswith("pytest_markdown_docs"), path.name
