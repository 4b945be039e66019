"""The README tells the truth: its test command is what CI runs, its example output is real."""

import re

from conftest import ROOT


def readme():
    return (ROOT / "README.md").read_text("utf-8")


def code_after(heading):
    section = readme().split(heading, 1)[1]
    return re.search(r"```\n(.*?)\n```", section, re.S).group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = code_after("## Install and test")
    ci_lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines()
                if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_lines == [command]


def test_readme_example_output_is_what_build_prints(cli, monkeypatch):
    block = code_after("## Example").splitlines()
    command = block[0].removeprefix("$ planner ").split()
    monkeypatch.setenv("COLUMNS", "100")
    result = cli(*command)
    assert result.code == 0
    printed = result.out.splitlines()
    head, tail = "\n".join(block[1:]).split("\n…\n")  # the example leaves weeks out
    assert printed[:len(head.splitlines())] == head.splitlines()
    assert printed[-len(tail.splitlines()):] == tail.splitlines()


def test_readme_error_examples_are_real(cli):
    section = readme().split("half-written:", 1)[1]
    block = re.search(r"```\n(.*?)\n```", section, re.S).group(1).splitlines()
    assert block
    for command, expected in zip(block[::2], block[1::2], strict=True):
        result = cli(*command.removeprefix("$ planner ").split())
        assert result.code == 2
        assert result.err.strip() == expected
