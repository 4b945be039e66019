"""The `planner` program, as the console script and `python -m planner` start it.

Start-up allocates only what lives as long as the process: modules, classes, the command.
The cyclic garbage collector would walk all of it again and again for nothing (about a
twentieth of a short command's run), so it is off until the command is loaded; then what is
there is frozen (left out of every later collection) and the command runs with the collector
on, so long exports still get their garbage collected. Nothing here is imported by tests that
call `planner.cli.main`, which leaves the collector of their process alone.
"""

import gc


def run() -> None:
    gc.disable()
    from .cli import main

    try:
        main(ready=_loaded)
    finally:
        # The process ends here: freezing what is left spares the interpreter a full
        # collection on the way out. Everything written is closed and flushed by now.
        gc.freeze()


def _loaded() -> None:
    gc.freeze()
    gc.enable()
