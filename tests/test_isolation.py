"""Page isolation, enforced: every topic, group, transactional id and client id a lesson names
carries that lesson's own prefix (`lessonNN-`), so pages can run in any order, or side by side,
on one shared broker (the runner's --shuffle-pages runs them in a random order).

A static check of what runs: each lesson's blocks as rendered (snippet includes expanded), in
Python (keyword arguments, config keys, constants, `NewTopic`, `send`, `subscribe`) and in shell
(`--topic`, `--group`, `--transactional-id`, `client.id=`). Names made at run time from a
variable (`f"{TOPIC}-copy"`) are checked through the variable's own literal.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kafkalab.docs.pages import parse_page

ROOT = Path(__file__).resolve().parent.parent
LESSONS = sorted((ROOT / "docs" / "lessons").glob("[0-9][0-9]-*.md"))

Q = r"""f?["']([^"'\n]*)["']"""  # a string literal (f-strings: the text up to the first `{`)
PY_PATTERNS = [
    rf"\b(?:topic|group_id|transactional_id|client_id)\s*=\s*{Q}",
    rf"""["'](?:group\.id|transactional\.id|client\.id)["']\s*:\s*{Q}""",
    rf"\b[A-Z_]*(?:TOPIC|GROUP|TXN_ID|TRANSACTIONAL_ID|CLIENT_ID)S?\s*(?::\s*\w+\s*)?=\s*{Q}",
    rf"\bNewTopic\(\s*(?:name\s*=\s*)?{Q}",
    rf"\.(?:send|produce)\(\s*{Q}",
    rf"\.subscribe\(\s*\[\s*{Q}",
    rf"\bTopicPartition\(\s*{Q}",
]
SH_PATTERNS = [
    r"--(?:topic|group|transactional-id|client-id)[ =]+(['\"]?)([^\s'\"]+)\1",
    r"\b(?:client\.id|group\.id|transactional\.id)=(['\"]?)([^\s'\",]+)\1",
]


def names_in(code: str, kind: str) -> list[tuple[str, str]]:
    """(name, the line it is on) for each resource name the code spells out."""
    found = []
    for line in code.split("\n"):
        if kind == "python":
            for pattern in PY_PATTERNS:
                for m in re.finditer(pattern, line):
                    found.append((m.group(1).split("{")[0], line.strip()))
        else:
            for pattern in SH_PATTERNS:
                for m in re.finditer(pattern, line):
                    found.append((m.group(2), line.strip()))
    return found


def offenders(path: Path) -> list[str]:
    prefix = f"lesson{path.name[:2]}-"
    page = parse_page(path, ROOT)
    bad = []
    for block in page.blocks:
        if block.kind is None:
            continue
        for name, line in names_in(block.code, block.kind):
            if not name or name.startswith(("$", "__", "{")):  # a variable, an internal topic
                continue
            if not name.startswith(prefix):
                bad.append(f"line {block.line} ({block.lang}): {name!r} in `{line[:100]}`")
    return sorted(set(bad))


# Pages that break the rule today, each with its reason. Never a blanket exception: a page
# leaves this list as soon as it is fixed (an unexpected pass fails the test: strict xfail).
KNOWN: dict[str, str] = {}


def test_the_check_finds_names_in_both_languages() -> None:
    py = 'producer.send("orders", b"x")\nc = KafkaConsumer(group_id="g1")\nTOPIC = f"lesson03-{x}"'
    assert [n for n, _ in names_in(py, "python")] == ["orders", "g1", "lesson03-"]
    sh = "kafka-topics.sh --create --topic lesson02-a\nkafka-consumer-groups.sh --group 'g2'"
    assert [n for n, _ in names_in(sh, "bash")] == ["lesson02-a", "g2"]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            p,
            id=p.name,
            marks=[pytest.mark.xfail(reason=KNOWN[p.name], strict=True)] if p.name in KNOWN else [],
        )
        for p in LESSONS
    ],
)
def test_each_lesson_names_only_its_own_topics_and_groups(path: Path) -> None:
    bad = offenders(path)
    assert not bad, (
        f"{path.relative_to(ROOT)}: names without the page's prefix lesson{path.name[:2]}- "
        "(pages share one broker and run in any order):\n  " + "\n  ".join(bad)
    )
