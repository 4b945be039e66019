"""One logged exercise of one session, and the session's own notes. Pure data and checks."""

from __future__ import annotations

import re
from datetime import date
from typing import Any, NamedTuple

from ..errors import LogError
from ..exercise import is_exercise_id
from ..progression import SLACKS
from ..settings import is_band_name
from ..terminal import has_controls

STATUSES = ("done", "skipped")
FEELS = ("easy", "ok", "hard", "pain")
SOURCES = ("cli", "csv", "pdf")
MAX_SETS_LOGGED = 10
MAX_REPS = 100
MAX_EFFORT = 10
MAX_MINUTES = 24 * 60
MAX_NOTE = 2000

Sets = tuple  # of ints, or of (left, right) pairs for one-sided exercises


class Target(NamedTuple):
    """What the plan asked of one exercise in one session."""

    sets: int
    reps: int
    band: str
    slack: str

    def to_dict(self) -> dict[str, Any]:
        return {"sets": self.sets, "reps": self.reps, "band": self.band, "slack": self.slack}


class Entry(NamedTuple):
    """What was done of one exercise in one session, beside its target."""

    date: date
    session: str  # the plan session's uid
    exercise: str
    status: str  # "done" | "skipped"
    sets: Sets  # reps per set; () when skipped
    band: str | None  # band used; None when skipped
    slack: str | None
    feel: str | None  # "easy" | "ok" | "hard" | "pain" | None
    target: Target
    per_side: bool
    deload: bool  # the session was in a deload week
    source: str = "cli"  # where it was logged: "cli", "csv" or "pdf"
    position: int = 0  # the exercise's place in its session

    @property
    def key(self) -> tuple[str, str]:
        return (self.session, self.exercise)

    def content(self) -> tuple:
        """Everything that says what was done: two entries with equal content agree."""
        return tuple(self)[:11]

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date.isoformat(), "session": self.session, "exercise": self.exercise,
            "status": self.status, "sets": [list(s) if isinstance(s, tuple) else s for s in self.sets],
            "band": self.band, "slack": self.slack, "feel": self.feel,
            "target": self.target.to_dict(), "source": self.source,
            "per_side": self.per_side, "deload": self.deload,
        }


class SessionNote(NamedTuple):
    """How a whole session went: effort (1-10), minutes taken, a note. Any may be None."""

    session: str
    date: date
    effort: int | None = None
    minutes: int | None = None
    note: str | None = None

    def is_empty(self) -> bool:
        return self.effort is None and self.minutes is None and self.note is None

    def fields(self) -> dict[str, Any]:
        return {"effort": self.effort, "minutes": self.minutes, "note": self.note}


def entry_problem(e: Entry) -> str | None:
    """What is wrong with an entry read from outside (a log row, a CSV row), or None."""
    if e.status not in STATUSES:
        return f"status: {shown(e.status)} is not one of {', '.join(STATUSES)}"
    if e.feel is not None and e.feel not in FEELS:
        return f"feel: {shown(e.feel)} is not one of {', '.join(FEELS)}"
    if e.source not in SOURCES:
        return f"source: {shown(e.source)} is not one of {', '.join(SOURCES)}"
    if not 1 <= e.target.sets <= MAX_SETS_LOGGED or not 0 <= e.target.reps <= MAX_REPS:
        return f"target: {e.target.sets} x {e.target.reps} is out of range"
    for field, value in (("target band", e.target.band), ("band", e.band)):
        if value is not None and not is_band_name(value):
            return f"{field}: {shown(value)} is not a band name"
    for field, value in (("target slack", e.target.slack), ("slack", e.slack)):
        if value is not None and value not in SLACKS:
            return f"{field}: {shown(value)} is not one of {', '.join(SLACKS)}"
    if not is_exercise_id(e.exercise):
        return f"exercise: {shown(e.exercise)} is not an exercise id"
    if not 0 < len(e.session) <= 300 or has_controls(e.session):
        return f"session: {shown(e.session)} is not a session uid"
    if e.status == "skipped" and (e.sets or e.band or e.slack or e.feel):
        return "sets: a skipped exercise has no sets, band, slack or feel"
    if e.status == "done" and (not e.sets or e.band is None or e.slack is None):
        return "sets: a done exercise needs its sets, band and slack"
    return None


