"""The runner's own tests: feed it small sites with bad pages and check that it fails, and how.

Each test writes a throwaway site (mkdocs.yml, docs/, snippets/) and runs
`pytest --markdown-docs` on it in a subprocess, as CI runs the real site.
"""

from __future__ import annotations

import textwrap

import pytest

from kafkalab.docs.pages import (
    flatten_containers,
    output_matches,
    parse_info,
    parse_text,
    regenerate,
)

MKDOCS_YML = """\
site_name: runner test
markdown_extensions:
  - attr_list
  - pymdownx.snippets:
      base_path: ["."]
      check_paths: true
  - pymdownx.superfences
"""

FENCE = "```"


def make_site(
    pytester: pytest.Pytester, pages: dict[str, str], snippets: dict[str, str] | None = None
) -> None:
    pytester.path.joinpath("mkdocs.yml").write_text(MKDOCS_YML)
    for name, text in pages.items():
        path = pytester.path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).replace("~~~", FENCE))
    for name, text in (snippets or {}).items():
        path = pytester.path / "snippets" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def run_site(
    pytester: pytest.Pytester, bootstrap: str, *args: str, target: str = "docs"
) -> pytest.RunResult:
    pytester._monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    return pytester.runpytest_subprocess(
        "-p",
        "kafkalab.docs.pytest_plugin",
        "--markdown-docs",
        "--markdown-docs-syntax=superfences",
        "-p",
        "no:cacheprovider",
        target,
        *args,
    )


GOOD_PAGE = """\
    # Good

    ~~~{.python title="snippets/hello.py"}
    --8<-- "snippets/hello.py"
    ~~~

    ~~~{.text .output}
    hello from partition ...
    ~~~

    ~~~{.bash}
    echo "bootstrap is $KAFKA_BOOTSTRAP_SERVERS"
    ~~~
"""
HELLO = 'print("hello from partition 7")\n'


def test_good_page_passes_and_counts_blocks(pytester: pytest.Pytester, kafka_single: str) -> None:
    make_site(pytester, {"good.md": GOOD_PAGE}, {"hello.py": HELLO})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(
        ["*code blocks executed: 2 on 1 pages (0 failed)*notest blocks: 0*"]
    )


def test_broken_snippet_fails_with_page_line_and_error(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    # The broker refuses this topic: a single broker cannot hold three replicas.
    broken = (
        "import os\n"
        "from kafka.admin import KafkaAdminClient, NewTopic\n"
        "admin = KafkaAdminClient(bootstrap_servers=os.environ['KAFKA_BOOTSTRAP_SERVERS'])\n"
        "admin.create_topics([NewTopic('runner-test-rf3', num_partitions=1, replication_factor=3)])\n"
    )
    make_site(
        pytester, {"good.md": GOOD_PAGE.replace("hello.py", "broken.py")}, {"broken.py": broken}
    )
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/good.md:3: block 1 (python, includes snippets/broken.py)*",
            "*exited with status 1*",
            "*--- block ---*",
            "*InvalidReplicationFactorError*",
        ]
    )


def test_drifted_output_fails_with_a_diff(pytester: pytest.Pytester, kafka_single: str) -> None:
    make_site(
        pytester,
        {"good.md": GOOD_PAGE.replace("hello from partition ...", "hello from offset 3")},
        {"hello.py": HELLO},
    )
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/good.md:3: block 1*",
            "*the output differs from the output shown on the page at line 7*",
            "*-hello from offset 3*",
            "*+hello from partition 7*",
        ]
    )


def test_missing_include_fails(pytester: pytest.Pytester, kafka_single: str) -> None:
    make_site(pytester, {"good.md": GOOD_PAGE.replace("snippets/hello.py", "snippets/nope.py")}, {})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*docs/good.md:3: block 1*", "*include on line 4 failed*nope.py*"])


def test_failing_shell_block_reports_stderr(pytester: pytest.Pytester, kafka_single: str) -> None:
    page = """\
        # Shell
        ~~~{.bash}
        echo about to fail
        ls /definitely/not/here
        ~~~
    """
    make_site(pytester, {"shell.md": page})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/shell.md:2: block 1 (bash)*",
            "*exited with status 2*",
            "*No such file or directory*",
        ]
    )


