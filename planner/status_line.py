"""A one-line progress note on stderr for long exports, shown only to a person at a terminal."""

from __future__ import annotations

import sys

LONG = 300  # sessions; below this an export takes well under a second


class StatusLine:
    """`step(text)` replaces the note; `done()` clears it. Silent unless stderr is a terminal
    and the work is long."""

    def __init__(self, sessions: int, stream=None, long: int = LONG):
        self.stream = stream or sys.stderr
        self.shown = 0
        try:
            self.on = sessions >= long and self.stream.isatty()
        except (AttributeError, ValueError):
            self.on = False

    def step(self, text: str) -> None:
        if self.on:
            self._write(f"\r{text}".ljust(self.shown + 1))
            self.shown = len(text)

    def done(self) -> None:
        if self.on and self.shown:
            self._write("\r" + " " * self.shown + "\r")
            self.shown = 0

    def _write(self, text: str) -> None:
        self.stream.write(text)
        self.stream.flush()
