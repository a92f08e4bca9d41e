"""The run's report (kafkalab/docs/report.py), --shuffle-pages, and the "verified" line that the
site shows from the report (hooks/verified.py).

The runner's part runs small sites through `pytest --markdown-docs` in a subprocess, as
tests/test_runner.py does; the site's part builds a small site with the hook and a report
written by hand, so each verdict (verified, failed, missing, changed) is checked on its own.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kafkalab.docs import report
from kafkalab.docs.pages import parse_page
from tests.test_runner import make_site, run_site

ROOT = Path(__file__).resolve().parent.parent
HOOK = ROOT / "hooks" / "verified.py"

GREEN = """\
    # Green

    ~~~bash
    echo one
    ~~~

    ~~~{.text .output}
    one
    ~~~

    ~~~{.bash .notest data-reason="needs a Docker engine"}
    docker compose up -d
    ~~~

    ~~~python
    print("two")
    ~~~
"""

RED = """\
    # Red

    ~~~bash
    echo fine
    ~~~

    ~~~bash
    exit 3
    ~~~
"""


def _report(pytester: pytest.Pytester) -> dict:
    path = pytester.path / "test-artifacts" / "report.json"
    assert path.is_file(), "the runner wrote no report"
    return json.loads(path.read_text())


@pytest.fixture(autouse=True)
def _own_report_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(report.ENV, raising=False)  # the small sites write their own report


def test_the_report_has_each_page_with_its_figures(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    make_site(pytester, {"green.md": GREEN, "red.md": RED})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=3, failed=1, skipped=1)
    result.stdout.fnmatch_lines(["report of the run: *test-artifacts/report.json*"])
    data = _report(pytester)
    green, red = data["pages"]["docs/green.md"], data["pages"]["docs/red.md"]
    assert green["status"] == "passed" and green["blocks"] == 2 and green["passed"] == 2
    assert green["notest"] == [{"line": 11, "lang": "bash", "reason": "needs a Docker engine"}]
    assert green["mode"] == "existing" and green["kafka"] is None  # KAFKA_BOOTSTRAP_SERVERS
    assert green["clients"]["kafka-python"] and green["clients"]["confluent-kafka"]
    assert [b["line"] for b in green["block_times"]] == [3, 15]
    assert all(b["seconds"] > 0 and b["outcome"] == "passed" for b in green["block_times"])
    assert green["digest"] == report.page_digest(parse_page(pytester.path / "docs/green.md"))
    assert red["status"] == "failed" and red["failed"] == 1 and red["blocks"] == 2
    session = data["session"]
    assert session["pages"] == ["docs/green.md", "docs/red.md"]
    assert session["wall_seconds"] > 0 and session["cpu_seconds"] > 0
    assert session["labs"]["single"]["mode"] == "existing"


def test_a_page_run_in_part_is_partial_and_other_pages_entries_are_kept(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    make_site(pytester, {"green.md": GREEN, "red.md": RED})
    run_site(pytester, kafka_single)
    result = run_site(pytester, kafka_single, "-k", "green and line:15", target="docs/green.md")
    result.assert_outcomes(passed=1, deselected=2)
    data = _report(pytester)
    assert data["pages"]["docs/green.md"]["status"] == "partial"
    assert data["pages"]["docs/red.md"]["status"] == "failed"  # from the run before


PAGE = """\
    # Page {name}

    ~~~bash
    echo {name}-1 >> {log}
    ~~~

    ~~~bash
    echo {name}-2 >> {log}
    ~~~
"""


def test_shuffle_pages_keeps_blocks_in_order_and_prints_its_seed(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    log = pytester.path / "order.log"
    names = ["a", "b", "c", "d", "e", "f"]
    make_site(pytester, {f"{n}.md": PAGE.format(name=n, log=log) for n in names})
    result = run_site(pytester, kafka_single, "--shuffle-pages", "--shuffle-seed", "7")
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["*--shuffle-pages --shuffle-seed 7*"])
    order = list(names)
    random.Random(7).shuffle(order)
    assert order != names  # this seed does move pages
    assert log.read_text().split() == [f"{n}-{i}" for n in order for i in (1, 2)]
    log.unlink()
    result = run_site(pytester, kafka_single, "--shuffle-pages")
    result.assert_outcomes(passed=12)
    result.stdout.fnmatch_lines(["pages in a shuffled order: --shuffle-pages --shuffle-seed *"])
    ran = log.read_text().split()
    assert sorted(ran) == sorted(f"{n}-{i}" for n in names for i in (1, 2))
    assert all(ran[i][0] == ran[i + 1][0] for i in range(0, len(ran), 2)), ran


# --------------------------------------------------------------------------- the site's line


SITE_YML = f"""\
site_name: verified test
theme: material
docs_dir: docs
strict: true
hooks:
  - {HOOK}
