"""pytest plugin: run every code block of the site through pytest-markdown-docs.

pytest-markdown-docs collects Markdown files and turns each Python fence its parser returns into
a test item. This plugin uses only its public surfaces:

* the ``pytest_markdown_docs_markdown_it`` hook: our parser returns one real markdown-it fence
  token per block to test (Python and shell, run, skipped or checked), with the ``--8<--``
  includes expanded by pymdownx.snippets as the site renders them;
* the ``fixture:NAME`` fence option: each token is ``kafkalab_block()`` with
  ``fixture:kafkalab_block``, so pytest-markdown-docs' default runner calls our fixture, which
  runs the block as a learner would (``python snippets/x/y.py`` / ``bash``) against the lab
  broker, checks its shown output, and reports failures by page, line and block.

Everything else is plain pytest: skip markers (``notest``, ``data-requires``), report hooks (our
failure messages), ``pytest_runtest_teardown`` (background blocks stop at the end of their page),
``config.stash`` (the run's state). tests/test_runner_contract.py pins what we rely on.

Options: ``--update-outputs`` rewrites each shown output from the real run;
``--shuffle-pages`` (with ``--shuffle-seed N`` to repeat an order) runs the pages in a random
order, each page's blocks still in page order.

The run's report (kafkalab/docs/report.py: per page, blocks run, passed, failed, notest and
skipped with reasons, timings, lab mode, Kafka and client versions) is written after each page
and at the end; the site build shows it on every page (hooks/verified.py).
"""

from __future__ import annotations

import os
import random
import re
import resource
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kafkalab.docs import outputs, parallel, processes, report
from kafkalab.docs.pages import Block, Expander, Page, find_root, mkdocs_snippet_config, parse_page
from kafkalab.docs.requirements import lab_fixture, missing

FIXTURE = "kafkalab_block"
DEFAULT_BOOTSTRAP = "127.0.0.1:9092"  # kafkalab's single broker; snippets default to localhost:9092
MARKER = "markdown-docs"  # pytest-markdown-docs' marker on the items it generates


class BlockFailure(AssertionError):
    """A code block failed; the message already names page, line and block."""


class RunnerError(RuntimeError):
    """The runner itself failed (a bug, not the page's); the cause keeps its traceback.

    Never a TypeError: pytest-markdown-docs calls a runner again when the call raises TypeError,
    and a Kafka block must never run twice.
    """


@dataclass
class Running:
    """A background block that is running, and what its check needs when it stops."""

    block: Block
    proc: processes.Background
    script: str | None
    root: Path
    update: bool


@dataclass
class DocsState:
    executed: int = 0
    failed: int = 0
    pages: set[Path] = field(default_factory=set)
    updates: dict[Path, list[tuple[Block, str]]] = field(default_factory=dict)
    seconds: float = 0.0
    lab_lines: list[str] = field(default_factory=list)
    notest: list[str] = field(default_factory=list)  # notest skips of the selected pages
    ran: set[str] = field(default_factory=set)  # node ids whose block has been started
    backgrounds: dict[Path, list[Running]] = field(default_factory=dict)
    collecting: Path | None = None  # the file pytest-markdown-docs is collecting
    labs: dict[str, dict] = field(default_factory=dict)  # lab name -> mode, bootstrap, start
    # the report: per page (resolved path), the records of its items as they finish
    records: dict[Path, list[dict]] = field(default_factory=dict)
    last_item: dict[Path, str] = field(default_factory=dict)  # page -> nodeid of its last item
    selected: dict[Path, int] = field(default_factory=dict)  # page -> items selected in this run
    page_seconds: dict[Path, float] = field(default_factory=dict)
    reported: dict[str, dict] = field(default_factory=dict)  # this session's report entries
    report_file: Path | None = None
    shuffle_seed: int | None = None
    started: float = field(default_factory=time.time)
    started_monotonic: float = field(default_factory=time.monotonic)
    # parallel runs (kafkalab/docs/parallel.py): a worker's locks and unit, the controller's
    # snapshot of what ran before the run
    locks: parallel.Locks = field(default_factory=parallel.Locks)
    unit: str | None = None
    running_before: set[str] | None = None
    lock_wait: float = 0.0  # a worker's time waiting for other pages' locks


STATE = pytest.StashKey[DocsState]()


def state(config: pytest.Config) -> DocsState:
    return config.stash[STATE]


