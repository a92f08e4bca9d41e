"""shellcheck over every shell block the runner executes (ruff covers the Python snippets).

Needs Debian's `shellcheck` (`apt-get install -y shellcheck`; `make install` does it). Findings
name the page and its line. The exclusions below are the whole list; each says why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kafkalab.docs.pages import docs_dir, parse_page

ROOT = Path(__file__).resolve().parent.parent

EXCLUDE = {
    # A sourced file (a virtualenv's bin/activate, a lab's env file) does not exist when the
    # block is linted, so shellcheck cannot follow it; that is not a defect of the block.
    "SC1091": "not following a sourced file",
    # The runner runs blocks with `bash -eo pipefail`, so a failed `cd` stops the block; a
    # `|| exit` after each `cd` would only add noise to what the reader copies.
    "SC2164": "cd without || exit",
}


def _shellcheck() -> str:
    exe = shutil.which("shellcheck")
    if exe is None:
        pytest.fail(
            "shellcheck is not installed, so the shell blocks cannot be linted. Install it: "
            "`apt-get install -y shellcheck` (Debian/Ubuntu) or `brew install shellcheck`.",
            pytrace=False,
        )
    return exe


def lint_page(path: Path, root: Path) -> list[str]:
    """shellcheck findings for the page's runnable bash blocks, as `page:line: SCxxxx message`."""
    exe = _shellcheck()
    findings: list[str] = []
    rel = path.relative_to(root) if path.is_relative_to(root) else path
    for block in parse_page(path, root).blocks:
        if not (block.runs and block.kind == "bash") or block.error:
            continue
        fd, script = tempfile.mkstemp(suffix=".sh")
        with os.fdopen(fd, "w") as f:
            f.write(block.code)
        try:
            proc = subprocess.run(
                [exe, "--shell=bash", "--format=gcc", f"--exclude={','.join(EXCLUDE)}", script],
                capture_output=True,
                text=True,
                timeout=60,
            )
        finally:
            os.unlink(script)
        for line in proc.stdout.splitlines():
            # <file>:<line>:<col>: <level>: <message> [SCxxxx]
            parts = line.split(":", 4)
            if len(parts) < 5:
                continue
            k = int(parts[1])
            page_line = block.code_lines[k - 1] if 0 < k <= len(block.code_lines) else block.line
            findings.append(f"{rel}:{page_line}: (block at line {block.line}){parts[4]}")
        if proc.returncode not in (0, 1):
            findings.append(f"{rel}:{block.line}: shellcheck failed: {proc.stderr.strip()}")
    return findings


def test_every_shell_block_passes_shellcheck() -> None:
    findings: list[str] = []
    for path in sorted(docs_dir(ROOT).rglob("*.md")):
        findings.extend(lint_page(path, ROOT))
    assert not findings, "shellcheck findings in shell blocks:\n" + "\n".join(findings)


def test_shellcheck_reports_a_bad_block_by_page_line(tmp_path: Path) -> None:
    page = tmp_path / "docs" / "bad.md"
    page.parent.mkdir()
    page.write_text(
        "# Bad\n\n```{.bash}\necho ok\ncd $SOME_DIR\n```\n\n"
        '```{.bash .notest data-reason="shown only"}\ncd $NOT_LINTED\n```\n'
    )
    findings = lint_page(page, tmp_path)
    assert len(findings) == 1, findings
    assert findings[0].startswith("docs/bad.md:5: (block at line 3)") and "SC2086" in findings[0]