def test_update_outputs_rewrites_from_a_real_run(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = GOOD_PAGE.replace("hello from partition ...", "stale text\n    more stale text")
    make_site(pytester, {"good.md": page}, {"hello.py": HELLO})
    run_site(pytester, kafka_single, "--update-outputs").assert_outcomes(passed=2)
    text = (pytester.path / "docs" / "good.md").read_text()
    assert "hello from partition 7" in text and "stale" not in text
    run_site(pytester, kafka_single).assert_outcomes(passed=2)


def test_notest_needs_a_reason_and_is_counted(pytester: pytest.Pytester, kafka_single: str) -> None:
    page = """\
        # Skips
        ~~~{.bash .notest data-reason="needs a Docker engine"}
        docker compose up -d
        ~~~

        ~~~{.bash .notest}
        rm -rf /
        ~~~
    """
    make_site(pytester, {"skips.md": page})
    result = run_site(pytester, kafka_single, "-rs")
    # the notest block is a real pytest skip (counted by pytest, listed by -rs with its reason)
    result.assert_outcomes(failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/skips.md:6: block 2 (bash)",
            "*notest block needs a reason*",
            "*notest blocks: 1*",
            "*skips.md:2 bash: needs a Docker engine*",
            "SKIPPED [1] docs/skips.md: line 2: notest: needs a Docker engine",
        ]
    )


def test_console_blocks_are_refused(pytester: pytest.Pytester, kafka_single: str) -> None:
    make_site(pytester, {"c.md": "# C\n\n~~~console\n$ echo hi\nhi\n~~~\n"})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*docs/c.md:3: block 1 (console)", "*mix commands and output*"])


def test_blocks_inside_admonitions_run(pytester: pytest.Pytester, kafka_single: str) -> None:
    page = """\
        # Nested

        ??? question "Exercise"
            Try it.

            ~~~{.python}
            print(6 * 7)
            ~~~

            ~~~{.text .output}
            41
            ~~~
    """
    make_site(pytester, {"n.md": page})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*docs/n.md:6: block 1*", "*+42*"])


# ---------------------------------------------------------------- unit tests of the page model


def test_wildcards() -> None:
    assert output_matches("id: ...\nend", "id: 9f8e\nend\n")
    assert output_matches("start\n...\nend", "start\na\nb\nend")
    assert output_matches("start\n...\nend", "start\nend")
    assert not output_matches("id: ...\nend", "id: 9f8e\nfinish")
    assert not output_matches("a", "a\nb")


def test_regenerate_keeps_wildcards_that_still_match() -> None:
    assert (
        regenerate("TopicId: ...\tCount: 3", "TopicId: XYZ\tCount: 6") == "TopicId: XYZ\tCount: 6"
    )
    assert regenerate("id=...\nold", "id=42\nnew") == "id=...\nnew"


def test_parse_info() -> None:
    lang, classes, attrs, words = parse_info('{.bash .notest data-reason="needs Docker" title=x}')
    assert (lang, classes, attrs, words) == (
        "bash",
        ["notest"],
        {"data-reason": "needs Docker", "title": "x"},
        [],
    )
    assert parse_info("python")[0] == "python"


def test_flatten_containers_keeps_line_numbers() -> None:
    text = 'a\n??? note "x"\n    inner\n\n    more\nafter'
    flat, removed = flatten_containers(text)
    assert flat.split("\n") == ["a", "", "inner", "", "more", "after"]
    assert removed[2] == 4


def test_output_block_must_follow_a_code_block(tmp_path) -> None:
    page = parse_text("# x\n\n```{.text .output}\nfoo\n```\n", tmp_path / "p.md", tmp_path)
    assert page.blocks[0].error and "must directly follow" in page.blocks[0].error


# ---------------------------------------------------------------- defects: no silent skips