# --------------------------------------------------------------------------- pytest hooks


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("kafkalab docs")
    group.addoption(
        "--update-outputs",
        action="store_true",
        default=False,
        help="rewrite each {.text .output} block on the pages from a real run",
    )
    group.addoption(
        "--shuffle-pages",
        action="store_true",
        default=False,
        help="run the pages in a random order (each page's blocks stay in order); the seed "
        "is printed, --shuffle-seed N repeats an order",
    )
    group.addoption(
        "--shuffle-seed",
        type=int,
        default=None,
        help="the seed of --shuffle-pages (default: a random one, printed)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.stash[STATE] = DocsState()
    config.pluginmanager.register(_Hooks(config), "kafkalab-docs-hooks")
    seed = config.getoption("shuffle_seed", None)
    if parallel.is_worker(config):  # the controller's seed: every worker collects one order
        seed = config.workerinput.get("kafkalab_shuffle_seed")
    elif parallel.is_controller(config):
        if getattr(config.option, "dist", "no") in ("no", "load"):
            config.option.dist = "loadfile"  # a page's blocks run in order on one worker
        os.environ[parallel.KEEP_LABS] = "1"  # workers leave labs running; we stop them
        state(config).running_before = parallel.snapshot_running()
    if config.getoption("shuffle_pages", False) or seed is not None:
        state(config).shuffle_seed = seed if seed is not None else random.randrange(1, 10**6)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: each worker gets the controller's shuffle seed (one collection order)."""
    node.workerinput["kafkalab_shuffle_seed"] = state(node.config).shuffle_seed


def pytest_report_header(config: pytest.Config) -> str | None:
    seed = state(config).shuffle_seed
    if seed is None:
        return None
    return f"pages in a shuffled order: --shuffle-pages --shuffle-seed {seed}"


class _Parser(MarkdownIt):
    """What pytest-markdown-docs parses a page with: one fence token per block to test."""

    def __init__(self, config: pytest.Config) -> None:
        super().__init__("commonmark")
        self._config = config

    def parse(self, src: str, env=None) -> list[Token]:  # type: ignore[override]
        path = state(self._config).collecting
        if path is None or path.suffix != ".md":
            return super().parse(src, env)  # docstrings of .py files: upstream's behaviour
        page = parse_page(path, _root_of(path, self._config))
        tokens = []
        for b in page.tests:
            tok = Token("fence", "code", 0, map=[b.line - 1, b.end_line], markup="```")
            tok.info = f"python fixture:{FIXTURE}"
            tok.content = f"{FIXTURE}()\n"
            tokens.append(tok)
        return tokens


class _Hooks:
    def __init__(self, config: pytest.Config) -> None:
        self.config = config

    @pytest.hookimpl(tryfirst=True)
    def pytest_markdown_docs_markdown_it(self) -> MarkdownIt:
        return _Parser(self.config)

    @pytest.hookimpl(trylast=True)  # after -k/-m deselection and our notest marks
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        shuffle_pages(self.config, items)

    def pytest_collectstart(self, collector: pytest.Collector) -> None:
        path = getattr(collector, "path", None)
        if isinstance(collector, pytest.File) and path is not None:
            state(self.config).collecting = Path(path)


def _root_of(path: Path, config: pytest.Config) -> Path:
    return find_root(Path(path).parent) or Path(config.rootpath)


def _is_ours(item: pytest.Item) -> bool:
    return item.get_closest_marker(MARKER) is not None and Path(str(item.path)).suffix == ".md"


def _block_of(item: pytest.Item) -> tuple[Page, Block]:
    path = Path(str(item.path))
    page = parse_page(path, _root_of(path, item.config))
    return page, page.block_at(item.reportinfo()[1])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """notest blocks and blocks whose requirement is missing become real pytest skips."""
    for item in items:
        if not _is_ours(item):
            continue
        _page, block = _block_of(item)
        if block.error:
            continue
        if block.notest:
            reason = block.attrs.get("data-reason", "")
            item.add_marker(pytest.mark.skip(reason=f"line {block.line}: notest: {reason}"))
            item.stash[NOTEST] = reason
            continue
        for req in block.requires:
            why = missing(req)
            if why:
                item.add_marker(
                    pytest.mark.skip(reason=f"line {block.line}: data-requires={req}: {why}")
                )
                break


NOTEST = pytest.StashKey[str]()
SECONDS = pytest.StashKey[float]()  # how long the block itself ran (without starting a lab)
LAB_WAIT = pytest.StashKey[float]()  # how long the block waited for its lab to start
LOCK_WAIT = pytest.StashKey[float]()  # parallel runs: how long a page waited for its locks


def _page_key(item: pytest.Item) -> Path:
    return Path(str(item.path)).resolve()


def _is_page_item(item: pytest.Item) -> bool:
    """A test of a page (a block of a .md page, or a notebook): what --shuffle-pages moves."""
    return _is_ours(item) or Path(str(item.path)).suffix == ".ipynb"


def shuffle_pages(config: pytest.Config, items: list[pytest.Item]) -> None:
    """--shuffle-pages: the pages in a seeded random order, each page's items kept in order.

    Pages come first, then everything else in its own order (the site tests, which build the
    site from the report the pages wrote)."""
    seed = state(config).shuffle_seed
    if seed is None:
        return
    groups: dict[Path, list[pytest.Item]] = {}
    rest: list[pytest.Item] = []
    for item in items:
        if _is_page_item(item):
            groups.setdefault(_page_key(item), []).append(item)
        else:
            rest.append(item)
    order = list(groups)
    random.Random(seed).shuffle(order)
    items[:] = [it for key in order for it in groups[key]] + rest


def pytest_collection_finish(session: pytest.Session) -> None:
    st = state(session.config)
    for item in session.items:
        if _is_page_item(item):
            key = _page_key(item)
            st.selected[key] = st.selected.get(key, 0) + 1
            st.last_item[key] = item.nodeid


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if not _is_ours(item):
        if _is_page_item(item):  # a notebook: one item, in the report like a page
            _record_notebook(item, call, report, state(item.config))
        return report
    st = state(item.config)
    if report.skipped and call.when == "setup" and NOTEST in item.stash:
        block = _block_of(item)[1]
        st.notest.append(f"  {item.location[0]}:{block.line} {block.lang}: {item.stash[NOTEST]}")
    _record(item, call, report, st)
    exc = call.excinfo
    if exc is None or report.skipped:
        return report
    if isinstance(exc.value, BlockFailure):
        report.longrepr = str(exc.value)
    else:
        report.longrepr = (
            f"{item.nodeid}: internal error of the docs runner or the lab (not in the page's "
            "code); its traceback:\n" + str(exc.getrepr(style="long", chain=True))
        )
    return report


def _resources(item: pytest.Item) -> dict[str, str]:
    """The locks an item's unit holds in a parallel run (kafkalab/docs/parallel.py)."""
    suffix = Path(str(item.path)).suffix
    if _is_ours(item):
        page = _block_of(item)[0]
        names = page.services + [n for n in [page.python] if n and n not in page.services]
        return parallel.resources(page.lab, names, page.alone)
    if suffix == ".ipynb":
        import nbformat

        meta = nbformat.read(Path(str(item.path)), as_version=4).metadata.get("kafkalab") or {}
        alone = meta.get("alone") or []
        return parallel.resources(str(meta.get("lab", "single")), [], list(alone))
    if item.get_closest_marker("mode_independent") or item.get_closest_marker("browser"):
        return {parallel.MACHINE: "shared"}
    return {parallel.MACHINE: "alone"}  # tests that start, stop and break labs of their own


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """A parallel run: the first item of a unit (a page, a test module) takes its locks."""
    if not parallel.is_worker(item.config):
        return
    st = state(item.config)
    unit = parallel.unit_of(item)
    if st.unit != unit:
        st.locks.release()
        t0 = time.monotonic()
        st.locks.acquire(_resources(item))
        item.stash[LOCK_WAIT] = waited = time.monotonic() - t0
        st.lock_wait += waited
        st.unit = unit


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """The end of a page stops its background blocks (and checks them); in a parallel run,
    the end of a unit releases its locks."""
    try:
        return (yield from _teardown(item, nextitem))
    finally:
        st = state(item.config)
        if st.unit is not None and (nextitem is None or parallel.unit_of(nextitem) != st.unit):
            st.locks.release()
            st.unit = None


def _teardown(item: pytest.Item, nextitem: pytest.Item | None):
    problems: list[str] = []
    if _is_ours(item) and (nextitem is None or Path(str(nextitem.path)) != Path(str(item.path))):
        st = state(item.config)
        for running in st.backgrounds.pop(Path(str(item.path)).resolve(), []):
            problems.extend(_stop_and_check(running, st, "the end of the page"))
    result = yield
    if problems:
        raise BlockFailure("\n\n".join(problems))
    return result


# --------------------------------------------------------------------------- the run's report


def _record(item: pytest.Item, call: pytest.CallInfo, rep: pytest.TestReport, st: DocsState):
    """Keep what the report needs of each phase of a page's item; at the page's end, write it."""
    key = _page_key(item)
    waits = {"call": LAB_WAIT, "setup": LOCK_WAIT}
    wait = item.stash.get(waits[call.when], 0.0) if call.when in waits else 0.0
    st.page_seconds[key] = st.page_seconds.get(key, 0.0) + max(0.0, call.duration - wait)
    records = st.records.setdefault(key, [])
    if call.when == "setup" and rep.skipped or call.when == "call":
        _page, block = _block_of(item)
        if rep.skipped:
            outcome = "notest" if NOTEST in item.stash else "skipped"
            reason = item.stash.get(NOTEST, None)
            if reason is None:
                longrepr = rep.longrepr
                reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
                reason = re.sub(r"^(Skipped: )?line \d+: ", "", reason)
        else:
            outcome, reason = rep.outcome, None
        first = next((x for x in block.code.split("\n") if x.strip()), "")
        what = block.attrs.get("title") or first.strip()
        records.append(
            {
                "nodeid": item.nodeid,
                "line": block.line,
                "lang": block.lang,
                "outcome": outcome,
                "runs": bool(block.runs and not block.error),
                "seconds": round(item.stash.get(SECONDS, 0.0), 3),
                "what": what[:80],
                **({"reason": reason} if reason is not None else {}),
            }
        )
    elif call.when == "teardown" and rep.failed:
        # a background block failed its check at the end of the page: the page failed
        mine = [r for r in records if r["nodeid"] == item.nodeid]
        if mine:
            mine[-1]["outcome"] = "failed"
        else:
            records.append({"nodeid": item.nodeid, "line": 0, "lang": "", "outcome": "failed"})
    if call.when == "teardown" and st.last_item.get(key) == item.nodeid:
        _write_page(item, key, st)


def _write_page(item: pytest.Item, key: Path, st: DocsState) -> None:
    try:
        page = parse_page(key, _root_of(key, item.config))
        root = _root_of(key, item.config)
        digest = report.page_digest(page)
    except Exception:  # the page is unreadable: its blocks failed and said why
        return
    records = st.records.pop(key, [])
    executed = [r for r in records if r.get("runs") and r["outcome"] in ("passed", "failed")]
    failed = [r for r in records if r["outcome"] == "failed"]
    complete = st.selected.get(key, 0) >= len(page.tests)
    if failed:
        status = "failed"
    elif not complete:
        status = "partial"
    elif key in {Path(p).resolve() for p in st.updates}:
        status = "updated"
    else:
        status = report.VERIFIED
    lab = st.labs.get(page.lab, {})
    now = time.time()
    entry = {
        "status": status,
        "blocks": len(executed),
        "passed": sum(r["outcome"] == "passed" for r in executed),
        "failed": len(failed),
        "notest": [_skip(r) for r in records if r["outcome"] == "notest"],
        "skipped": [_skip(r) for r in records if r["outcome"] == "skipped"],
        "lab": page.lab,
        "mode": lab.get("mode"),
        "kafka": lab.get("kafka"),
        "clients": report.client_versions(),
        "date": time.strftime("%Y-%m-%d", time.gmtime(now)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        "seconds": round(st.page_seconds.pop(key, 0.0), 2),
        "digest": digest,
        "block_times": [
            {k: r[k] for k in ("line", "lang", "outcome", "seconds", "what") if k in r}
            for r in records
            if r.get("runs")
        ],
    }
    rel = _rel(key, root)
    st.reported[rel] = entry
    st.report_file = report.report_path(root)
    try:
        report.update(st.report_file, {rel: entry})
    except OSError as exc:
        st.lab_lines.append(f"WARNING: the run's report could not be written: {exc}")


def _record_notebook(item: pytest.Item, call, rep: pytest.TestReport, st: DocsState) -> None:
    key = _page_key(item)
    wait = item.stash.get(LOCK_WAIT, 0.0) if call.when == "setup" else 0.0
    st.page_seconds[key] = st.page_seconds.get(key, 0.0) + max(0.0, call.duration - wait)
    if call.when == "call" or (call.when == "setup" and not rep.passed):
        st.records[key] = [{"outcome": rep.outcome, "seconds": call.duration}]
    elif call.when == "teardown" and rep.failed:
        st.records.setdefault(key, []).append({"outcome": "failed"})
    if call.when != "teardown" or st.last_item.get(key) != item.nodeid:
        return
    import nbformat

    from kafkalab.docs.notebooks import code_digest

    root = _root_of(key, item.config)
    records = st.records.pop(key, [])
    try:
        nb = nbformat.read(key, as_version=4)
    except Exception:
        return
    cells = sum(c.cell_type == "code" for c in nb.cells)
    failed = any(r["outcome"] == "failed" for r in records)
    skipped = not records or all(r["outcome"] == "skipped" for r in records)
    lab_name = str((nb.metadata.get("kafkalab") or {}).get("lab", "single"))
    lab = st.labs.get(lab_name, {})
    now = time.time()
    status = "failed" if failed else "partial" if skipped else report.VERIFIED
    if status == report.VERIFIED and key in {Path(p).resolve() for p in st.updates}:
        status = "updated"
    entry = {
        "status": status,
        "blocks": cells if status != "partial" else 0,
        "passed": cells if status == report.VERIFIED else 0,
        "failed": int(failed),
        "notest": [],
        "skipped": [],
        "lab": lab_name,
        "mode": lab.get("mode"),
        "kafka": lab.get("kafka"),
        "clients": report.client_versions(),
        "date": time.strftime("%Y-%m-%d", time.gmtime(now)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now)),
        "seconds": round(st.page_seconds.pop(key, 0.0), 2),
        "digest": code_digest(nb),
        "block_times": [
            {
                "line": 0,
                "lang": "notebook",
                "outcome": r["outcome"],
                "what": "all cells",
                "seconds": round(r.get("seconds", 0.0), 3),
            }
            for r in records
        ],
    }
    rel = _rel(key, root)
    st.reported[rel] = entry
    st.report_file = report.report_path(root)
    try:
        report.update(st.report_file, {rel: entry})
    except OSError as exc:
        st.lab_lines.append(f"WARNING: the run's report could not be written: {exc}")


def _skip(record: dict) -> dict:
    return {"line": record["line"], "lang": record["lang"], "reason": record.get("reason", "")}


def _session_summary(st: DocsState, config: pytest.Config) -> dict:
    usage = [resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(st.started)),
        "finished": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "wall_seconds": round(time.monotonic() - st.started_monotonic, 2),
        "cpu_seconds": round(sum(u.ru_utime + u.ru_stime for u in usage), 2),
        "argv": list(config.invocation_params.args),
        "shuffle_seed": st.shuffle_seed,
        "labs": st.labs,
        "pages": sorted(st.reported),
        "blocks": st.executed,
        "failed": st.failed,
    }


