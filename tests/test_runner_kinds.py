"""The block kinds of the lesson standard (docs/contributing/lesson-standard.md, "Block kinds").

Each test writes a throwaway site and runs `pytest --markdown-docs` on it in a subprocess.
"""

from __future__ import annotations

import os
import signal
import textwrap
import time

import pytest

from tests.test_runner import make_site, run_site


def _dead(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    # a zombie is dead too (its parent has not reaped it yet)
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


# ---------------------------------------------------------------- expected failure (.fails)

FAILS_PAGE = """\
    # Fails

    ~~~{.bash .fails data-exit="3"}
    echo "to stdout"
    echo "Error: to stderr" >&2
    exit 3
    ~~~

    ~~~{.text .output}
    to stdout
    Error: to stderr
    ~~~

    ~~~{.bash .fails}
    echo "this one succeeds"
    ~~~

    ~~~{.bash .fails data-exit="2"}
    exit 1
    ~~~

    ~~~{.python .fails}
    import sys
    print("about to fail")
    sys.exit("fatal: no such topic")
    ~~~

    ~~~{.text .output}
    about to fail
    fatal: no such topic
    ~~~

    ~~~{.bash .fails}
    echo "shown" >&2; exit 1
    ~~~

    ~~~{.text .output}
    not what it prints
    ~~~
"""


def test_fails_blocks(pytester: pytest.Pytester, kafka_single: str) -> None:
    make_site(pytester, {"fails.md": FAILS_PAGE})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=2, failed=3)
    result.stdout.fnmatch_lines(
        [
            "*docs/fails.md:14: block 2 (bash, expected to fail)",
            "*exited with status 0, but the block is marked .fails: it must fail*",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*docs/fails.md:18: block 3 (bash, expected to fail)", '*status 1, not data-exit="2"*']
    )
    result.stdout.fnmatch_lines(
        [
            "*docs/fails.md:33: block 5 (bash, expected to fail)",
            "*the stdout and stderr together differs from the output shown*",
            "*-not what it prints",
            "*+shown",
        ]
    )


def test_fails_attributes_are_checked(tmp_path) -> None:
    from kafkalab.docs.pages import parse_text

    text = (
        '```{.bash data-exit="2"}\nexit 2\n```\n\n'
        '```{.bash .fails data-exit="0"}\nexit 2\n```\n\n'
        "```{.bash .fails .background}\nexit 2\n```\n"
    )
    blocks = parse_text(text, tmp_path / "p.md", tmp_path).blocks
    assert "only goes with .fails" in blocks[0].error
    assert "non-zero exit status" in blocks[1].error
    assert "cannot be both" in blocks[2].error


# ---------------------------------------------------------------- background (live steps)


@pytest.mark.parametrize("sigint", ["handled", "ignored"])
def test_background_ready_stop_and_output(
    pytester: pytest.Pytester, kafka_single: str, sigint: str
) -> None:
    """A live step is stopped like Ctrl-C, also when the suite itself was started with SIGINT
    ignored (a background job of a non-interactive shell, nohup): its blocks must not be."""
    page = """\
        # Live

        ~~~{.python .background data-name="tail" data-ready="listening" data-until="tick 3"}
        import pathlib, time
        print("listening", flush=True)
        try:
            for i in range(1, 1000):
                print(f"tick {i}", flush=True)
                time.sleep(0.1)
        except KeyboardInterrupt:
            pathlib.Path("stopped-by-sigint").write_text("yes")
            print("stopped")
        ~~~

        ~~~{.text .output}
        listening
        tick 1
        ...
        stopped
        ~~~

        ~~~{.bash data-stop="tail"}
        echo "the page goes on while tail runs"
        ~~~

        ~~~{.bash}
        cat stopped-by-sigint
        ~~~

        ~~~{.text .output}
        yes
        ~~~
    """
    make_site(pytester, {"live.md": page})
    wanted = signal.SIG_IGN if sigint == "ignored" else signal.default_int_handler
    before = signal.signal(signal.SIGINT, wanted)  # what the suite's process inherits
    try:
        result = run_site(pytester, kafka_single)
    finally:
        signal.signal(signal.SIGINT, before)
    result.assert_outcomes(passed=3)


def test_background_stops_at_page_end_and_reports_its_own_line(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Live

        ~~~{.bash .background data-name="loop" data-ready="up"}
        echo $$ > loop.pid
        sleep 300 &
        echo $! > child.pid
        echo up
        wait
        ~~~

        ~~~{.text .output}
        something else
        ~~~

        ~~~{.bash}
        echo next
        ~~~
    """
    make_site(pytester, {"live.md": page})
    t0 = time.monotonic()
    result = run_site(pytester, kafka_single)
    assert time.monotonic() - t0 < 40
    result.assert_outcomes(passed=2, errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ERROR at teardown of*",
            '*docs/live.md:3: block 1 (bash, background "loop", stopped at the end of the page)',
            "*-something else",
            "*+up",
        ]
    )
    for name in ("loop.pid", "child.pid"):
        pid = int((pytester.path / name).read_text())
        assert _dead(pid), f"{name}: process {pid} survived the end of the page"


def test_background_that_never_gets_ready_fails_in_bounded_time(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Live

        ~~~{.bash .background data-name="slow" data-ready="never printed" data-timeout="2"}
        echo "starting"
        sleep 300
        ~~~

        ~~~{.bash .background data-name="quits" data-ready="ready"}
        echo "oops" >&2
        exit 4
        ~~~
    """
    make_site(pytester, {"live.md": page})
    t0 = time.monotonic()
    result = run_site(pytester, kafka_single)
    assert time.monotonic() - t0 < 30
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            '*docs/live.md:3: block 1 (bash, background "slow")',
            "*did not print within 2 s (data-timeout) its data-ready text 'never printed'*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            '*docs/live.md:8: block 2 (bash, background "quits")',
            "*exited with status 4 before it printed its data-ready text 'ready'*",
            "*oops*",
        ]
    )