def test_blocks_in_every_kind_of_tab_run_and_marker_lines_in_code_stay(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Tabs

        === "One"

            ~~~{.bash}
            echo one
            ~~~

        ===+ "Two (selected)"

            ~~~{.bash}
            exit 7
            ~~~

        ===! "Three (new group)"

            ~~~{.bash}
            printf '=== summary ===\\n!!! not an admonition\\n??? nor this\\n'
            ~~~

            ~~~{.text .output}
            === summary ===
            !!! not an admonition
            ??? nor this
            ~~~
    """
    make_site(pytester, {"tabs.md": page})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(passed=2, failed=1)
    result.stdout.fnmatch_lines(["*docs/tabs.md:11: block 2 (bash)", "*exited with status 7*"])


def test_flatten_containers_keeps_marker_lines_inside_fences() -> None:
    text = '!!! note\n    ```text\n    === summary ===\n    !!! x\n    ```\n=== "T"\n    y'
    flat, _ = flatten_containers(text)
    assert flat.split("\n") == ["", "```text", "=== summary ===", "!!! x", "```", "", "y"]
    in_list = "1. Step\n\n    ```text\n    === summary ===\n    ```\n"
    assert flatten_containers(in_list)[0] == in_list


def test_indented_python_or_bash_is_an_error_not_a_skip(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Indented

        1. A step.

                ~~~{.python}
                print("never run")
                ~~~

        Some text.

            #!bash
            echo "never run either"

        Plain indented text is fine:

            just some text
    """
    make_site(pytester, {"ind.md": page})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*docs/ind.md:5: block 1 ()",
            "*this python code is indented so far that Markdown reads it as an indented code "
            "block*fenced block*",
        ]
    )
    result.stdout.fnmatch_lines(["*docs/ind.md:11: block 2 ()", "*this bash code is indented*"])


# ---------------------------------------------------------------- defects: the output matcher


def test_matcher_is_linear_on_long_outputs() -> None:
    import time

    big = "\n".join(f"line {i}" for i in range(2000))
    t0 = time.monotonic()
    assert output_matches(big, big)  # was RecursionError
    assert output_matches("line 0\n...\nline 1999", big)
    assert output_matches("...\nline 1000\n...", big)
    assert not output_matches("line 0\n...\nline 5000", big)
    pattern = "\n".join(["...", "x ..."] * 8)  # eight whole-line wildcards
    actual = "\n".join(["x 1"] * 39 + ["y"])  # 40 lines, no match (was 58 s)
    assert not output_matches(pattern, actual)
    assert time.monotonic() - t0 < 2