def pytest_sessionfinish(session: pytest.Session) -> None:
    st = state(session.config)
    for page_runs in st.backgrounds.values():  # after -x or Ctrl-C: stop, don't check
        for running in page_runs:
            running.proc.close()
            _unlink(running.script)
    st.backgrounds.clear()
    for page_path, updates in st.updates.items():
        lines = page_path.read_text(encoding="utf-8").split("\n")
        for out_block, text in sorted(updates, key=lambda u: -u[0].line):
            pad = out_block.fence_indent
            new = [pad + line if line else "" for line in text.split("\n")] if text else []
            # the lines between the output block's fences (1-based fence lines)
            lines[out_block.line : out_block.end_line - 1] = new
        page_path.write_text("\n".join(lines), encoding="utf-8")
    if parallel.is_worker(session.config):
        st.lab_lines.append(f"waited {st.lock_wait:.1f} s in all for other pages' locks")
        session.config.workeroutput["kafkalab_docs"] = _worker_output(st)
        return  # the controller writes the run's summary
    if st.running_before is not None:  # a parallel run's controller
        for what in parallel.stop_started(st.running_before):
            st.lab_lines.append(f"stopped at the end of the run: {what}")
    if st.report_file is not None:
        try:
            report.update(st.report_file, session=_session_summary(st, session.config))
        except OSError as exc:
            st.lab_lines.append(f"WARNING: the run's report could not be written: {exc}")


