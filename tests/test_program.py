"""The program as the console script starts it: the cyclic garbage collector is off while
the command loads and on while it runs; the process ends without the interpreter's teardown
only when nothing needs it, and never loses output or its exit code. A process that only
calls `planner.cli.main` (as the tests do) is left alone."""

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
    monkeypatch.setattr(program.os, "_exit", lambda code: pytest.fail("exited at once"))
    threshold = gc.get_threshold()
    try:
        program.run()
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
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


def planner_process(*args, cwd, extra=""):
    """`planner ARGS` in a child whose stdout is a pipe (so block-buffered), optionally after
    running `extra` in it first."""
    code = f"import sys; {extra}\nsys.argv = ['planner', *{list(args)!r}]\n" \
           "from planner.program import run\nrun()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_a_quick_exit_keeps_every_line_and_the_exit_code(tmp_path):
    built = planner_process("build", "--weeks", "52", "--start", "2026-11-23", "--tz", "UTC",
                            cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("plan: 52 week(s)")
    assert built.stdout.rstrip().endswith("shows how to do an exercise.")
    assert len(built.stdout) < 8192  # so all of it is still in stdout's buffer at the end
    bad = planner_process("build", "--weeks", "0", cwd=tmp_path)
    assert (bad.returncode, bad.stderr) == (2, "Error: --weeks: 0 is out of range; use 1 to 520\n")


@pytest.mark.parametrize("extra", [
    "import atexit; atexit.register(lambda: print('atexit ran', file=sys.stderr))",
    "import threading, time; threading.Thread(target=lambda: (time.sleep(0.5), "
    "print('thread done', file=sys.stderr))).start()",
])
def test_what_asks_for_the_teardown_gets_it(tmp_path, extra):
    """A function registered with atexit (as logging and PIL do) still runs, and a thread
    still finishes, so the process takes the usual way out."""
    done = planner_process("catalog", "list", cwd=tmp_path, extra=extra)
    assert done.returncode == 0 and done.stdout
    assert done.stderr.strip() in ("atexit ran", "thread done")


def test_nothing_to_tear_down_ends_the_process_at_once(monkeypatch):
    ended = []
    monkeypatch.setattr(program.os, "_exit", ended.append)
    monkeypatch.setattr(program.atexit, "_ncallbacks", lambda: 0)
    program._exit_now(3)
    assert ended == [3]
    monkeypatch.setattr(program.atexit, "_ncallbacks", lambda: 1)
    program._exit_now(4)
    assert ended == [3]
    monkeypatch.setattr(program.atexit, "_ncallbacks", lambda: 0)
    monkeypatch.setattr(program.threading, "active_count", lambda: 2)
    program._exit_now(5)
    assert ended == [3]