def test_background_that_ignores_ctrl_c_is_killed(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Live

        ~~~{.bash .background data-name="stubborn" data-ready="up"}
        trap '' INT TERM
        echo $$ > stubborn.pid
        echo up
        while true; do sleep 0.2; done
        ~~~

        ~~~{.bash data-stop="stubborn"}
        echo stopping it
        ~~~
    """
    make_site(pytester, {"live.md": page})
    t0 = time.monotonic()
    result = run_site(pytester, kafka_single)
    assert time.monotonic() - t0 < 40  # SIGINT, 5 s, SIGTERM, 3 s, SIGKILL
    result.assert_outcomes(passed=2)
    assert _dead(int((pytester.path / "stubborn.pid").read_text()))


def test_background_until_that_never_comes_is_reported(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Live

        ~~~{.bash .background data-name="t" data-ready="up" data-until="done" data-timeout="2"}
        echo up
        sleep 300
        ~~~

        ~~~{.bash data-stop="t"}
        true
        ~~~
    """
    make_site(pytester, {"live.md": page})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            '*docs/live.md:3: block 1 (bash, background "t", stopped at line 8)',
            "*did not print its data-until text 'done' within 2 s*",
        ]
    )


def test_data_stop_needs_an_earlier_background_of_that_name(tmp_path) -> None:
    from kafkalab.docs.pages import parse_text

    text = '```{.bash data-stop="tail"}\ntrue\n```\n'
    (block,) = parse_text(text, tmp_path / "p.md", tmp_path).blocks
    assert 'no earlier .background block on this page is named "tail"' in block.error


# ---------------------------------------------------------------- data-requires


def test_requires_is_a_real_skip_or_a_run(pytester: pytest.Pytester, kafka_single: str) -> None:
    page = """\
        # Needs

        ~~~{.bash data-requires="docker"}
        docker ps
        ~~~

        ~~~{.bash data-requires="java"}
        java -version
        ~~~

        ~~~{.bash data-requires="a-unicorn"}
        true
        ~~~
    """
    make_site(pytester, {"needs.md": page})
    pytester._monkeypatch.setenv("KAFKALAB_NO_DOCKER", "1")
    pytester._monkeypatch.setenv("PATH", f"/usr/bin:/bin:{os.environ.get('PATH', '')}")
    result = run_site(pytester, kafka_single, "-rs")
    result.assert_outcomes(passed=1, skipped=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "SKIPPED [1] docs/needs.md: line 3: data-requires=docker: needs Docker; Docker is switched "
            "off here (KAFKALAB_NO_DOCKER=1)",
        ]
    )
    result.stdout.fnmatch_lines(
        ["*docs/needs.md:11: block 3 (bash)", "*unknown requirement a-unicorn*known: docker, java*"]
    )


# ---------------------------------------------------------------- excerpts

