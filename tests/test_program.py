"""The program as the console script starts it: the cyclic garbage collector is off while
the command loads and on while it runs, and the collector of a process that only calls
`planner.cli.main` (as the tests do) is left alone."""

from __future__ import annotations

import gc
import subprocess
import sys

import pytest

import planner.cli
from planner import program


def test_the_command_runs_with_the_collector_on(monkeypatch):
    seen = {}

    def main(ready):
        seen["loading"] = gc.isenabled()
        ready()
        seen["running"] = gc.isenabled()
        seen["startup objects frozen"] = gc.get_freeze_count() > 0

    monkeypatch.setattr(planner.cli, "main", main)
    try:
        program.run()
    finally:
        gc.unfreeze()
        gc.enable()
    assert seen == {"loading": False, "running": True, "startup objects frozen": True}


def test_a_command_that_fails_to_load_still_exits_with_its_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "planner", "biuld"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 2 and done.stderr.startswith("Error: No such command 'biuld'")


@pytest.mark.parametrize("args", [("--version",), ("catalog", "list")])
def test_main_leaves_the_callers_collector_alone(args, capsys):
    assert gc.isenabled()
    with pytest.raises(SystemExit):
        planner.cli.main(list(args))
    assert gc.isenabled()
