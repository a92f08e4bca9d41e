"""The report of a run: what ran on each page, against what, and how it went.

The runner (``kafkalab.docs.pytest_plugin``) writes it as JSON, by default to
``test-artifacts/report.json`` beside mkdocs.yml (``KAFKALAB_REPORT`` moves it), after each page
it finished and at the end of the session. The site build reads it (hooks/verified.py) to show
on every page how it was verified, and ``python -m kafkalab.bench`` reads it for its tables.

Entries of earlier runs are kept for the pages a run did not touch. Each entry carries the
digest of what ran (the page as written and every block as rendered, includes expanded): an
entry whose digest no longer matches the page is stale, and the site says the page is not
verified instead of claiming it.

Schema (``"schema": 1``)::

    {"schema": 1,
     "session": {"started": ISO, "finished": ISO, "wall_seconds", "cpu_seconds", "argv",
                 "shuffle_seed", "labs": {"single": {"mode", "bootstrap", "start_seconds",
                 "started"}}, "pages", "blocks", "failed"},
     "pages": {"docs/lessons/01-x.md": {
         "status": "passed" | "failed" | "partial" | "updated",
         "blocks": executed, "passed", "failed",
         "notest": [{"line", "lang", "reason"}], "skipped": [{"line", "lang", "reason"}],
         "lab", "mode", "kafka", "clients": {"kafka-python", "confluent-kafka"},
         "date": "YYYY-MM-DD", "finished": ISO, "seconds", "digest",
         "block_times": [{"line", "lang", "outcome", "seconds", "what"}]}}}
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

SCHEMA = 1
ENV = "KAFKALAB_REPORT"
DEFAULT = Path("test-artifacts") / "report.json"
VERIFIED = "passed"  # the one status the site calls verified


def report_path(root: Path) -> Path:
    """Where the report of the site at `root` is (KAFKALAB_REPORT, else test-artifacts/)."""
    env = os.environ.get(ENV)
    if env:
        p = Path(env)
        return p if p.is_absolute() else Path(root) / p
    return Path(root) / DEFAULT


def page_digest(page) -> str:
    """What ran on a page (a `kafkalab.docs.pages.Page`): its text and its blocks as rendered."""
    h = hashlib.sha256()
    h.update(Path(page.path).read_bytes())
    for block in page.blocks:
        h.update(b"\0" + block.code.encode("utf-8"))
    return h.hexdigest()


def load(path: Path) -> dict:
    """The report at `path`, or an empty one (missing, unreadable, or another schema)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"schema": SCHEMA, "pages": {}}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        return {"schema": SCHEMA, "pages": {}}
    data.setdefault("pages", {})
    return data


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # parallel workers (pytest-xdist) write one file
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def update(path: Path, pages: dict[str, dict] | None = None, session: dict | None = None) -> dict:
    """Merge page entries (and the session's summary) into the report at `path`, atomically."""
    path = Path(path)
    with _locked(path):
        data = load(path)
        data["pages"].update(pages or {})
        if session is not None:
            data["session"] = session
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    return data


def client_versions() -> dict[str, str]:
    """The installed Python clients the blocks ran with."""
    from importlib.metadata import PackageNotFoundError, version

    out: dict[str, str] = {}
    for name in ("kafka-python", "confluent-kafka"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


def status_of(entry: dict | None, digest: str | None) -> tuple[bool, str]:
    """(verified?, why not) for a page's report entry and the page's current digest."""
    if entry is None:
        return False, "no run of this page is in the report"
    status = entry.get("status")
    if status == "failed":
        return False, f"{entry.get('failed', '?')} of its blocks failed in the last run"
    if status == "partial":
        return False, "only some of its blocks ran in the last run"
    if status == "updated":
        return False, "its outputs were rewritten by the last run (--update-outputs)"
    if status != VERIFIED:
        return False, f"its last run ended as {status!r}"
    if digest is not None and entry.get("digest") != digest:
        return False, "the page or a file it includes changed since its last run"
    return True, ""
