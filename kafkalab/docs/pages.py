"""The page model of the executable docs: every fenced block of a page, with includes expanded.

Includes are expanded by pymdownx.snippets itself, configured from mkdocs.yml as MkDocs reads it
(`mkdocs.config.load_config`), so the text that runs is the text the site renders. Line numbers
always refer to the page as written.

The block kinds are documented for authors in docs/contributing/lesson-standard.md ("Block
kinds"); this module reads them, and `pytest_plugin` runs them.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from kafkalab.docs.outputs import output_matches, regenerate  # noqa: F401  (re-exported)

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

try:  # pymdownx's own pattern for a `--8<--` line (inline form and the block form's marker)
    from pymdownx.snippets import SnippetPreprocessor

    SNIPPET_LINE_RE = SnippetPreprocessor.RE_ALL_SNIPPETS
except (ImportError, AttributeError):  # pragma: no cover - an older or newer pymdownx
    SNIPPET_LINE_RE = re.compile(
        r"""^(?P<space>[ \t]*)(?P<escape>;*)(?P<all>(?P<inline_marker>-{1,}8<-{1,}[ \t]+)"""
        r"""(?P<snippet>(?:"(?:\\"|[^"\n\r])+?"|'(?:\\'|[^'\n\r])+?'))(?![ \t])|"""
        r"""(?P<block_marker>-{1,}8<-{1,})(?![ \t]))\r?$"""
    )

# Kept for callers that only need "which file does this line include" (tests/test_site.py):
# group 2 is the escape (`;`), group 4 the path. Escaped lines are not includes.
INCLUDE_RE = re.compile(r"""^(\s*)()-{1,}8<-{1,}[ \t]+(["'])(.+?)\3\s*$""")
FENCE_INFO_RE = re.compile(r"""(\.[\w-]+)|([\w-]+)=("[^"]*"|'[^']*'|\S+)|(\S+)""")
FENCE_OPEN_RE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")
# An indented code block that pymdownx.highlight would label: `#!python` / `:::bash` first line.
SHEBANG_LANG_RE = re.compile(r"^\s*(?:#!|:::)\s*([\w+-]+)\s*$")
DEFAULT_TIMEOUT = 120.0
KNOWN_FLAGS = {"output", "notest", "fails", "background", "excerpt"}


@dataclass
class Block:
    """One fenced block on a page."""

    page: Path
    index: int  # 1-based position among all of the page's fences (as rendered, in order)
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
    fence_indent: str = ""  # the whitespace before the opening fence, as written on the page
    number: int = 0  # 1-based position among the page's *tests* ([CodeFence#N]); 0 if none
    code_lines: list[int] = field(default_factory=list)  # page line (1-based) of each code line

    @property
    def kind(self) -> str | None:
        return EXECUTABLE.get(self.lang)

    @property
    def is_output(self) -> bool:
        return "output" in self.classes

    def has(self, flag: str) -> bool:
        return flag in self.classes or flag in self.words

    @property
    def notest(self) -> bool:
        return self.has("notest")

    @property
    def fails(self) -> bool:
        return self.has("fails")

    @property
    def background(self) -> bool:
        return self.has("background")

    @property
    def excerpt(self) -> bool:
        return self.has("excerpt")

    @property
    def runs(self) -> bool:
        """Executed by the runner (excerpts are checked, not run)."""
        return (
            (self.kind is not None or self.lang in REFUSED) and not self.notest and not self.excerpt
        )

    @property
    def is_test(self) -> bool:
        """Handed to pytest as a test item: run, skipped (notest), checked (excerpt) or an error."""
        if self.kind is not None or self.lang in REFUSED:
            return True
        return self.error is not None

    @property
    def requires(self) -> list[str]:
        return [r for r in re.split(r"[\s,]+", self.attrs.get("data-requires", "")) if r]

    @property
    def name(self) -> str:
        return self.attrs.get("data-name") or f"line{self.line}"

    @property
    def stops(self) -> list[str]:
        return [r for r in re.split(r"[\s,]+", self.attrs.get("data-stop", "")) if r]

    @property
    def timeout(self) -> float:
        return float(self.attrs.get("data-timeout", DEFAULT_TIMEOUT))

    @property
    def whole_snippet(self) -> str | None:
        """The snippet path if the block is exactly one `--8<-- "snippets/...py"` of a whole file."""
        if self.kind != "python" or len(self.includes) != 1 or not self.raw_single_include:
            return None
        path = self.includes[0]
        if not re.fullmatch(r"snippets/[^:]+\.py", path):
            return None
        return path

    raw_single_include: bool = False

    def where(self) -> str:
        return f"{self.page}:{self.line} (block {self.number or self.index}, {self.lang})"


@dataclass
class Page:
    path: Path
    meta: dict
    blocks: list[Block]

    @property
    def lab(self) -> str:
        return str(self.meta.get("lab", "single"))

    @property
    def services(self) -> list[str]:
        """The services (kafkalab.services) the page's blocks need beside its lab: front matter
        `services: [registry]`, or one name."""
        value = self.meta.get("services") or []
        return [str(v) for v in ([value] if isinstance(value, str) else value)]

    @property
    def alone(self) -> list[str]:
        """What a parallel run must give the page to itself (front matter `alone: [cluster]`):
        a lab it disturbs, or `machine` when its figures or timeouts need an idle machine
        (kafkalab/docs/parallel.py)."""
        value = self.meta.get("alone") or []
        return [str(v) for v in ([value] if isinstance(value, str) else value)]

    @property
    def python(self) -> str | None:
        """The service whose interpreter runs the page's Python (front matter `python: streams`,
        a virtualenv of its own), or None: the runner's own interpreter."""
        value = self.meta.get("python")
        return str(value) if value else None

    def block_at(self, line: int) -> Block:
        for b in self.blocks:
            if b.line == line:
                return b
        raise LookupError(f"{self.path} has no block at line {line}")

    @property
    def runnable(self) -> list[Block]:
        return [b for b in self.blocks if b.runs]

    @property
    def tests(self) -> list[Block]:
        return [b for b in self.blocks if b.is_test]

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


# --------------------------------------------------------------------------- the site config


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above `start` that holds an mkdocs.yml."""
    start = Path(start).resolve()
    for d in [start, *start.parents] if start.is_dir() else start.parents:
        if (d / "mkdocs.yml").is_file():
            return d
    return None


@lru_cache(maxsize=8)
def load_site_config(root: Path):
    """mkdocs.yml read by MkDocs itself (honours !ENV, !relative, INHERIT, docs_dir)."""
    import logging

    from mkdocs.config import load_config

    log = logging.getLogger("mkdocs")
    level = log.level
    log.setLevel(logging.ERROR)  # load_config logs its progress at INFO
    try:
        return load_config(str(Path(root) / "mkdocs.yml"))
    except Exception as exc:
        raise RuntimeError(
            f"MkDocs cannot read {Path(root) / 'mkdocs.yml'}: {type(exc).__name__}: {exc} "
            "(run `mkdocs build --strict` to see the problem)"
        ) from exc
    finally:
        log.setLevel(level)


@lru_cache(maxsize=8)
def mkdocs_snippet_config(root: Path) -> dict:
    """pymdownx.snippets' options as the site builds with them ({} if the extension is absent)."""
    root = Path(root)
    if not (root / "mkdocs.yml").exists():
        return {"base_path": ["."], "check_paths": True}
    cfg = load_site_config(root)
    if "pymdownx.snippets" not in cfg["markdown_extensions"]:
        return {"base_path": ["."], "check_paths": True}
    return dict(cfg["mdx_configs"].get("pymdownx.snippets") or {})


def docs_dir(root: Path) -> Path:
    root = Path(root)
    if (root / "mkdocs.yml").exists():
        return Path(load_site_config(root)["docs_dir"])
    return root / "docs"


class Expander:
    """Expands ``--8<--`` lines one include at a time with pymdownx.snippets."""

    def __init__(self, root: Path, snippet_config: dict) -> None:
        import markdown

        config = dict(snippet_config)
        base = config.get("base_path", ["."])
        base = [base] if isinstance(base, str) else base
        config["base_path"] = [str((root / b).resolve()) for b in base]
        # auto_append files (abbreviations) belong to the page, never inside a code block.
        config["auto_append"] = []
        self.base_paths = [Path(b) for b in config["base_path"]]
        self.md = markdown.Markdown(
            extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": config}
        )
        self.pre = self.md.preprocessors["snippet"]

    def resolve(self, include: str) -> Path | None:
        path = include.split(":")[0] if not re.match(r"^[a-zA-Z]:\\", include) else include
        for base in self.base_paths:
            if (base / path).is_file():
                return base / path
        return None

    def _run(self, lines: list[str]) -> tuple[list[str], str | None]:
        try:
            return self.pre.run(list(lines)), None
        except Exception as exc:  # SnippetMissingError and friends
            return list(lines), f"{type(exc).__name__}: {exc}"

    def expand(
        self, text: str
    ) -> tuple[list[str], list[int], dict[int, str], dict[int, list[str]]]:
        """Expanded lines, the page line (0-based) each came from, errors and includes by line.

        Escaped ``;--8<--`` lines are not includes (pymdownx shows them without the ``;``). The
        block form (a ``--8<--`` line, one path per line, a closing ``--8<--`` line) is expanded
        as one unit, attributed to its opening line.
        """
        out: list[str] = []
        line_map: list[int] = []
        errors: dict[int, str] = {}
        includes: dict[int, list[str]] = {}
        src = text.split("\n")
        i = 0
        while i < len(src):
            line = src[i]
            m = SNIPPET_LINE_RE.match(line) if "8<-" in line else None
            if m and m.group("escape"):
                out.append(line.replace(";", "", 1))
                line_map.append(i)
                i += 1
                continue
            if m and m.group("inline_marker"):
                expanded, err = self._run([line])
                if err:
                    errors[i] = err
                includes[i] = [m.group("snippet")[1:-1].strip()]
                out.extend(expanded)
                line_map.extend([i] * len(expanded))
                i += 1
                continue
            if m and m.group("block_marker"):
                j = i + 1
                while j < len(src):
                    m2 = SNIPPET_LINE_RE.match(src[j]) if "8<-" in src[j] else None
                    if m2 and m2.group("block_marker") and not m2.group("escape"):
                        break
                    j += 1
                if j < len(src):
                    chunk = src[i : j + 1]
                    expanded, err = self._run(chunk)
                    if err:
                        errors[i] = err
                    paths = [p.strip() for p in src[i + 1 : j] if p.strip()]
                    includes[i] = [p for p in paths if not p.startswith(";")]
                    out.extend(expanded)
                    line_map.extend([i] * len(expanded))
                    # keep the lines of the page after the block on their own numbers
                    i = j + 1
                    continue
            out.append(line)
            line_map.append(i)
            i += 1
        return out, line_map, errors, includes


# Material's containers: admonitions (!!!, ??? and ???+) and content tabs (===, ===+, ===!).
CONTAINER_RE = re.compile(r"^(\s*)(!!!|\?\?\?\+?|===[+!]?)(\s|$)")


def flatten_containers(text: str) -> tuple[str, list[int]]:
    """Lift the content of admonitions, details and tabs to the left margin.

    Material's containers (``!!! note``, ``??? question``, ``=== "Tab"``) indent their content by
    four spaces; CommonMark would read it as indented code. Each line keeps its number; the
    marker line becomes blank. Lines inside a fenced code block are never taken for markers.
    Returns the text and the indent removed from each line.
    """
    out: list[str] = []
    removed: list[int] = []
    stack: list[int] = []  # content indent of each open container
    fence: tuple[str, int] | None = None  # (char, length) of the open fence, if any
    for line in text.split("\n"):
        indent = len(line) - len(line.lstrip(" "))
        if line.strip():
            while stack and indent < stack[-1]:
                stack.pop()
                fence = None  # a container that ends closes its fence too
        cut = min(stack[-1], indent) if stack and line.strip() else (stack[-1] if stack else 0)
        lifted = line[cut:] if line.strip() else ""
        if fence is not None:
            stripped = lifted.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= fence[1]:
                fence = None
            out.append(lifted)
            removed.append(cut)
            continue
        m = CONTAINER_RE.match(line)
        if m:
            stack.append(len(m.group(1)) + 4)
            out.append("")
            removed.append(0)
            continue
        # any fence, at any indentation (a list item's fence is indented): no markers inside
        fm = re.match(r"^\s*(`{3,}|~{3,})(.*)$", lifted)
        if fm and not (fm.group(1)[0] == "`" and "`" in fm.group(2)):
            fence = (fm.group(1)[0], len(fm.group(1)))
        out.append(lifted)
        removed.append(cut)
    return "\n".join(out), removed


def _indented_code_error(content: str) -> str | None:
    """An indented code block that would render as Python or shell: it would never run."""
    first = next((ln for ln in content.split("\n") if ln.strip()), "")
    lang = None
    fm = FENCE_OPEN_RE.match(first.strip())
    if fm:
        lang = parse_info(fm.group(3))[0]
    else:
        sm = SHEBANG_LANG_RE.match(first)
        if sm:
            lang = sm.group(1)
    if lang is None or (lang not in EXECUTABLE and lang not in REFUSED):
        return None
    return (
        f"this {lang} code is indented so far that Markdown reads it as an indented code block, "
        "which the runner cannot run. Write it as a fenced block (```{.%s} ... ```) indented "
        "like the text around it (4 spaces inside an admonition, tab or list item)." % lang
    )


def parse_text(text: str, path: Path, root: Path) -> Page:
    meta, body = split_front_matter(text)
    page_lines = text.split("\n")
    body, removed = flatten_containers(body)
    expander = Expander(root, mkdocs_snippet_config(Path(root)))
    lines, line_map, errors, includes = expander.expand(body)
    tokens = MarkdownIt("commonmark").parse("\n".join(lines))
    blocks: list[Block] = []
    page = Page(path=path, meta=meta, blocks=blocks)
    for tok in tokens:
        if tok.type == "code_block" and tok.map:
            problem = _indented_code_error(tok.content)
            if problem:
                start = line_map[tok.map[0]]
                blocks.append(
                    Block(
                        page=path,
                        index=len(blocks) + 1,
                        line=start + 1,
                        lang="",
                        classes=[],
                        attrs={},
                        words=[],
                        code=tok.content,
                        error=problem,
                        end_line=line_map[min(tok.map[1], len(line_map)) - 1] + 1,
                    )
                )
            continue
        if tok.type != "fence" or not tok.map:
            continue
        lang, classes, attrs, words = parse_info(tok.info)
        start, end = tok.map
        page_start = line_map[start]
        page_end = line_map[min(end, len(line_map)) - 1]
        inner = range(start + 1, min(end - 1, len(line_map)))
        src_lines = sorted({line_map[j] for j in inner})
        fence_line = page_lines[page_start] if page_start < len(page_lines) else ""
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
            fence_indent=fence_line[: len(fence_line) - len(fence_line.lstrip())],
            code_lines=[line_map[j] + 1 for j in inner],
        )
        n_source_lines = 0
        for j in src_lines:
            if body.split("\n")[j].strip():
                n_source_lines += 1
            if j in includes:
                block.includes.extend(includes[j])
            if j in errors:
                block.error = f"include on line {j + 1} failed: {errors[j]}"
        block.raw_single_include = n_source_lines == 1 and len(block.includes) == 1
        _check_block(block, blocks)
        blocks.append(block)
    _check_page(page, root)
    n = 0
    for b in blocks:
        if b.is_test:
            n += 1
            b.number = n
    return page


def _check_block(block: Block, previous: list[Block]) -> None:
    if block.error:
        return
    attrs = block.attrs
    if block.lang in REFUSED and not block.notest:
        block.error = (
            f"`{block.lang}` blocks mix commands and output, so a reader's copy would not run. "
            "Write the commands in a {.bash} block and the output in a {.text .output} block."
        )
    elif block.notest and block.kind and not attrs.get("data-reason"):
        block.error = 'a notest block needs a reason: data-reason="..."'
    elif block.is_output:
        prev = previous[-1] if previous else None
        if prev is None or prev.kind is None or prev.output is not None or prev.excerpt:
            block.error = "an output block must directly follow a python or bash block"
        else:
            prev.output = block
    elif block.kind:
        if block.fails and block.background:
            block.error = "a block cannot be both .fails and .background"
        elif "data-exit" in attrs and not block.fails:
            block.error = 'data-exit="N" only goes with .fails (an expected failure)'
        elif "data-exit" in attrs and not re.fullmatch(r"[1-9]\d{0,2}", attrs["data-exit"]):
            block.error = f'data-exit must be a non-zero exit status, not "{attrs["data-exit"]}"'
        elif ("data-ready" in attrs or "data-until" in attrs) and not block.background:
            block.error = "data-ready and data-until only go with .background"
        elif "data-timeout" in attrs and not re.fullmatch(r"\d+(\.\d+)?", attrs["data-timeout"]):
            block.error = f'data-timeout must be a number of seconds, not "{attrs["data-timeout"]}"'
        elif block.excerpt and (block.fails or block.background):
            block.error = "an excerpt is not run, so it cannot be .fails or .background"
        elif block.excerpt and len(block.includes) != 1:
            block.error = (
                'an excerpt shows one section of a snippet file: --8<-- "snippets/x/y.py:name"'
            )
        elif block.requires:
            from kafkalab.docs.requirements import REQUIREMENTS

            unknown = [r for r in block.requires if r not in REQUIREMENTS]
            if unknown:
                block.error = (
                    f"unknown requirement {', '.join(unknown)} in data-requires "
                    f"(known: {', '.join(sorted(REQUIREMENTS))}; a new one is added in "
                    "kafkalab/docs/requirements.py)"
                )


SECTION_MARKER_RE = re.compile(r"^\s*#\s*-{1,}8<-{1,}\s*\[(start|end):[^\]]*\]\s*$")


def _runs_file_in_shell(block: Block, target: str) -> bool:
    """A runnable shell block that runs `python <target>` (arguments allowed)."""
    if block.kind != "bash" or not block.runs or block.error:
        return False
    return (
        re.search(rf"(^|[\s;&|(]){_PYTHON_CMD}\s+{re.escape(target)}(\s|$)", block.code) is not None
    )


_PYTHON_CMD = r"python3?"


def _check_page(page: Page, root: Path) -> None:
    """Checks that span blocks: data-stop names, excerpts against their full file."""
    names: set[str] = set()
    for b in page.blocks:
        if b.error or not b.kind:
            continue
        for name in b.stops:
            if name not in names:
                b.error = (
                    f'data-stop="{name}": no earlier .background block on this page is named '
                    f'"{name}" (data-name="{name}")'
                )
        if b.background and b.runs:
            names.add(b.name)
    for b in page.blocks:
        if b.error or not b.excerpt or not b.kind:
            continue
        target = b.includes[0].split(":")[0]
        full = [
            f
            for f in page.blocks
            if f.runs and f.whole_snippet == target and not f.error and f is not b
        ]
        shell = [f for f in page.blocks if _runs_file_in_shell(f, target)]
        if not full and not shell:
            b.error = (
                f"an excerpt of {target} needs a block on the same page that runs the whole "
                f'file: ```{{.python title="{target}"}} with --8<-- "{target}" (it may sit in a '
                'collapsed ??? example "The whole file" box), or a shell block that runs '
                f"`python {target}`"
            )
            continue
        if full:
            whole = full[0].code.rstrip("\n").split("\n")
            where = f"line {full[0].line}"
        else:
            text = (root / target).read_text(encoding="utf-8")
            whole = [ln for ln in text.rstrip("\n").split("\n") if not SECTION_MARKER_RE.match(ln)]
            where = f"run by the shell block on line {shell[0].line}"
        part = b.code.rstrip("\n").split("\n")
        if not _contiguous(part, whole):
            b.error = (
                f"the excerpt is not a verbatim, contiguous part of {target} as the page runs it "
                f"({where}); show a `# --8<-- [start:name]` section of the file"
            )


def _contiguous(part: list[str], whole: list[str]) -> bool:
    if not part or part == [""]:
        return False
    n = len(part)
    return any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


_cache: dict[Path, tuple[float, Page]] = {}


def parse_page(path: Path, root: Path | None = None) -> Page:
    """Parse a page file (cached until the file changes)."""
    path = Path(path).resolve()
    if root is None:
        root = find_root(path.parent) or path.parent
    mtime = path.stat().st_mtime_ns
    hit = _cache.get(path)
    if hit and hit[0] == mtime:
        return hit[1]
    page = parse_text(path.read_text(encoding="utf-8"), path, Path(root))
    _cache[path] = (mtime, page)
    return page