SECTIONED = """\
    \"\"\"A snippet with a section.\"\"\"

    import os

    # --8<-- [start:main]
    total = 6 * 7
    print(total)
    # --8<-- [end:main]
    print(os.sep == "/")
"""


def test_excerpt_is_checked_against_the_whole_file(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    good = """\
        # Excerpt

        ~~~{.python .excerpt title="snippets/d/s.py (excerpt)"}
        --8<-- "snippets/d/s.py:main"
        ~~~

        ??? example "The whole file"
            ~~~{.python title="snippets/d/s.py"}
            --8<-- "snippets/d/s.py"
            ~~~

            ~~~{.text .output}
            42
            True
            ~~~
    """
    lonely = """\
        # Excerpt without its file

        ~~~{.python .excerpt title="snippets/d/s.py (excerpt)"}
        --8<-- "snippets/d/s.py:main"
        ~~~
    """
    edited = """\
        # Excerpt that is not a part of the file as run

        ~~~{.python .excerpt}
        --8<-- "snippets/d/s.py:main"
        ~~~

        ~~~{.python}
        --8<-- "snippets/d/s.py"
        print("and more")
        ~~~
    """
    make_site(
        pytester,
        {"good.md": good, "lonely.md": lonely, "edited.md": edited},
        {"d/s.py": SECTIONED},
    )
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=3, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/lonely.md:3: block 1 (python, includes snippets/d/s.py:main)",
            "*an excerpt of snippets/d/s.py needs a block on the same page that runs the whole file*",
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*docs/edited.md:3: block 1 (python, includes snippets/d/s.py:main)",
            "*an excerpt of snippets/d/s.py needs a block on the same page*",
        ]
    )


def test_excerpt_must_be_a_contiguous_part(tmp_path) -> None:
    from kafkalab.docs.pages import parse_text

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "a.py").write_text("x = 1\ny = 2\nz = 3\n")
    (tmp_path / "snippets" / "b.py").write_text("x = 1\nz = 3\n")
    whole_a = '```{.python}\n--8<-- "snippets/a.py"\n```\n'

    def excerpt(include: str) -> str | None:
        text = f'```{{.python .excerpt}}\n--8<-- "{include}"\n```\n\n' + whole_a
        return parse_text(text, tmp_path / "p.md", tmp_path).blocks[0].error

    assert "an excerpt of snippets/b.py needs a block on the same page" in excerpt("snippets/b.py")
    assert excerpt("snippets/a.py:2:3") is None
    assert "not a verbatim, contiguous part of snippets/a.py" in excerpt("snippets/a.py:1:1,3:3")


def test_excerpt_of_a_file_that_a_shell_block_runs(tmp_path) -> None:
    """`python snippets/x.py ARGS` in a bash block runs the whole file too (a live step)."""
    from kafkalab.docs.pages import parse_text

    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "m.py").write_text(
        "import sys\n# --8<-- [start:main]\nname = sys.argv[1]\nprint(name)\n# --8<-- [end:main]\n"
    )

    def error(shell: str, include: str = "snippets/m.py:main") -> str | None:
        text = f'```{{.python .excerpt}}\n--8<-- "{include}"\n```\n\n```{{.bash}}\n{shell}\n```\n'
        return parse_text(text, tmp_path / "p.md", tmp_path).blocks[0].error

    assert error("python snippets/m.py m1") is None
    assert error("sleep 1; python3 snippets/m.py m2 || true") is None
    assert "needs a block on the same page" in error("python snippets/other.py m1")
    assert "needs a block on the same page" in error("cat snippets/m.py")
    assert "not a verbatim" in error("python snippets/m.py m1", "snippets/m.py:1:1,4:4")


# ---------------------------------------------------------------- whole snippets run as files