def test_diff_shows_wildcard_matched_lines_as_they_ran() -> None:
    from kafkalab.docs.outputs import diff

    expected = "TopicId: ...\nstart\n...\nend\nold tail"
    actual = "TopicId: abc123\nstart\na\nb\nend\nnew tail"
    text = diff(expected, actual, "page", "run")
    changed = [ln for ln in text.split("\n") if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    assert changed == ["-old tail", "+new tail"], text


def test_regenerate_aligns_by_matching_and_keeps_wildcards() -> None:
    # a new first line must not shift every later line into the wrong wildcard
    expected = "id: ...\ncount: 3\n...\ndone in ... ms"
    actual = "a new first line\nid: 77\ncount: 4\nx\ny\ndone in 12 ms"
    new = regenerate(expected, actual)
    assert new == "a new first line\nid: ...\ncount: 4\n...\ndone in ... ms", new
    assert output_matches(new, actual)


def test_update_outputs_keeps_indentation_in_list_items(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # List

        1. Run it:

            ~~~{.bash}
            echo "id: $RANDOM"; echo first; echo second
            ~~~

            ~~~{.text .output}
            id: ...
            stale
            ~~~

        2. Next.
    """
    make_site(pytester, {"list.md": page})
    run_site(pytester, kafka_single, "--update-outputs").assert_outcomes(passed=1)
    text = (pytester.path / "docs" / "list.md").read_text()
    assert "    id: ...\n    first\n    second\n    ~~~" in text.replace(FENCE, "~~~"), text
    run_site(pytester, kafka_single).assert_outcomes(passed=1)


# ---------------------------------------------------------------- defects: includes


def test_auto_append_files_stay_out_of_code_blocks(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    make_site(pytester, {"good.md": GOOD_PAGE}, {"hello.py": HELLO})
    (pytester.path / "includes").mkdir()
    (pytester.path / "includes" / "abbreviations.md").write_text("*[ISR]: in-sync replicas\n")
    yml = pytester.path / "mkdocs.yml"
    yml.write_text(
        yml.read_text().replace(
            "check_paths: true", "check_paths: true\n      auto_append: [includes/abbreviations.md]"
        )
    )
    run_site(pytester, kafka_single).assert_outcomes(passed=2)


def test_escaped_and_block_form_includes(tmp_path) -> None:
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "a.py").write_text("print('a')\n")
    (tmp_path / "snippets" / "b.py").write_text("print('b')\n")
    text = (
        '```{.python}\n;--8<-- "snippets/a.py"\n```\n\n'
        '```{.python}\n--8<--\nsnippets/a.py\nsnippets/b.py\n--8<--\nprint("c")\n```\n'
    )
    escaped, block_form = parse_text(text, tmp_path / "p.md", tmp_path).blocks
    assert escaped.includes == [] and escaped.code == '--8<-- "snippets/a.py"\n'
    assert block_form.includes == ["snippets/a.py", "snippets/b.py"]
    # as pymdownx renders it: each file's last newline gives a blank line
    assert block_form.code == "print('a')\n\nprint('b')\n\nprint(\"c\")\n"
    assert block_form.code_lines[-1] == 10  # the page line of print("c")


def test_site_config_is_read_by_mkdocs(tmp_path, monkeypatch) -> None:
    from kafkalab.docs.pages import docs_dir, load_site_config, mkdocs_snippet_config

    (tmp_path / "pages").mkdir()
    (tmp_path / "base.yml").write_text(
        "markdown_extensions:\n  - pymdownx.snippets:\n"
        "      base_path: !ENV [SNIPPETS_BASE, '.']\n      check_paths: true\n"
    )
    (tmp_path / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: t\ndocs_dir: pages\n")
    monkeypatch.setenv("SNIPPETS_BASE", "code")
    for f in (load_site_config, mkdocs_snippet_config):
        f.cache_clear()
    assert mkdocs_snippet_config(tmp_path)["base_path"] == "code"
    assert docs_dir(tmp_path) == tmp_path / "pages"


# ---------------------------------------------------------------- defects: processes


def test_background_ampersand_does_not_hang_or_leave_orphans(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    import os
    import time

    page = """\
        # Amp

        ~~~{.bash data-timeout="60"}
        sleep 300 &
        echo $! > amp.pid
        echo started
        ~~~

        ~~~{.bash data-timeout="2"}
        sleep 300 &
        echo $! > timeout.pid
        sleep 100
        ~~~
    """
    make_site(pytester, {"amp.md": page})
    t0 = time.monotonic()
    result = run_site(pytester, kafka_single)
    assert time.monotonic() - t0 < 30
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*docs/amp.md:9: block 2 (bash)", "*timed out after 2 s*"])
    for name in ("amp.pid", "timeout.pid"):
        pid = int((pytester.path / name).read_text())
        try:
            os.kill(pid, 0)
            with open(f"/proc/{pid}/stat") as f:
                assert f.read().split(")")[-1].split()[0] == "Z", f"{name}: {pid} is alive"
        except ProcessLookupError:
            pass


# ---------------------------------------------------------------- defects: reporting


def test_ids_and_messages_agree_and_summary_lists_selected_pages(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    page = """\
        # Numbers

        ~~~{.bash}
        echo one
        ~~~

        ~~~{.text .output}
        one
        ~~~

        ~~~{.yaml}
        not: a test
        ~~~

        ~~~{.bash .notest data-reason="shown only"}
        true
        ~~~

        ~~~{.bash}
        exit 1
        ~~~
    """
    other = '# Other\n\n~~~{.bash .notest data-reason="elsewhere"}\ntrue\n~~~\n'
    make_site(pytester, {"numbers.md": page, "other.md": other})
    result = run_site(pytester, kafka_single, target="docs/numbers.md")
    result.assert_outcomes(passed=1, failed=1, skipped=1)
    result.stdout.fnmatch_lines(
        ["*[[]CodeFence#3[]][[]line:19[]]*", "docs/numbers.md:19: block 3 (bash)"]
    )
    assert "elsewhere" not in result.stdout.str()


def test_internal_error_keeps_its_traceback_and_never_runs_a_block_twice(
    pytester: pytest.Pytester, kafka_single: str
) -> None:
    conftest = """\
        import kafkalab.docs.pytest_plugin as plugin


        def broken_check(*args, **kwargs):
            raise TypeError("a bug in the runner")


        plugin.check_output = broken_check
    """
    pytester.makeconftest(conftest)
    page = "# Once\n\n~~~{.bash}\necho ran >> runs.txt\n~~~\n"
    make_site(pytester, {"once.md": page})
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/once.md:*internal error of the docs runner*",
            "*def broken_check*",
            "*TypeError: a bug in the runner",
        ]
    )
    assert (pytester.path / "runs.txt").read_text() == "ran\n"