def _worker_output(st: DocsState) -> dict:
    """What a parallel run's worker hands the controller (plain JSON-able values)."""
    return {
        "executed": st.executed,
        "failed": st.failed,
        "seconds": st.seconds,
        "pages": sorted(str(p) for p in st.pages),
        "lab_lines": st.lab_lines,
        "notest": st.notest,
        "labs": st.labs,
        "reported": sorted(st.reported),
        "report_file": str(st.report_file) if st.report_file else None,
    }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """xdist: a worker finished; add its counts to the controller's."""
    out = getattr(node, "workeroutput", {}).get("kafkalab_docs")
    if not out:
        return
    st = state(node.config)
    st.executed += out["executed"]
    st.failed += out["failed"]
    st.seconds += out["seconds"]
    st.pages.update(Path(p) for p in out["pages"])
    worker = node.workerinput.get("workerid", "?")
    st.lab_lines.extend(f"[{worker}] {line}" for line in out["lab_lines"])
    st.notest.extend(out["notest"])
    st.notest.sort()
    for name, facts in out["labs"].items():
        st.labs.setdefault(name, facts)
    st.reported.update({rel: {} for rel in out["reported"]})
    if out["report_file"]:
        st.report_file = Path(out["report_file"])


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not config.getoption("markdowndocs", default=False):
        return
    st = state(config)
    tr = terminalreporter
    tr.section("kafkalab docs")
    for line in st.lab_lines:
        tr.write_line(line)
    tr.write_line(
        f"code blocks executed: {st.executed} on {len(st.pages)} pages "
        f"({st.failed} failed) in {st.seconds:.1f} s; notest blocks: {len(st.notest)}"
    )
    for line in st.notest:
        tr.write_line(line)
    if st.report_file is not None:
        shown = _rel(st.report_file, Path(config.rootpath))
        tr.write_line(f"report of the run: {shown} (python -m kafkalab.bench reads it)")
    if st.shuffle_seed is not None:
        tr.write_line(
            f"pages ran in a shuffled order: --shuffle-pages --shuffle-seed {st.shuffle_seed}"
        )
    n_updates = sum(len(v) for v in st.updates.values())
    if n_updates:
        tr.write_line(f"outputs rewritten from real runs: {n_updates}")


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def kafka_single(request: pytest.FixtureRequest):
    """Bootstrap address of the single-broker lab (started once per session if needed)."""
    from kafkalab.native import SINGLE
    from kafkalab.provision import broker

    with _started("single", broker(SINGLE)) as b:
        _lab_ready(request.config, "single", "broker", b)
        yield b.bootstrap