_NUMBER = re.compile(r"[0-9]{1,3}")


def parse_reps(text: str, per_side: bool, where: str = "--reps") -> Sets:
    """`12,12,11`, or `10/9,10/10` (left/right) for a one-sided exercise."""
    parts = [p.strip() for p in text.split(",")]
    if not text.strip() or any(not p for p in parts):
        raise LogError(f"{where}: {text!r} is not a list of reps; write one number per set, "
                       "e.g. 12,12,11" + (" (left/right: 10/9,10/10)" if per_side else ""))
    if len(parts) > MAX_SETS_LOGGED:
        raise LogError(f"{where}: {len(parts)} sets is too many; at most {MAX_SETS_LOGGED}")
    sets = []
    for part in parts:
        sides = [s.strip() for s in part.split("/")]
        if per_side and len(sides) != 2:
            raise LogError(f"{where}: {part!r}: this exercise is done on each side; "
                           "write left/right for every set, e.g. 10/9,10/10")
        if not per_side and len(sides) != 1:
            raise LogError(f"{where}: {part!r}: left/right is only for one-sided exercises; "
                           "write one number per set, e.g. 12,12,11")
        values = tuple(check_reps(s, where) for s in sides)
        sets.append(values if per_side else values[0])
    return tuple(sets)


def check_reps(text: str, where: str) -> int:
    if not _NUMBER.fullmatch(text) or int(text) > MAX_REPS:
        shown = text if len(text) <= 20 else text[:19] + "…"
        raise LogError(f"{where}: {shown!r} is not a number of reps from 0 to {MAX_REPS}")
    return int(text)


def format_sets(sets: Sets) -> str:
    """The inverse of parse_reps: `12,12,11` or `10/9,10/10`."""
    return ",".join(f"{s[0]}/{s[1]}" if isinstance(s, tuple) else str(s) for s in sets)


def check_choice(value: str | None, allowed: tuple[str, ...], where: str) -> str | None:
    """`value` if it is one of `allowed` (in any case), else an error with a suggestion."""
    if value is None or value in allowed:
        return value
    folded = value.strip().casefold()
    if folded in allowed:
        return folded
    raise LogError(f"{where}: {shown(value)} is not one of {', '.join(allowed)}"
                   f"{_suggested(folded, allowed)}")


def check_band(value: str | None, bands: tuple[str, ...] | list[str], where: str) -> str | None:
    if value is None or value in bands:
        return value
    by_case = {band.casefold(): band for band in bands}
    if value.strip().casefold() in by_case:
        return by_case[value.strip().casefold()]
    raise LogError(f"{where}: {shown(value)} is not one of the plan's bands ({', '.join(bands)})"
                   f"{_suggested(value.strip().casefold(), by_case, list(bands))}")


def _suggested(word: str, choices, names: list[str] | None = None) -> str:
    from ..suggest import closest

    found = closest(word, list(choices))
    if found is None:
        return ""
    if names is not None:
        found = names[list(choices).index(found)]
    return f"; did you mean '{found}'?"


def check_slack(value: str | None, where: str = "--slack") -> str | None:
    return check_choice(value, SLACKS, where)


def check_number(value: int | None, low: int, high: int, where: str) -> int | None:
    if value is None:
        return None
    if type(value) is not int or not low <= value <= high:
        raise LogError(f"{where}: {shown(value)} is out of range; use {low} to {high}")
    return value


def check_note(value: str | None, where: str = "--note") -> str | None:
    if value is None:
        return None
    value = value.replace("\r\n", "\n").replace("\r", "\n")  # line breaks as PDF apps save them
    if len(value) > MAX_NOTE:
        raise LogError(f"{where}: {len(value)} characters is too long; at most {MAX_NOTE}")
    if has_controls(value.replace("\n", ""), bidi=False):
        raise LogError(f"{where}: {shown(value)} has control characters; a note is plain "
                       "text (line breaks are fine)")
    return value if value.strip() else None


def shown(value: Any, limit: int = 40) -> str:
    """A value for an error message: quoted, cut short, control characters made visible."""
    # repr escapes every character Python does not call printable: C0, C1, bidi controls.
    text = repr(value) if isinstance(value, str) else repr(str(value))[1:-1]
    return text if len(text) <= limit else text[: limit - 1] + "…"