markdown_extensions:
  - attr_list
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
  - pymdownx.superfences
nav:
  - Verification: start/verification.md
  - lessons/01-green.md
  - lessons/02-red.md
  - lessons/03-never-ran.md
  - lessons/04-changed.md
  - notes/no-code.md
"""

LESSON = "# Lesson {n}\n\n```bash\necho {n}\n```\n\n```python\nprint({n})\n```\n"


def _site(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text(SITE_YML)
    docs = tmp_path / "docs"
    for sub in ("lessons", "notes", "start"):
        (docs / sub).mkdir(parents=True)
    for n, name in enumerate(("green", "red", "never-ran", "changed"), 1):
        (docs / f"lessons/0{n}-{name}.md").write_text(LESSON.format(n=n))
    (docs / "notes/no-code.md").write_text("# Notes\n\nOnly words.\n")
    (docs / "start/verification.md").write_text("# Verification\n\n<!-- verification-table -->\n")
    return tmp_path


def _entry(root: Path, page: str, status: str, **extra) -> dict:
    return {
        "status": status,
        "blocks": 2,
        "passed": 2 if status == "passed" else 1,
        "failed": 1 if status == "failed" else 0,
        "notest": [],
        "skipped": [],
        "lab": "single",
        "mode": "native",
        "kafka": "4.3.1",
        "clients": {"kafka-python": "3.0.12", "confluent-kafka": "2.16.1"},
        "date": "2026-11-30",
        "finished": "2026-11-30T10:00:00Z",
        "seconds": 3.2,
        "digest": report.page_digest(parse_page(root / "docs" / page, root)),
        "block_times": [],
        **extra,
    }


def _build(root: Path) -> dict[str, str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop(report.ENV, None)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root / "site")],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return {
        p.parent.relative_to(root / "site").as_posix(): p.read_text(encoding="utf-8")
        for p in (root / "site").rglob("index.html")
    }


def _line(html: str) -> str:
    from bs4 import BeautifulSoup

    aside = BeautifulSoup(html, "html.parser").select_one("article aside.kafkalab-verified")
    assert aside is not None, "the page has no verified line"
    return " ".join(aside.get_text(" ").split())


def test_each_page_says_whether_it_was_verified(tmp_path: Path) -> None:
    root = _site(tmp_path)
    pages = {
        "docs/lessons/01-green.md": _entry(root, "lessons/01-green.md", "passed"),
        "docs/lessons/02-red.md": _entry(root, "lessons/02-red.md", "failed"),
        "docs/lessons/04-changed.md": _entry(root, "lessons/04-changed.md", "passed"),
    }
    report.update(root / "test-artifacts/report.json", pages)
    (root / "docs/lessons/04-changed.md").write_text(LESSON.format(n=5))  # edited since its run
    site = _build(root)
    assert _line(site["lessons/01-green"]) == (
        "✓ Verified: 2 blocks ran against Apache Kafka 4.3.1 with kafka-python 3.0.12 and "
        "confluent-kafka 2.16.1 (native lab) on 2026-11-30. How pages are verified"
    )
    red = _line(site["lessons/02-red"])
    assert red.startswith("⚠ Not verified in this build: 1 of its blocks failed"), red
    assert "Verified:" not in red and "Kafka 4.3.1" not in red
    never = _line(site["lessons/03-never-ran"])
    assert never.startswith("⚠ Not verified in this build: no run of this page is in the report")
    changed = _line(site["lessons/04-changed"])
    assert "changed since its last run" in changed and "Verified:" not in changed
    assert "no code blocks" in _line(site["notes/no-code"])
    table = " ".join(site["start/verification"].split())
    assert "1 of 5 pages</strong> are verified in this build" in table
    assert "2 / 0</td> <td>✓ 2026-11-30<br>native lab, 3 s</td>" in table  # 01-green
    assert "0 / 0</td> <td>· nothing to run</td>" in table  # notes/no-code.md
    assert table.count("not verified</strong>") == 3


def test_without_a_report_no_page_claims_anything(tmp_path: Path) -> None:
    root = _site(tmp_path)
    site = _build(root)
    for page in ("lessons/01-green", "lessons/02-red"):
        line = _line(site[page])
        assert line.startswith("⚠ Not verified in this build: no report of a test run was found")
    assert "0 of 5 pages</strong> are verified" in site["start/verification"]
    assert "No report of a test run was found" in site["start/verification"]


def test_the_verification_page_is_in_the_course_nav() -> None:
    text = (ROOT / "mkdocs.yml").read_text()
    assert "- hooks/verified.py" in text and "start/verification.md" in text
    assert report.report_path(ROOT) == ROOT / "test-artifacts" / "report.json"
    assert (
        textwrap.dedent("<!-- verification-table -->")
        in (ROOT / "docs/start/verification.md").read_text()
    )