@pytest.fixture(scope="session")
def kafka_cluster(request: pytest.FixtureRequest):
    """Bootstrap address of the 3-broker lab (started once per session if needed)."""
    from kafkalab.native import CLUSTER
    from kafkalab.provision import broker

    with _started("cluster", broker(CLUSTER)) as b:
        _lab_ready(request.config, "cluster", "cluster", b)
        yield b.bootstrap


@pytest.fixture(scope="session")
def kafka_quorum(request: pytest.FixtureRequest):
    """Bootstrap address of the lab of three broker+controller nodes (a quorum of three voters)."""
    from kafkalab.native import QUORUM
    from kafkalab.provision import broker

    with _started("quorum", broker(QUORUM)) as b:
        _lab_ready(request.config, "quorum", "quorum", b)
        yield b.bootstrap


@pytest.fixture(scope="session")
def kafka_secure(request: pytest.FixtureRequest):
    """SASL_PLAINTEXT address of the secured lab (TLS, SCRAM users, ACLs), started if needed.

    It runs natively in every mode (it has no Docker profile yet), and sets the KAFKA_SECURE_*
    variables that the Lesson 14 blocks read (`kafkalab env --secure`)."""
    from types import SimpleNamespace

    from kafkalab.provision import Way
    from kafkalab.secure import secure_broker

    with _started("secure", secure_broker()) as sb:
        b = SimpleNamespace(
            bootstrap=sb.lab.sasl_bootstrap,
            way=Way.NATIVE,
            start_seconds=sb.start_seconds,
            started_by_us=sb.started_by_us,
        )
        _lab_ready(request.config, "secure", "secure", b)
        yield b.bootstrap


