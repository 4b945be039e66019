"""The `planner` command line: the commands of plan_commands.py, log_commands.py and
setup_commands.py, run with known errors turned into `Error:` lines and exit codes.

Only the module of the command asked for is imported, and only that command is turned into
a click command: importing and converting all of them, with their options and help, was a
tenth of a short command's start-up. `--help`, an unknown word and shell completion get
them all."""

import errno
import functools
import os
import sys
from collections.abc import Callable
from importlib import import_module
from typing import Any

import typer

from . import cli_app
from .errors import PlannerError
from .terminal import visible

__all__ = ["main"]  # and `app`, through __getattr__

# Each command's module, in the order `planner --help` lists them: as a week of use meets them.
COMMANDS = {
    "build": "plan_commands", "today": "log_commands", "log": "log_commands",
    "next": "log_commands", "history": "log_commands", "import": "log_commands",
    "adapt": "plan_commands", "export": "plan_commands", "publish": "plan_commands",
    "init": "setup_commands", "exporters": "setup_commands", "catalog": "setup_commands",
}


def __getattr__(name: str) -> Any:
    if name == "app":  # `planner.cli.app`: the application with every command
        return _with_commands(set(COMMANDS.values()))
    raise AttributeError(f"module 'planner.cli' has no attribute {name!r}")


def _with_commands(modules: set[str]) -> typer.Typer:
    """The application, once `modules` have added their commands to it."""
    for module in sorted(modules):
        import_module(f".{module}", __package__)
    order = list(COMMANDS)
    cli_app.app.registered_commands.sort(key=lambda info: order.index(_name(info)))
    return cli_app.app


def _name(info) -> str:
    return info.name or getattr(info.callback, "__name__", "").replace("_", "-")


def main(argv: list[str] | None = None, ready: Callable[[], None] | None = None) -> None:
    """Run one command: known errors become `Error: …` lines and exit codes. `ready` is
    called once the command is loaded, just before it runs (see planner.program)."""
    from typer._click.exceptions import NoArgsIsHelpError

    from .interrupts import Interrupted, raising_on_signals

    debug = os.environ.get("PLANNER_DEBUG", "") == "1"
    args = sys.argv[1:] if argv is None else argv
    command = typer.main.get_command(_only(args[0] if args else None))
    if ready is not None:
        ready()
    try:
        with raising_on_signals():
            code = command.main(args=args, prog_name="planner", standalone_mode=False)
            _flush_stdout()
    except Interrupted as exc:
        typer.echo(f"Error: {exc.message()}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `planner catalog list | head -1`: the reader has had enough
        _quiet_stdout()
        sys.exit(141)  # as if killed by SIGPIPE, like other command-line tools
    except OSError as exc:
        if exc.filename is not None or exc.errno not in _STDOUT_ERRORS:
            raise  # not standard output's: an internal error, below
        _quiet_stdout()
        typer.echo(f"Error: cannot write to standard output: {exc.strerror}", err=True)
        sys.exit(2)
    except PlannerError as exc:
        if debug:
            raise
        for line in str(exc).splitlines() or ["unknown problem"]:
            typer.echo(f"Error: {visible(line)}", err=True)  # may quote a file's text
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Error: aborted", err=True)
        sys.exit(130)
    except typer.TyperException as exc:  # bad option syntax, unknown option, bad number…
        if debug:
            raise
        message = " ".join(exc.format_message().split())
        if isinstance(exc, NoArgsIsHelpError) or not message:
            sys.exit(0)  # `planner` or `planner catalog` alone: the help was shown
        context = getattr(exc, "ctx", None)
        if context is not None:
            message += f" (see '{context.command_path} --help')"
        typer.echo(f"Error: {message}", err=True)
        sys.exit(exc.exit_code)
    except MemoryError:
        if debug:
            raise
        typer.echo("Error: out of memory: the input is too large for the memory this system "
                   "allows the command", err=True)
        sys.exit(2)
    except Exception as exc:
        if debug:
            raise
        typer.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(run with PLANNER_DEBUG=1 for details)", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


def _only(word: str | None) -> typer.Typer:
    """The app with just the command `word` names, when it names one (and no shell
    completion is asked for, which wants them all); else the whole app."""
    if word not in COMMANDS or any(key.endswith("_COMPLETE") for key in os.environ):
        return _with_commands(set(COMMANDS.values()))
    return _one_command(word)


@functools.cache  # one app a command, however often main runs in one process (tests)
def _one_command(word: str) -> typer.Typer:
    app = _with_commands({COMMANDS[word]})
    only = typer.Typer()
    only.__dict__.update(app.__dict__)
    only.registered_commands = [info for info in app.registered_commands
                                if _name(info) == word]
    only.registered_groups = [info for info in app.registered_groups if info.name == word]
    return only


_STDOUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE}


def _flush_stdout() -> None:
    """Flush now, so a full disk or a closed pipe is reported here, not at exit."""
    sys.stdout.flush()


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # a replaced stdout (tests) has no fd
        pass
