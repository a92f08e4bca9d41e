"""pytest plugin: run every code block of the site through pytest-markdown-docs.

pytest-markdown-docs finds Python fences and runs them; this plugin gives it the parser it uses
(``pytest_markdown_docs_markdown_it``), and that parser hands it *every* runnable block of a page
(Python and shell) with the ``--8<--`` includes expanded by pymdownx.snippets, all routed to one
runner that executes the block as a learner would (``python file.py`` / ``bash``) against the
lab broker, checks the block's shown output, and reports failures by page, line and block.

Options: ``--update-outputs`` rewrites each shown output from the real run.
"""

from __future__ import annotations

import difflib
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
from pytest_markdown_docs._runners import _Runner, register_runner

from kafkalab.docs.pages import Block, output_matches, parse_page, parse_text, regenerate

RUNNER_NAME = "KafkaDocsRunner"
DEFAULT_BOOTSTRAP = "127.0.0.1:9092"  # kafkalab's single broker; snippets default to localhost:9092


class BlockFailure(AssertionError):
    """A code block failed; the message already names page, line and block."""


@dataclass
class RunStats:
    executed: int = 0
    failed: int = 0
    pages: set[Path] = field(default_factory=set)
    updates: dict[Path, list[tuple[Block, str]]] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class DocsContext:
    root: Path
    bootstrap: str
    update: bool
    stats: RunStats


_stats = RunStats()
_root: Path = Path.cwd()


# --------------------------------------------------------------------------- pytest hooks


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kafkalab docs")
    group.addoption(
        "--update-outputs",
        action="store_true",
        default=False,
        help="rewrite each {.text .output} block on the pages from a real run",
    )


def pytest_configure(config: pytest.Config) -> None:
    global _root
    _root = Path(config.rootpath)


class _Parser:
    """What pytest-markdown-docs calls `.parse(text)` on: yields one fence per runnable block."""

    def parse(self, text: str) -> list[SimpleNamespace]:
        page = parse_text(text, Path("<page>"), _root)
        tokens = []
        for b in page.blocks:
            if not (b.runs or b.error):
                continue
            tokens.append(
                SimpleNamespace(
                    type="fence",
                    map=[b.line - 1, b.end_line],
                    info=f"python runner:{RUNNER_NAME}",
                    content=b.code,
                )
            )
        return tokens


@pytest.hookimpl(tryfirst=True)
def pytest_markdown_docs_markdown_it() -> _Parser:
    return _Parser()


@pytest.fixture(scope="session")
def kafka_single():
    """Bootstrap address of the single-broker lab (started once per session if needed)."""
    from kafkalab.native import SINGLE
    from kafkalab.provision import broker

    with broker(SINGLE) as b:
        _stats_line(f"broker ({b.way.value}) at {b.bootstrap}, ready in {b.start_seconds:.1f} s")
        yield b.bootstrap


@pytest.fixture(scope="session")
def kafka_cluster():
    """Bootstrap address of the 3-broker lab (started once per session if needed)."""
    from kafkalab.native import CLUSTER
    from kafkalab.provision import broker

    with broker(CLUSTER) as b:
        _stats_line(f"cluster ({b.way.value}) at {b.bootstrap}, ready in {b.start_seconds:.1f} s")
        yield b.bootstrap


_lab_lines: list[str] = []


def _stats_line(text: str) -> None:
    _lab_lines.append(text)


@pytest.fixture(autouse=True)
def kafkalab_docs(request: pytest.FixtureRequest):
    """For page blocks: the broker the page's front matter asks for (`lab: single|cluster`)."""
    path = Path(str(request.node.path))
    if path.suffix != ".md" or request.node.get_closest_marker("markdown-docs") is None:
        yield None
        return
    page = parse_page(path, _root)
    if page.lab not in ("single", "cluster"):
        raise BlockFailure(f"{path}: unknown lab {page.lab!r} in front matter (single, cluster)")
    bootstrap = request.getfixturevalue(f"kafka_{page.lab}")
    global _current
    _current = DocsContext(_root, bootstrap, request.config.getoption("update_outputs"), _stats)
    yield _current
    _current = None


_current: DocsContext | None = None


def pytest_sessionfinish(session: pytest.Session) -> None:
    for page_path, updates in _stats.updates.items():
        lines = page_path.read_text(encoding="utf-8").split("\n")
        for out_block, text in sorted(updates, key=lambda u: -u[0].line):
            # lines between the output block's fences (1-based fence lines)
            pad = " " * out_block.indent
            new = [pad + line if line else "" for line in text.split("\n")] if text else []
            lines[out_block.line : out_block.end_line - 1] = new
        page_path.write_text("\n".join(lines), encoding="utf-8")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not config.getoption("markdowndocs", default=False):
        return
    tr = terminalreporter
    tr.section("kafkalab docs")
    for line in _lab_lines:
        tr.write_line(line)
    skipped = []
    for page_path in sorted(_all_pages(config)):
        page = parse_page(page_path, _root)
        for b in page.skipped:
            skipped.append(
                f"  {b.page.relative_to(_root)}:{b.line} {b.lang}: {b.attrs.get('data-reason', '')}"
            )
    tr.write_line(
        f"code blocks executed: {_stats.executed} on {len(_stats.pages)} pages "
        f"({_stats.failed} failed) in {_stats.seconds:.1f} s; notest blocks: {len(skipped)}"
    )
    for line in skipped:
        tr.write_line(line)
    n_updates = sum(len(v) for v in _stats.updates.values())
    if n_updates:
        tr.write_line(f"outputs rewritten from real runs: {n_updates}")