@pytest.fixture(scope="session")
def kafkalab_service(request: pytest.FixtureRequest):
    """Start a service of kafkalab.services for the pages that name it (front matter
    `services:`), once a session; its variables go into every later block's environment.
    The services this session started are stopped at its end; one already running is left."""
    from kafkalab.services import service

    started: dict[str, object] = {}

    def start(name: str) -> None:
        if name in started:
            return
        svc = service(name)  # LookupError names the known services
        t0 = time.monotonic()
        with parallel.start_lock(name):
            was_running = svc.running()
            svc.start()
        os.environ.update(svc.env())
        started[name] = svc if not was_running else None
        st = state(request.config)
        st.lab_lines.append(
            f"service {name} ready in {time.monotonic() - t0:.1f} s"
            + (" (already running)" if was_running else "")
        )

    yield start
    if parallel.keep_labs():
        return  # a parallel run: the controller stops what the run started
    for svc in started.values():
        if svc is not None:
            svc.stop()


@contextmanager
def _started(name: str, provider):
    """Enter a lab's context manager (which may start the lab) under the lab's start lock."""
    stack = ExitStack()
    with parallel.start_lock(name):
        value = stack.enter_context(provider)
    with stack:
        yield value


def _lab_ready(config: pytest.Config, name: str, label: str, b) -> None:
    """A lab is ready: say so in the summary, and keep its facts for the report."""
    from kafkalab.versions import KAFKA_VERSION

    st = state(config)
    st.lab_lines.append(
        f"{label} ({b.way.value}) at {b.bootstrap}, ready in {b.start_seconds:.1f} s"
    )
    mode = b.way.name.lower()  # native, docker, existing
    st.labs[name] = {
        "mode": mode,
        "bootstrap": b.bootstrap,
        "start_seconds": round(b.start_seconds, 2),
        "started": bool(b.started_by_us),
        # the lab's brokers run the pinned release; an existing cluster's is not known here
        "kafka": KAFKA_VERSION if mode in ("native", "docker") else None,
        "label": b.way.value,
    }


@pytest.fixture
def kafkalab_block(request: pytest.FixtureRequest):
    """The block of this page test, as a call that runs it (the fence's code is `kafkalab_block()`)."""
    return BlockCall(request)


class BlockCall:
    def __init__(self, request: pytest.FixtureRequest) -> None:
        self.request = request
        self.item = request.node

    def __call__(self) -> None:
        st = state(self.item.config)
        if self.item.nodeid in st.ran:  # pytest-markdown-docs retried the call: never run twice
            raise RunnerError(f"{self.item.nodeid}: the block was already started once")
        st.ran.add(self.item.nodeid)
        try:
            page, block = _block_of(self.item)
        except Exception as exc:
            raise RunnerError(f"reading {self.item.path}: {type(exc).__name__}: {exc}") from exc
        t0 = time.monotonic()
        counted = block.runs and not block.error
        if counted:
            st.pages.add(page.path)
            st.executed += 1
        try:
            run_block(page, block, self.request, st)
        except BlockFailure:
            if counted:
                st.failed += 1
            raise
        except Exception as exc:  # a bug of ours: keep its traceback, and never a TypeError
            if counted:
                st.failed += 1
            raise RunnerError(f"{type(exc).__name__}: {exc}") from exc
        finally:
            elapsed = time.monotonic() - t0 - self.item.stash.get(LAB_WAIT, 0.0)
            self.item.stash[SECONDS] = elapsed
            st.seconds += elapsed


# --------------------------------------------------------------------------- running a block


def interpreter(page: Page) -> str:
    """The Python that runs the page's blocks: the runner's own, or for a page with
    `python: NAME` in its front matter, the interpreter of service NAME (its `python`
    attribute: kafkalab/streams.py's virtualenv, whose packages conflict with ours)."""
    if not page.python:
        return sys.executable
    from kafkalab.services import service

    path = getattr(service(page.python), "python", None)  # LookupError: unknown service
    if not path:
        raise LookupError(
            f"front matter `python: {page.python}` names a service with no Python "
            "interpreter (no `python` attribute); see kafkalab/services.py"
        )
    return str(path)


