"""Ctrl-C and SIGTERM: one clear line and a known exit code, never a half-written set.

While a command runs, SIGINT and SIGTERM raise `Interrupted`, which unwinds like an error:
temp files are removed on the way out and `cli.main` prints one line. A set of files being
renamed into place is not split: a signal that arrives then waits until the set is complete.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}  # 128 + the signal number


class Interrupted(BaseException):
    """Raised by the signal handlers. A BaseException, so that no `except Exception` on the
    way (Typer, reportlab, a plugin) swallows it."""

    def __init__(self, signum: int, written: bool = False, done: str = ""):
        super().__init__(signum)
        # reportlab re-raises an exception as `type(exc)(annotated message)`: the signal is
        # then the one the handler last received, not the text.
        if not isinstance(signum, int):
            signum = _state["received"] or signal.SIGINT
        self.signum, self.written = signum, written
        self.done = done  # what was done before the interrupt, when more than files

    @property
    def exit_code(self) -> int:
        return EXIT_CODES.get(signal.Signals(self.signum), 130)

    def message(self) -> str:
        if self.done:
            return f"interrupted {self.done}"
        if self.written:
            return "interrupted after the files were written"
        return "interrupted; nothing was written"


_state: dict[str, Any] = {"deferring": False, "pending": None, "received": None}


def last_signal() -> int:
    """The signal received last while commands ran (SIGINT if none): for code that sees an
    interrupt only second-hand, e.g. an SQLite query the handler stopped."""
    return _state["received"] or signal.SIGINT


def _handler(signum, frame) -> None:
    _state["received"] = signum
    if _state["deferring"]:
        _state["pending"] = signum
        return
    raise Interrupted(signum)


@contextmanager
def raising_on_signals() -> Iterator[None]:
    """SIGINT and SIGTERM raise Interrupted inside the block, and a reader that closes our
    standard output (`planner … | head -1`) ends the program quietly, as it does other
    command-line tools (SIGPIPE: exit 141). The old handlers come back after. Outside the
    main thread (where handlers cannot be set) this does nothing."""
    saved = {}
    _state["received"] = None
    wanted: dict[signal.Signals, Any] = {signum: _handler for signum in EXIT_CODES}
    if hasattr(signal, "SIGPIPE"):
        wanted[signal.SIGPIPE] = signal.SIG_DFL
    try:
        for signum, handler in wanted.items():
            saved[signum] = signal.signal(signum, handler)
    except ValueError:  # not the main thread
        pass
    try:
        yield
    finally:
        for signum, old in saved.items():
            signal.signal(signum, old)


@contextmanager
def not_split() -> Iterator[None]:
    """A block no signal interrupts: one that arrives is raised when the block is done."""
    if _state["deferring"]:
        yield
        return
    _state["deferring"], _state["pending"] = True, None
    try:
        yield
    finally:
        _state["deferring"] = False
        pending, _state["pending"] = _state["pending"], None
    if pending is not None:
        raise Interrupted(pending, written=True)


@contextmanager
def broken_pipes_raise() -> Iterator[None]:
    """Inside the block a write to a closed pipe or socket raises (EPIPE) instead of killing
    the process with SIGPIPE, which `raising_on_signals` sets for standard output's sake.
    Publishers talk to servers: a server that hangs up must be an error they report, not a
    silent exit 141 halfway through."""
    if not hasattr(signal, "SIGPIPE"):
        yield
        return
    try:
        old = signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    except ValueError:  # not the main thread: nothing was changed
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGPIPE, old)

