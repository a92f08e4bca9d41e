"""pytest plugin: run the site's Jupyter notebooks (``docs/**/*.ipynb``) in ``pytest --markdown-docs``.

Each notebook is one test item. It runs top to bottom in a fresh Python kernel (nbclient and
ipykernel, the interpreter running pytest) against the lab broker, like a reader's "Run all":

* the lab comes from the notebook's metadata ``{"kafkalab": {"lab": "single"}}`` (default
  ``single``), a name in ``LABS`` (``kafkalab/docs/requirements.py``); its session fixture gives the
  bootstrap address, passed to the kernel as ``KAFKA_BOOTSTRAP_SERVERS`` (with the Kafka CLI tools
  and ``python`` of this environment first on ``PATH``, as for a page's blocks);
* the kernel's working directory is the notebook's folder, as Jupyter's;
* every cell is bounded: ``{"kafkalab": {"cell_timeout": SECONDS}}`` (default 180 s); a cell that
  raises (a failed ``assert`` included) fails the test, naming the cell and its traceback.

mkdocs-jupyter renders the *stored* outputs (``execute: false``), so the site needs no broker. The
stored outputs must come from a run of the notebook as it is: ``--update-outputs`` (the same option
that rewrites the pages' output blocks) writes the outputs of the real run into the file, with a
digest of the code cells in its metadata; without it, the test fails when the stored outputs are
missing, contain an error, or were produced by different code. Refresh a notebook with::

    pytest --markdown-docs docs/lessons/10-performance-measured.ipynb --update-outputs

Notebooks are collected only with ``--markdown-docs`` (the README's test command), like the pages.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import NoReturn

import pytest

from kafkalab.docs.requirements import lab_fixture

DEFAULT_LAB = "single"
DEFAULT_CELL_TIMEOUT = 180.0  # seconds, per cell
STARTUP_TIMEOUT = 60  # seconds for the kernel to start


NOTES = pytest.StashKey[list[str]]()


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def fail(message: str) -> NoReturn:
    """Fail the notebook's test with only this message (no traceback into the runner)."""
    pytest.fail(ANSI.sub("", message), pytrace=False)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.suffix != ".ipynb" or ".ipynb_checkpoints" in file_path.parts:
        return None
    if not getattr(parent.config.option, "markdowndocs", False):
        return None
    return NotebookFile.from_parent(parent, path=file_path)


class NotebookFile(pytest.File):
    def collect(self):
        yield pytest.Function.from_parent(self, name="notebook", callobj=_run_notebook)


def _settings(nb) -> dict:
    meta = nb.metadata.get("kafkalab", {})
    if not isinstance(meta, dict):
        fail('notebook metadata "kafkalab" must be an object, e.g. {"lab": "single"}')
    return meta


def code_digest(nb) -> str:
    """A digest of the code cells' sources: the stored outputs belong to exactly this code."""
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    return hashlib.sha256(json.dumps(sources).encode()).hexdigest()


def stored_output_problems(nb) -> list[str]:
    """Why the stored outputs are not those of a complete, clean run of this code ([] if they are)."""
    problems = []
    stored = _settings(nb).get("outputs_of")
    if stored != code_digest(nb):
        problems.append(
            "the stored outputs were not produced by the code cells as they are now"
            if stored
            else "the notebook has no outputs stored from a run"
        )
    code = [c for c in nb.cells if c.cell_type == "code"]
    for n, cell in enumerate(code, start=1):
        if cell.get("execution_count") != n:
            problems.append(f"code cell {n}: not run in order from a fresh kernel")
            break
    for n, cell in enumerate(code, start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            problems.append(f"code cell {n}: its stored output is an error")
    return problems


def _cell_number(nb, cell_index: int | None) -> str:
    if cell_index is None:
        return "a cell"
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    return f"code cell {code.index(cell_index) + 1}" if cell_index in code else f"cell {cell_index}"


def _run_notebook(request: pytest.FixtureRequest) -> None:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import (
        CellExecutionError,
        CellTimeoutError,
    )

    from kafkalab.docs.pytest_plugin import block_env

    path = Path(request.node.path)
    root = Path(str(request.config.rootpath))
    rel = path.relative_to(root) if path.is_relative_to(root) else path
    nb = nbformat.read(path, as_version=4)
    meta = _settings(nb)
    try:
        fixture = lab_fixture(str(meta.get("lab", DEFAULT_LAB)))
    except LookupError as exc:
        fail(f"{rel}: {exc}")
    bootstrap = request.getfixturevalue(fixture)
    env = block_env(bootstrap)
    env["KAFKA_BOOTSTRAP_SERVERS"] = bootstrap  # the kernel always gets it, whatever the address
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    timeout = float(meta.get("cell_timeout", DEFAULT_CELL_TIMEOUT))
    update = bool(request.config.getoption("update_outputs", default=False))

    client = NotebookClient(
        nb,
        timeout=timeout,
        startup_timeout=STARTUP_TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
    )
    t0 = time.monotonic()
    error = None  # failed outside the except blocks: the message alone, no exception chain
    try:
        client.execute(env=env)
    except CellTimeoutError as exc:
        error = (
            f"{rel}: {_cell_number(nb, _unfinished_cell(nb))} ran longer than {timeout:.0f} s "
            f"(broker {bootstrap}); the kernel was stopped.\n{exc}"
        )
    except CellExecutionError as exc:
        error = f"{rel}: {_cell_number(nb, _failed_cell(nb))} failed (broker {bootstrap}):\n{exc}"
    if error is not None:
        fail(error)
    seconds = time.monotonic() - t0
    request.node.user_properties.append(("notebook_seconds", round(seconds, 1)))

    if update:
        nb.metadata.setdefault("kafkalab", {})["outputs_of"] = code_digest(nb)
        nbformat.write(nb, path)
        note = f"{rel}: ran in {seconds:.0f} s; its outputs were rewritten from this run"
    else:
        stored = nbformat.read(path, as_version=4)
        problems = stored_output_problems(stored)
        if problems:
            fail(
                f"{rel}: the notebook ran, but its stored outputs are not from a run of it:\n- "
                + "\n- ".join(problems)
                + f"\nRefresh them: pytest --markdown-docs {rel} --update-outputs"
            )
        note = f"{rel}: ran in {seconds:.0f} s"
    request.config.stash.setdefault(NOTES, []).append(note)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    notes = config.stash.get(NOTES, [])
    if notes:
        terminalreporter.write_sep("-", "notebooks")
        for note in notes:
            terminalreporter.write_line(note)


def _unfinished_cell(nb) -> int | None:
    """The last code cell that started (it has an execution count): the one that was running."""
    started = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and cell.get("execution_count") is not None
    ]
    return started[-1] if started else None


def _failed_cell(nb) -> int | None:
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return None