def test_whole_snippet_runs_as_the_reader_runs_it(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    where = """\
        \"\"\"Where am I.\"\"\"

        import sys
        from pathlib import Path

        print(Path(__file__).resolve().relative_to(Path.cwd()))
        print(Path(sys.path[0]).resolve().relative_to(Path.cwd()))
    """
    boom = """\
        \"\"\"Fails.\"\"\"


        def main() -> None:
            raise RuntimeError("broker said no")


        main()
    """
    page = """\
        # Files

        ~~~{.python title="snippets/d/where.py"}
        --8<-- "snippets/d/where.py"
        ~~~

        ~~~{.text .output}
        snippets/d/where.py
        snippets/d
        ~~~

        ~~~{.python title="snippets/d/boom.py"}
        --8<-- "snippets/d/boom.py"
        ~~~

        ~~~{.python}
        import os

        raise SystemExit(os.environ["NO_SUCH_VARIABLE_HERE"])
        ~~~
    """
    make_site(pytester, {"files.md": page}, {"d/where.py": where, "d/boom.py": boom})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/files.md:12: block 2 (python, includes snippets/d/boom.py)",
            '*File "*snippets/d/boom.py", line 8, in <module>',
            '*File "*snippets/d/boom.py", line 5, in main',
            "*RuntimeError: broker said no",
        ]
    )
    result.stdout.fnmatch_lines(
        ['*File "docs/files.md", line 19, in <module>', "*KeyError: 'NO_SUCH_VARIABLE_HERE'"]
    )
    assert "/tmp/" not in result.stdout.str().split("block 3 (python)")[-1]


# ---------------------------------------------------------------- labs


def test_lab_registry(pytester: pytest.Pytester, kafka_single: str) -> None:
    conftest = """\
        import pytest

        from kafkalab.docs.requirements import register_lab

        register_lab("mine", "my_lab")


        @pytest.fixture(scope="session")
        def my_lab():
            return "my-broker:1234"
    """
    pytester.makeconftest(conftest)
    mine = "---\nlab: mine\n---\n# Mine\n\n~~~{.bash}\necho $KAFKA_BOOTSTRAP_SERVERS\n~~~\n\n~~~{.text .output}\nmy-broker:1234\n~~~\n"
    unknown = "---\nlab: nosuch\n---\n# Unknown\n\n~~~{.bash}\ntrue\n~~~\n"
    make_site(pytester, {"mine.md": mine, "unknown.md": unknown})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/unknown.md:6: block 1 (bash)",
            "*unknown lab 'nosuch' in the page's front matter (lab: ...); known labs: cluster, "
            "mine, *single*",
        ]
    )


# ---------------------------------------------------------------- the page's interpreter


def test_python_front_matter_runs_the_page_with_that_interpreter(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    """`python: NAME` runs a page's Python (inline, whole snippet, `python` in bash) with the
    interpreter of service NAME (kafkalab/streams.py's virtualenv); other pages keep ours."""
    import sys

    fake = pytester.path / "fakevenv" / "bin" / "python"
    fake.parent.mkdir(parents=True)
    fake.write_text(f'#!/bin/sh\nKAFKALAB_WHICH_PYTHON=fake exec "{sys.executable}" "$@"\n')
    fake.chmod(0o755)
    conftest = f"""\
        from kafkalab import services


        class FakeVenv:
            name = "fakevenv"
            help = "a fake Python environment"
            python = {str(fake)!r}

            def start(self): pass
            def stop(self): pass
            def running(self): return True
            def env(self): return {{}}


        class NoPython(FakeVenv):
            python = ""


        services.SERVICES["fakevenv"] = "conftest:FakeVenv"
        services.SERVICES["nopython"] = "conftest:NoPython"
    """
    pytester.makeconftest(conftest)
    which = 'import os\n\nprint(os.environ.get("KAFKALAB_WHICH_PYTHON", "ours"))\n'
    blocks = """\
        ~~~{.python}
        import os

        print(os.environ.get("KAFKALAB_WHICH_PYTHON", "ours"))
        ~~~

        ~~~{.text .output}
        WANT
        ~~~

        ~~~{.python title="snippets/d/which.py"}
        --8<-- "snippets/d/which.py"
        ~~~

        ~~~{.text .output}
        WANT
        ~~~

        ~~~{.bash}
        python snippets/d/which.py
        command -v kafka-topics.sh >/dev/null
        ~~~

        ~~~{.text .output}
        WANT
        ~~~
    """
    blocks = textwrap.dedent(blocks)
    venv_page = "---\npython: fakevenv\n---\n# Venv\n\n" + blocks.replace("WANT", "fake")
    plain_page = "# Plain\n\n" + blocks.replace("WANT", "ours")
    bad_page = "---\npython: nopython\n---\n# Bad\n\n~~~{.python}\nprint(1)\n~~~\n"
    make_site(
        pytester,
        {"venv.md": venv_page, "plain.md": plain_page, "bad.md": bad_page},
        {"d/which.py": which},
    )
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=6, failed=1)
    result.stdout.fnmatch_lines(
        ["*docs/bad.md:6: block 1 (python)", "*`python: nopython` names a service with no Python*"]
    )
