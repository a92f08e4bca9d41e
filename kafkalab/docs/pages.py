"""The page model of the executable docs: every fenced block of a page, with includes expanded.

Includes are expanded by pymdownx.snippets itself, configured from mkdocs.yml, so the text that
runs is the text the site renders. Line numbers always refer to the page as written.

Block conventions (see docs/start/how-to-use.md):

* ```` ```{.python title="snippets/x/y.py"} ```` and ```` ```{.bash} ```` blocks run.
* ```` ```{.text .output} ```` right after a block is that block's expected standard output.
  In it, ``...`` inside a line matches any text on that line; a line that is only ``...``
  matches any number of lines.
* ```` ```{.bash .notest data-reason="..."} ```` is shown but not run; the reason is required.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

EXECUTABLE = {
    "python": "python",
    "py": "python",
    "python3": "python",
    "bash": "bash",
    "sh": "bash",
    "shell": "bash",
}
# Shell-session languages mix commands and output, so what a reader copies could not run:
# they are refused, with a pointer to the convention.
REFUSED = {"console", "shell-session", "pycon"}
INCLUDE_RE = re.compile(r"""^(\s*)(;*)-{1,}8<-{1,}[ \t]+(["'])(.+?)\3\s*$""")
FENCE_INFO_RE = re.compile(r"""(\.[\w-]+)|([\w-]+)=("[^"]*"|'[^']*'|\S+)|(\S+)""")


@dataclass
class Block:
    """One fenced block on a page."""

    page: Path
    index: int  # 1-based position among the page's fences
    line: int  # 1-based line of the opening fence in the page
    lang: str
    classes: list[str]
    attrs: dict[str, str]
    words: list[str]
    code: str  # the text as rendered (includes expanded)
    includes: list[str] = field(default_factory=list)
    error: str | None = None  # a problem found while reading the block
    output: Block | None = None  # the expected-output block that follows, if any
    end_line: int = 0  # 1-based line of the closing fence
    indent: int = 0  # how far the block is indented on the page (inside admonitions, tabs)

    @property
    def kind(self) -> str | None:
        return EXECUTABLE.get(self.lang)

    @property
    def is_output(self) -> bool:
        return "output" in self.classes

    @property
    def notest(self) -> bool:
        return "notest" in self.classes or "notest" in self.words

    @property
    def runs(self) -> bool:
        return (self.kind is not None or self.lang in REFUSED) and not self.notest

    @property
    def timeout(self) -> float:
        return float(self.attrs.get("data-timeout", 120))

    def where(self) -> str:
        return f"{self.page}:{self.line} (block {self.index}, {self.lang})"


@dataclass
class Page:
    path: Path
    meta: dict
    blocks: list[Block]

    @property
    def lab(self) -> str:
        return str(self.meta.get("lab", "single"))

    def block_at(self, line: int) -> Block:
        for b in self.blocks:
            if b.line == line:
                return b
        raise LookupError(f"{self.path} has no block at line {line}")

    @property
    def runnable(self) -> list[Block]:
        return [b for b in self.blocks if b.runs]

    @property
    def skipped(self) -> list[Block]:
        return [b for b in self.blocks if b.notest and (b.kind or b.lang in REFUSED)]


def parse_info(info: str) -> tuple[str, list[str], dict[str, str], list[str]]:
    """Split a fence's info string into (lang, classes, attributes, bare words)."""
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        info = info[1:-1]
    classes: list[str] = []
    attrs: dict[str, str] = {}
    words: list[str] = []
    for m in FENCE_INFO_RE.finditer(info):
        if m.group(1):
            classes.append(m.group(1)[1:])
        elif m.group(2):
            value = m.group(3)
            attrs[m.group(2)] = shlex.split(value)[0] if value[:1] in "\"'" else value
        else:
            words.append(m.group(4))
    if classes:
        lang = classes.pop(0)
    else:
        lang = words.pop(0) if words else ""
    return lang, classes, attrs, words


def split_front_matter(text: str) -> tuple[dict, str]:
    """Front matter as a dict, and the text with it blanked out (line numbers kept)."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                meta = yaml.safe_load("\n".join(lines[1:i])) or {}
                return meta, "\n" * i + "\n" + "\n".join(lines[i + 1 :])
    return {}, text


class Expander:
    """Expands ``--8<--`` lines one page line at a time with pymdownx.snippets."""

    def __init__(self, root: Path, snippet_config: dict) -> None:
        import markdown

        config = dict(snippet_config)
        base = config.get("base_path", ["."])
        base = [base] if isinstance(base, str) else base
        config["base_path"] = [str((root / b).resolve()) for b in base]
        self.md = markdown.Markdown(
            extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": config}
        )
        self.pre = self.md.preprocessors["snippet"]

    def expand(self, text: str) -> tuple[list[str], list[int], dict[int, str]]:
        """Expanded lines, the page line (0-based) each came from, and errors by page line."""
        out: list[str] = []
        line_map: list[int] = []
        errors: dict[int, str] = {}
        for i, line in enumerate(text.split("\n")):
            if "-8<-" in line and INCLUDE_RE.match(line):
                try:
                    expanded = self.pre.run([line])
                except Exception as exc:  # SnippetMissingError and friends
                    errors[i] = f"{type(exc).__name__}: {exc}"
                    expanded = [line]
            else:
                expanded = [line]
            out.extend(expanded)
            line_map.extend([i] * len(expanded))
        return out, line_map, errors


@lru_cache(maxsize=8)
def mkdocs_snippet_config(root: Path) -> dict:
    cfg_file = root / "mkdocs.yml"
    if not cfg_file.exists():
        return {"base_path": ["."], "check_paths": True}
    cfg = yaml.load(cfg_file.read_text(), Loader=_LenientLoader) or {}
    for ext in cfg.get("markdown_extensions", []):
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            return ext["pymdownx.snippets"] or {}
        if ext == "pymdownx.snippets":
            return {}
    return {"base_path": ["."], "check_paths": True}


class _LenientLoader(yaml.SafeLoader):
    """mkdocs.yml uses !!python/name tags (Material's emoji config); they are irrelevant here."""


_LenientLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_LenientLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


CONTAINER_RE = re.compile(r"^(\s*)(!!!|\?\?\?\+?|===)\s")


def flatten_containers(text: str) -> tuple[str, list[int]]:
    """Lift the content of admonitions, details and tabs to the left margin.

    Material's containers (``!!! note``, ``??? question``, ``=== "Tab"``) indent their content by
    four spaces; CommonMark would read it as paragraph text. Each line keeps its number; the
    marker line becomes blank. Returns the text and the indent removed from each line.
    """
    out: list[str] = []
    removed: list[int] = []
    stack: list[int] = []  # content indent of each open container
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            while stack and indent < stack[-1]:
                stack.pop()
        cut = min(stack[-1], indent) if stack and line.strip() else (stack[-1] if stack else 0)
        m = CONTAINER_RE.match(line)
        if m:
            stack.append(len(m.group(1)) + 4)
            out.append("")
            removed.append(0)
            continue
        out.append(line[cut:] if line.strip() else "")
        removed.append(cut)
    return "\n".join(out), removed


def parse_text(text: str, path: Path, root: Path) -> Page:
    meta, body = split_front_matter(text)
    body, removed = flatten_containers(body)
    expander = Expander(root, mkdocs_snippet_config(root))
    lines, line_map, errors = expander.expand(body)
    tokens = MarkdownIt("commonmark").parse("\n".join(lines))
    blocks: list[Block] = []
    for tok in tokens:
        if tok.type != "fence" or not tok.map:
            continue
        lang, classes, attrs, words = parse_info(tok.info)
        start, end = tok.map
        page_start = line_map[start]
        page_end = line_map[min(end, len(line_map)) - 1]
        page_lines = sorted({line_map[j] for j in range(start + 1, min(end, len(line_map)))})
        block = Block(
            page=path,
            index=len(blocks) + 1,
            line=page_start + 1,
            lang=lang,
            classes=classes,
            attrs=attrs,
            words=words,
            code=tok.content,
            end_line=page_end + 1,
            indent=removed[page_start],
        )
        for j in page_lines:
            m = INCLUDE_RE.match(body.split("\n")[j]) if "-8<-" in body.split("\n")[j] else None
            if m:
                block.includes.append(m.group(4))
            if j in errors:
                block.error = f"include on line {j + 1} failed: {errors[j]}"
        if block.lang in REFUSED and not block.notest:
            block.error = (
                f"`{block.lang}` blocks mix commands and output, so a reader's copy would not run. "
                "Write the commands in a {.bash} block and the output in a {.text .output} block."
            )
        if block.notest and block.kind and not attrs.get("data-reason"):
            block.error = 'a notest block needs a reason: data-reason="..."'
        if block.is_output:
            prev = blocks[-1] if blocks else None
            if prev is None or prev.kind is None or prev.output is not None:
                block.error = "an output block must directly follow a python or bash block"
            else:
                prev.output = block
        blocks.append(block)
    return Page(path=path, meta=meta, blocks=blocks)


_cache: dict[Path, tuple[float, Page]] = {}


def parse_page(path: Path, root: Path) -> Page:
    """Parse a page file (cached until the file changes)."""
    path = Path(path).resolve()
    mtime = path.stat().st_mtime
    hit = _cache.get(path)
    if hit and hit[0] == mtime:
        return hit[1]
    page = parse_text(path.read_text(encoding="utf-8"), path, root)
    _cache[path] = (mtime, page)
    return page


# --------------------------------------------------------------------------- output matching

WILDCARD = "..."


def normalize(text: str) -> list[str]:
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _line_regex(pattern: str) -> re.Pattern[str]:
    parts = [re.escape(p) for p in pattern.split(WILDCARD)]
    return re.compile("^" + ".*?".join(parts) + "$")


def output_matches(expected: str, actual: str) -> bool:
    return _match(normalize(expected), normalize(actual))


def _match(exp: list[str], act: list[str]) -> bool:
    if not exp:
        return not act
    head = exp[0]
    if head.strip() == WILDCARD:
        return any(_match(exp[1:], act[k:]) for k in range(len(act) + 1))
    if not act:
        return False
    if WILDCARD in head:
        ok = bool(_line_regex(head).match(act[0]))
    else:
        ok = head == act[0]
    return ok and _match(exp[1:], act[1:])


def regenerate(expected: str, actual: str) -> str:
    """New expected output from a real run, keeping the old wildcard lines that still match."""
    exp, act = normalize(expected), normalize(actual)
    if _match(exp, act):
        return "\n".join(exp)
    result = []
    for i, line in enumerate(act):
        old = exp[i] if i < len(exp) else None
        if old and WILDCARD in old and old.strip() != WILDCARD and _line_regex(old).match(line):
            result.append(old)
        else:
            result.append(line)
    return "\n".join(result)