def block_env(bootstrap: str, python: str = sys.executable) -> dict[str, str]:
    env = dict(os.environ)
    if bootstrap != DEFAULT_BOOTSTRAP or "KAFKA_BOOTSTRAP_SERVERS" in os.environ:
        env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap
    # else: the lab's own broker at the default address, exactly what a learner's shell has.
    # `python` in a shell block is the page's interpreter: its bin/ comes first on PATH, then
    # ours (the Kafka CLI shims, kafka-*.sh, are console scripts of the course's environment).
    bins = dict.fromkeys([str(Path(python).parent), str(Path(sys.executable).parent)])
    env["PATH"] = os.pathsep.join([*bins, env.get("PATH", "")])
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("PYTEST_CURRENT_TEST", None)
    return env


def head(block: Block, root: Path, extra: str = "") -> str:
    rel = _rel(block.page, root)
    text = f"{rel}:{block.line}: block {block.number} ({block.lang}"
    if extra:
        text += f", {extra}"
    if block.includes:
        text += f", includes {', '.join(block.includes)}"
    return text + ")"


def run_block(page: Page, block: Block, request: pytest.FixtureRequest, st: DocsState) -> None:
    root = _root_of(page.path, request.config)
    if block.error:
        raise BlockFailure(f"{head(block, root)}\n{block.error}")
    if block.excerpt:
        return  # checked against its full file when the page was read (block.error otherwise)
    try:
        fixture = lab_fixture(page.lab)
    except LookupError as exc:
        raise BlockFailure(f"{head(block, root)}\n{exc}") from None
    t0 = time.monotonic()
    bootstrap = request.getfixturevalue(fixture)
    # a page's `python: NAME` is a service too (its virtualenv is built/checked like the others)
    names = page.services + [n for n in [page.python] if n and n not in page.services]
    if names:
        start_service = request.getfixturevalue("kafkalab_service")
        for name in names:
            try:
                start_service(name)
            except LookupError as exc:
                raise BlockFailure(f"{head(block, root)}\n{exc}") from None
    request.node.stash[LAB_WAIT] = time.monotonic() - t0
    try:
        python = interpreter(page)
    except LookupError as exc:
        raise BlockFailure(f"{head(block, root)}\n{exc}") from None
    update = bool(request.config.getoption("update_outputs"))
    problems: list[str] = []
    try:
        if block.background:
            start_background(page, block, root, bootstrap, update, st, python)
        else:
            run_foreground(block, root, bootstrap, update, st, python)
    except BlockFailure as exc:
        problems.append(str(exc))
    finally:
        for name in block.stops:
            running = _take_background(st, page.path, name)
            if running is not None:
                problems.extend(_stop_and_check(running, st, f"line {block.line}"))
    if problems:
        raise BlockFailure("\n\n".join(problems))


def command(block: Block, root: Path, python: str = sys.executable) -> tuple[list[str], str | None]:
    """The command a learner runs for this block, and the temporary script it needs (if any);
    `python` is the page's interpreter (interpreter())."""
    snippet = block.whole_snippet
    if snippet:
        resolved = Expander(root, mkdocs_snippet_config(root)).resolve(snippet)
        target = resolved if resolved is not None else root / snippet
        try:
            shown = str(target.resolve().relative_to(root.resolve()))
        except ValueError:
            shown = str(target)
        return [python, shown], None
    suffix = ".py" if block.kind == "python" else ".sh"
    stem = re.sub(r"[^\w-]", "_", block.page.stem)[:40]
    fd, script = tempfile.mkstemp(suffix=suffix, prefix=f"{stem}-line{block.line}-")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(block.code)
    if block.kind == "python":
        return [python, script], script
    return ["bash", "-eo", "pipefail", script], script


def run_foreground(
    block: Block,
    root: Path,
    bootstrap: str,
    update: bool,
    st: DocsState,
    python: str = sys.executable,
) -> None:
    extra = "expected to fail" if block.fails else ""
    where = head(block, root, extra)
    cmd, script = command(block, root, python)
    try:
        env = block_env(bootstrap, python)
        res = processes.run(cmd, root, env, block.timeout, merged=block.fails)
    finally:
        _unlink(script)
    stderr = _point_at_page(res.stderr, script, block, root)
    stdout = _point_at_page(res.stdout, script, block, root) if block.fails else res.stdout
    if res.timed_out:
        raise BlockFailure(
            f"{where}\ntimed out after {block.timeout:.0f} s (broker {bootstrap}); its whole "
            f"process group was stopped\n{_show_code(block)}\n--- stdout ---\n{stdout}"
            f"--- stderr ---\n{_tail(stderr)}"
        )
    if block.fails:
        want = block.attrs.get("data-exit")
        if res.returncode == 0:
            raise BlockFailure(
                f"{where}\nexited with status 0, but the block is marked .fails: it must fail "
                f"(broker {bootstrap})\n{_show_code(block)}\n--- output ---\n{stdout}"
            )
        if want is not None and res.returncode != int(want):
            raise BlockFailure(
                f'{where}\nexited with status {res.returncode}, not data-exit="{want}" '
                f"(broker {bootstrap})\n{_show_code(block)}\n--- output ---\n{stdout}"
            )
    elif res.returncode != 0:
        raise BlockFailure(
            f"{where}\nexited with status {res.returncode} (broker {bootstrap})\n"
            f"{_show_code(block)}\n--- stdout ---\n{stdout}--- stderr ---\n{_tail(stderr)}"
        )
    check_output(block, stdout, root, update, st, where)