def _all_pages(config) -> list[Path]:
    docs = _root / "docs"
    return list(docs.rglob("*.md")) if docs.is_dir() else []


# --------------------------------------------------------------------------- the runner


@register_runner()
class KafkaDocsRunner(_Runner):
    def runtest(self, test, args, **_kwargs) -> None:
        ctx = _current
        if ctx is None:
            raise BlockFailure(f"{test.source_path}: code fences outside docs pages are not run")
        page = parse_page(Path(test.source_path), ctx.root)
        block = page.block_at(test.start_line)
        ctx.stats.pages.add(page.path)
        ctx.stats.executed += 1
        t0 = time.monotonic()
        try:
            run_block(block, ctx)
        except BlockFailure:
            ctx.stats.failed += 1
            raise
        finally:
            ctx.stats.seconds += time.monotonic() - t0

    def repr_failure(self, test, excinfo, style=None) -> str:
        if isinstance(excinfo.value, BlockFailure):
            return str(excinfo.value)
        return f"{test.source_path}:{test.start_line}: {excinfo.exconly()}"


def block_env(ctx: DocsContext) -> dict[str, str]:
    env = dict(os.environ)
    if ctx.bootstrap != DEFAULT_BOOTSTRAP or "KAFKA_BOOTSTRAP_SERVERS" in os.environ:
        env["KAFKA_BOOTSTRAP_SERVERS"] = ctx.bootstrap
    # else: the lab's own broker at the default address, exactly what a learner's shell has.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def run_block(block: Block, ctx: DocsContext) -> None:
    rel = _rel(block.page, ctx.root)
    head = f"{rel}:{block.line}: block {block.index} ({block.lang}"
    head += f", includes {', '.join(block.includes)})" if block.includes else ")"
    if block.error:
        raise BlockFailure(f"{head}\n{block.error}")
    suffix = ".py" if block.kind == "python" else ".sh"
    with tempfile.NamedTemporaryFile("w", suffix=suffix, delete=False, prefix="block-") as f:
        f.write(block.code)
        script = f.name
    cmd = (
        [sys.executable, script] if block.kind == "python" else ["bash", "-eo", "pipefail", script]
    )
    try:
        proc = subprocess.run(
            cmd,
            cwd=ctx.root,
            env=block_env(ctx),
            capture_output=True,
            text=True,
            timeout=block.timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise BlockFailure(
            f"{head}\ntimed out after {block.timeout:.0f} s (broker {ctx.bootstrap})\n"
            f"{_show_code(block)}\n--- stdout ---\n{_text(exc.stdout)}\n--- stderr ---\n{_text(exc.stderr)}"
        ) from None
    finally:
        os.unlink(script)
    if proc.returncode != 0:
        raise BlockFailure(
            f"{head}\nexited with status {proc.returncode} (broker {ctx.bootstrap})\n"
            f"{_show_code(block)}\n--- stdout ---\n{proc.stdout}--- stderr ---\n{_tail(proc.stderr)}"
        )
    out = block.output
    if out is None:
        return
    if output_matches(out.code, proc.stdout):
        return
    if ctx.update:
        ctx.stats.updates.setdefault(block.page, []).append(
            (out, regenerate(out.code, proc.stdout))
        )
        return
    diff = "\n".join(
        difflib.unified_diff(
            out.code.rstrip("\n").split("\n"),
            proc.stdout.rstrip("\n").split("\n"),
            fromfile=f"{rel}:{out.line} (shown on the page)",
            tofile="this run",
            lineterm="",
        )
    )
    raise BlockFailure(
        f"{head}\nthe output differs from the output shown on the page at line {out.line}\n{diff}\n"
        "(`...` in the shown output matches varying text; rerun with --update-outputs to "
        "rewrite it from a real run)"
    )


def _rel(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _show_code(block: Block) -> str:
    lines = block.code.rstrip("\n").split("\n")
    width = len(str(len(lines)))
    return "--- block ---\n" + "\n".join(
        f"{i:>{width}} | {line}" for i, line in enumerate(lines, 1)
    )


def _tail(text: str, n: int = 40) -> str:
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines[-n:]) + "\n"


def _text(data) -> str:
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data
