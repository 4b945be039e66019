"""Names of the fillable fields on the PDF session sheets: what the pdf exporter writes and
`planner import` reads back, so a sheet printed by one version imports in another. Pure.

`bp1:<uid>:<exercise>:reps:<n>[:L|:R]`, `…:feel`, `…:band`, `…:slack`, and
`bp1:<uid>:_session:done|minutes|effort|notes`, with `%`, `.` and `:` in the uid written as
`%25`, `%2E` and `%3A` (a `.` would split the name into a field hierarchy in PDF).

Two hidden, read-only fields say what the sheet printed, so that a sheet filled after the plan
changed is judged against what the person saw: `bp1:<uid>:_session:rev` (the session's
revision) and `bp1:<uid>:<exercise>:dose` (`3x10@light/normal`). Sheets printed before these
fields existed have neither.
"""

from __future__ import annotations

import re
from typing import NamedTuple

PREFIX = "bp1"
SESSION = "_session"
FEELS = ("easy", "ok", "hard", "pain")
SESSION_FIELDS = ("done", "minutes", "effort", "notes", "rev")
EXERCISE_FIELDS = ("feel", "band", "slack", "dose")
_ESCAPES = (("%", "%25"), (".", "%2E"), (":", "%3A"))


def escape_uid(uid: str) -> str:
    for raw, escaped in _ESCAPES:
        uid = uid.replace(raw, escaped)
    return uid


def unescape_uid(text: str) -> str:
    for raw, escaped in reversed(_ESCAPES):
        text = text.replace(escaped, raw)
    return text


def field_name(uid: str, exercise: str, *parts: str | int) -> str:
    return ":".join([PREFIX, escape_uid(uid), exercise, *map(str, parts)])


class FieldName(NamedTuple):
    """A parsed field name: what it is about."""

    uid: str
    exercise: str  # or SESSION
    kind: str  # "reps", an EXERCISE_FIELDS word, or a SESSION_FIELDS word
    set_number: int = 0  # reps: from 1
    side: str = ""  # reps of a one-sided exercise: "L" or "R"


def parse_field_name(name: str) -> FieldName | None:
    """The parts of one of our field names, or None for any other name."""
    parts = name.split(":")
    if len(parts) < 4 or parts[0] != PREFIX or not parts[1]:
        return None
    uid, exercise, kind, rest = unescape_uid(parts[1]), parts[2], parts[3], parts[4:]
    if exercise == SESSION:
        return FieldName(uid, SESSION, kind) if kind in SESSION_FIELDS and not rest else None
    if kind in EXERCISE_FIELDS and not rest:
        return FieldName(uid, exercise, kind)
    if kind == "reps" and rest and rest[0].isdigit() and len(rest[0]) <= 2:
        side = rest[1] if len(rest) == 2 and rest[1] in ("L", "R") else ""
        if len(rest) == 1 or side:
            return FieldName(uid, exercise, kind, int(rest[0]), side)
    return None


class Dose(NamedTuple):
    """A dose as a sheet printed it."""

    sets: int
    reps: int
    band: str
    slack: str


_DOSE = re.compile(r"([0-9]{1,2})x([0-9]{1,3})@([^/\s]{1,40})/([a-z]{1,10})")


def format_dose(sets: int, reps: int, band: str, slack: str) -> str:
    return f"{sets}x{reps}@{band}/{slack}"


def parse_dose(text: str) -> Dose | None:
    """The dose in a `3x10@light/normal` field, or None if it is not one."""
    found = _DOSE.fullmatch(text.strip())
    if found is None:
        return None
    sets, reps, band, slack = found.groups()
    return Dose(int(sets), int(reps), band, slack)