def check_output(
    block: Block, actual: str, root: Path, update: bool, st: DocsState, where: str
) -> None:
    out = block.output
    if out is None or outputs.output_matches(out.code, actual):
        return
    if update:
        st.updates.setdefault(block.page, []).append((out, outputs.regenerate(out.code, actual)))
        return
    shown = "stdout and stderr together" if block.fails else "output"
    diff = outputs.diff(
        out.code,
        actual,
        fromfile=f"{_rel(out.page, root)}:{out.line} (shown on the page)",
        tofile="this run",
    )
    raise BlockFailure(
        f"{where}\nthe {shown} differs from the output shown on the page at line {out.line}\n"
        f"{diff}\n(`...` in the shown output matches varying text; lines it matched show as "
        "they ran; rerun with --update-outputs to rewrite it from a real run)"
    )


def start_background(
    page: Page,
    block: Block,
    root: Path,
    bootstrap: str,
    update: bool,
    st: DocsState,
    python: str = sys.executable,
) -> None:
    where = head(block, root, f'background "{block.name}"')
    cmd, script = command(block, root, python)
    output = processes.Output(merged=False)
    try:
        proc = processes.start(cmd, root, block_env(bootstrap, python), output)
    except BaseException:
        output.close()
        _unlink(script)
        raise
    bg = processes.Background(block.name, proc, output)
    running = Running(block, bg, script, root, update)
    ready = block.attrs.get("data-ready")
    if ready:
        if not bg.wait_for(ready, block.timeout):
            exited = proc.poll()
            out, err = bg.stop()
            bg.close()
            _unlink(script)
            why = (
                f"exited with status {exited} before it printed"
                if exited is not None
                else f"did not print within {block.timeout:.0f} s (data-timeout)"
            )
            raise BlockFailure(
                f"{where}\n{why} its data-ready text {ready!r}; it was stopped\n"
                f"{_show_code(block)}\n--- stdout ---\n{out}--- stderr ---\n{_tail(err)}"
            )
    st.backgrounds.setdefault(page.path.resolve(), []).append(running)


def _take_background(st: DocsState, page: Path, name: str) -> Running | None:
    runs = st.backgrounds.get(page.resolve(), [])
    for i, running in enumerate(runs):
        if running.block.name == name:
            return runs.pop(i)
    return None  # not started (deselected, skipped or failed to start: reported there)


def _stop_and_check(running: Running, st: DocsState, when: str) -> list[str]:
    """Stop a background block (after its data-until text, bounded); what went wrong, if anything."""
    block, bg, root = running.block, running.proc, running.root
    where = head(block, root, f'background "{block.name}", stopped at {when}')
    problems: list[str] = []
    until = block.attrs.get("data-until")
    try:
        if until:
            left = max(0.0, block.timeout - (time.monotonic() - bg.started))
            if not bg.wait_for(until, left):
                problems.append(
                    f"did not print its data-until text {until!r} within {block.timeout:.0f} s "
                    "of its start (data-timeout)"
                )
        out, err = bg.stop()
    finally:
        bg.close()
        _unlink(running.script)
    err = _point_at_page(err, running.script, block, root)
    if bg.exited_early not in (None, 0):
        problems.append(f"exited with status {bg.exited_early} before it was stopped")
    if problems:
        return [
            f"{where}\n" + "\n".join(problems) + f"\n{_show_code(block)}\n--- stdout ---\n{out}"
            f"--- stderr ---\n{_tail(err)}"
        ]
    try:
        check_output(block, out, root, running.update, st, where)
    except BlockFailure as exc:
        return [str(exc)]
    return []


# --------------------------------------------------------------------------- messages


def _point_at_page(text: str, script: str | None, block: Block, root: Path) -> str:
    """Tracebacks of an inline block name the page and its line, not a temporary file."""
    if not script or script not in text:
        return text
    page = _rel(block.page, root)

    def repl(m: re.Match[str]) -> str:
        k = int(m.group(1))
        line = block.code_lines[k - 1] if 0 < k <= len(block.code_lines) else block.line + k
        return f'File "{page}", line {line}'

    text = re.sub(re.escape(f'File "{script}", line ') + r"(\d+)", repl, text)
    return text.replace(script, f"{page}:{block.line}")


def _rel(path: Path, root: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path(root).resolve()))
    except ValueError:
        return str(path)


def _show_code(block: Block) -> str:
    lines = block.code.rstrip("\n").split("\n")
    width = len(str(len(lines)))
    return "--- block ---\n" + "\n".join(
        f"{i:>{width}} | {line}" for i, line in enumerate(lines, 1)
    )


def _tail(text: str, n: int = 40) -> str:
    if not text:
        return ""
    lines = text.rstrip("\n").split("\n")
    return "\n".join(lines[-n:]) + "\n"


def _unlink(path: str | None) -> None:
    if path:
        try:
            os.unlink(path)
        except OSError:
            pass
