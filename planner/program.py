"""The `planner` program, as the console script and `python -m planner` start it.

Start-up allocates only what lives as long as the process: modules, classes, the command.
The cyclic garbage collector would walk all of it again and again for nothing (about a
twentieth of a short command's run), so it is off until the command is loaded; then what is
there is frozen (left out of every later collection) and the command runs with the collector
on, so long exports still get their garbage collected; it runs a tenth as often as Python's
default, which spares a short command about 1% and costs a 520-week export a few MB.

At the end there is nothing left to do but exit: every file is closed, the log's database
too, and the output is flushed. Tearing down the interpreter (every module, every object)
would take a twentieth of a short command's run again, so the process ends there, unless
something still asks for that teardown: a thread that is not a daemon, or a function
registered with `atexit` (logging and PIL register one when a PDF is drawn). Tests that call
`planner.cli.main` in their own process get none of this.
"""

import atexit
import gc
import os
import sys
import threading


def run() -> None:
    gc.disable()
    from .cli import main

    try:
        main(ready=_loaded)
    except SystemExit as done:
        if isinstance(done.code, int):
            _exit_now(done.code)
        raise
    finally:
        # Freezing what is left spares the interpreter a full collection on the way out.
        gc.freeze()


def _loaded() -> None:
    gc.freeze()
    gc.set_threshold(10_000)  # ten times the default: a short command makes far fewer passes
    gc.enable()


def _exit_now(code: int) -> None:
    """End the process with `code` at once, when nothing needs the interpreter's teardown;
    else return, and the usual exit follows."""
    registered = getattr(atexit, "_ncallbacks", None)  # CPython's; elsewhere: the usual exit
    if registered is None or registered() or threading.active_count() > 1:
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):
        return  # the usual exit reports it as it always has
    os._exit(code)
