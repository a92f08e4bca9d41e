"""Expected outputs: matching with wildcards, a readable diff, and regeneration from a real run.

In an expected output, ``...`` inside a line matches any text on that line; a line that is only
``...`` matches any number of lines (zero or more).

Matching is linear in practice and never recursive: the pattern is split at its whole-line
wildcards into segments of single-line matchers; the first segment is anchored at the start, the
last at the end, and each middle one is matched at its leftmost position (greedy leftmost is
exact for this kind of pattern, as for `*` in a glob).
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

WILDCARD = "..."


def normalize(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def is_wild(line: str) -> bool:
    return line.strip() == WILDCARD


@lru_cache(maxsize=4096)
def _line_regex(pattern: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in pattern.split(WILDCARD)]
    return re.compile("^" + ".*?".join(parts) + "$", re.DOTALL)


def line_matches(pattern: str, line: str) -> bool:
    if WILDCARD in pattern:
        return _line_regex(pattern).match(line) is not None
    return pattern == line


def _segment_at(seg: list[str], act: list[str], at: int) -> bool:
    return all(line_matches(p, act[at + k]) for k, p in enumerate(seg))


def lines_match(exp: list[str], act: list[str]) -> bool:
    segments: list[list[str]] = [[]]
    for line in exp:
        if is_wild(line):
            segments.append([])
        else:
            segments[-1].append(line)
    if len(segments) == 1:  # no whole-line wildcard
        seg = segments[0]
        return len(seg) == len(act) and _segment_at(seg, act, 0)
    first, *middle, last = segments
    if len(first) + len(last) > len(act):
        return False
    if not _segment_at(first, act, 0):
        return False
    if not _segment_at(last, act, len(act) - len(last)):
        return False
    pos, end = len(first), len(act) - len(last)
    for seg in middle:
        if not seg:
            continue
        found = -1
        for at in range(pos, end - len(seg) + 1):
            if _segment_at(seg, act, at):
                found = at
                break
        if found < 0:
            return False
        pos = found + len(seg)
    return True


def output_matches(expected: str, actual: str) -> bool:
    return lines_match(normalize(expected), normalize(actual))


# --------------------------------------------------------------------------- alignment


def align(exp: list[str], act: list[str]) -> list[tuple]:
    """Pair expected lines with actual lines, in order.

    Items: ("match", i, j) line i matched line j (exactly or through an inline wildcard);
    ("wild", i, j0, j1) the whole-line wildcard i stands for act[j0:j1];
    ("exp", i) expected line i has no counterpart; ("act", j) actual line j has none.
    """
    items: list[tuple] = []
    sm = difflib.SequenceMatcher(None, exp, act, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            items.extend(("match", i1 + k, j1 + k) for k in range(i2 - i1))
            continue
        pos = j1
        for i in range(i1, i2):
            if is_wild(exp[i]):
                nxt = next((k for k in range(i + 1, i2) if not is_wild(exp[k])), None)
                end = j2
                if nxt is not None:
                    hit = next((j for j in range(pos, j2) if line_matches(exp[nxt], act[j])), None)
                    if hit is not None:
                        end = hit
                items.append(("wild", i, pos, end))
                pos = end
                continue
            hit = next((j for j in range(pos, j2) if line_matches(exp[i], act[j])), None)
            if hit is None:
                items.append(("exp", i))
                # the line changed: the actual line here replaces it, unless the next
                # expected line matches that actual line
                nxt = exp[i + 1] if i + 1 < i2 else None
                if pos < j2 and not (
                    nxt is not None and not is_wild(nxt) and line_matches(nxt, act[pos])
                ):
                    items.append(("act", pos))
                    pos += 1
                continue
            items.extend(("act", j) for j in range(pos, hit))
            items.append(("match", i, hit))
            pos = hit + 1
        items.extend(("act", j) for j in range(pos, j2))
    return items


def diff(expected: str, actual: str, fromfile: str, tofile: str) -> str:
    """A unified diff in which lines matched by a wildcard show as the text they matched."""
    exp, act = normalize(expected), normalize(actual)
    shown: list[str] = []
    for item in align(exp, act):
        if item[0] == "match":
            shown.append(act[item[2]])
        elif item[0] == "wild":
            shown.extend(act[item[2] : item[3]])
        elif item[0] == "exp":
            shown.append(exp[item[1]])
    return "\n".join(
        difflib.unified_diff(shown, act, fromfile=fromfile, tofile=tofile, lineterm="")
    )


def regenerate(expected: str, actual: str) -> str:
    """New expected output from a real run, keeping the old wildcards that still match."""
    exp, act = normalize(expected), normalize(actual)
    if lines_match(exp, act):
        return "\n".join(exp)
    new: list[str] = []
    for item in align(exp, act):
        if item[0] == "match":
            new.append(exp[item[1]])
        elif item[0] == "wild":
            new.append(exp[item[1]])
        elif item[0] == "act":
            new.append(act[item[1]])
    if not lines_match(new, act):  # cannot happen by construction; never write a failing page
        return "\n".join(act)
    return "\n".join(new)
