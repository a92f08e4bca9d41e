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


def run_site(pytester: pytest.Pytester, bootstrap: str, *args: str) -> pytest.RunResult:
    pytester._monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", bootstrap)
    return pytester.runpytest_subprocess(
        "-p",
        "kafkalab.docs.pytest_plugin",
        "--markdown-docs",
        "--markdown-docs-syntax=superfences",
        "-p",
        "no:cacheprovider",
        "docs",
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
    result = run_site(pytester, kafka_single)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        [
            "*docs/skips.md:6: block 2 (bash)",
            "*notest block needs a reason*",
            "*notest blocks: 2*",
            "*skips.md:2 bash: needs a Docker engine*",
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
