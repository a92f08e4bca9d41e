"""Parallel pages (`pytest --markdown-docs -n 2`, kafkalab/docs/parallel.py): each page runs whole
on one worker, a page with `alone: [machine]` never overlaps another page, and the summary adds
up the workers' counts."""

from __future__ import annotations

import threading
import time

import pytest

from kafkalab.docs import parallel, report
from tests.test_runner import make_site, run_site

# Each page appends "<page> start|end <time>" around a sleep: the intervals show what overlapped.
PAGE = """\
    ---
    {front}
    ---

    # Page {name}

    ~~~{{.bash}}
    echo "{name} start $(date +%s.%N)" >> {log}; sleep 2; echo "{name} end $(date +%s.%N)" >> {log}
    ~~~

    ~~~{{.bash}}
    echo "{name} second block"
    ~~~

    ~~~{{.text .output}}
    {name} second block
    ~~~
"""


def intervals(log: str) -> dict[str, tuple[float, float]]:
    seen: dict[str, dict[str, float]] = {}
    for line in log.splitlines():
        name, what, at = line.split()
        seen.setdefault(name, {})[what] = float(at)
    return {name: (t["start"], t["end"]) for name, t in seen.items()}


def test_alone_pages_never_overlap_and_the_summary_adds_up(
    pytester: pytest.Pytester, kafka_single: str, tmp_path
) -> None:
    log = tmp_path / "intervals.log"
    fronts = {"a": "lab: single", "b": "alone: [machine]", "c": "lab: single", "d": "lab: single"}
    make_site(
        pytester,
        {f"{n}.md": PAGE.format(front=f, name=n, log=log) for n, f in fronts.items()},
    )
    # the inner run's locks are its own: an outer parallel run holds the real ones
    pytester._monkeypatch.setenv(parallel.LOCK_DIR, str(tmp_path / "locks"))
    result = run_site(pytester, kafka_single, "-n", "2")
    out = result.stdout.str()
    assert result.ret == 0, out
    assert "code blocks executed: 8 on 4 pages (0 failed)" in out, out
    assert "[gw0] broker" in out and "[gw1] broker" in out, out  # both workers ran pages
    spans = intervals(log.read_text())
    assert sorted(spans) == ["a", "b", "c", "d"]
    b_start, b_end = spans["b"]
    for name in "acd":
        start, end = spans[name]
        assert end <= b_start or start >= b_end, f"page {name} overlapped the alone page b: {spans}"


def test_shared_locks_coexist_and_an_alone_lock_waits(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv(parallel.LOCK_DIR, str(tmp_path))
    first, second = parallel.Locks(), parallel.Locks()
    first.acquire({"single": "shared", "machine": "shared"})
    second.acquire({"single": "shared"})  # returns at once: shared with shared
    second.release()
    got = threading.Event()

    def alone() -> None:
        third = parallel.Locks()
        third.acquire({"machine": "alone"})
        got.set()
        third.release()

    t = threading.Thread(target=alone)
    t.start()
    time.sleep(0.5)
    assert not got.is_set(), "an alone lock was granted while a shared one was held"
    first.release()
    t.join(5)
    assert got.is_set(), "the alone lock was not granted after the shared one was released"


def test_resources_of_a_page() -> None:
    res = parallel.resources("cluster", ["registry"], ["cluster"])
    assert res == {"cluster": "alone", "registry": "shared", "machine": "shared"}
    res = parallel.resources("single", [], ["machine"])
    assert res == {"single": "shared", "machine": "alone"}


BUSY = """\
    # Page {name}

    ~~~{{.python}}
    import time
    end = time.process_time() + 1.5
    while time.process_time() < end:
        pass
    ~~~
"""


def test_cpu_time_of_a_parallel_run_counts_the_workers(
    pytester: pytest.Pytester, kafka_single: str, tmp_path
) -> None:
    """Each page's block burns 1.5 s of CPU on its worker; the report's session CPU time must hold
    both: the controller writes it after xdist has reaped its workers, so they count as its
    children."""
    import json

    make_site(pytester, {f"{n}.md": BUSY.format(name=n) for n in "ab"})
    pytester._monkeypatch.delenv(report.ENV, raising=False)  # the small site's own report
    pytester._monkeypatch.setenv(parallel.LOCK_DIR, str(tmp_path / "locks"))
    result = run_site(pytester, kafka_single, "-n", "2")
    assert result.ret == 0, result.stdout.str()
    session = json.loads((pytester.path / "test-artifacts" / "report.json").read_text())["session"]
    assert session["cpu_seconds"] >= 3.0, session
