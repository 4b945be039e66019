"""Names of the fillable fields on the PDF session sheets (DESIGN "Fillable sheets"). Pure.

`bp1:<uid>:<exercise>:reps:<n>[:L|:R]`, `…:feel`, `…:band`, `…:slack`, and
`bp1:<uid>:_session:done|minutes|effort|notes`, with `%`, `.` and `:` in the uid written as
`%25`, `%2E` and `%3A` (a `.` would split the name into a field hierarchy in PDF).
"""

from __future__ import annotations

from typing import NamedTuple

PREFIX = "bp1"
SESSION = "_session"
FEELS = ("easy", "ok", "hard", "pain")
SESSION_FIELDS = ("done", "minutes", "effort", "notes")
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
    kind: str  # "reps", "feel", "band", "slack", or a SESSION_FIELDS word
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
    if kind in ("feel", "band", "slack") and not rest:
        return FieldName(uid, exercise, kind)
    if kind == "reps" and rest and rest[0].isdigit() and len(rest[0]) <= 2:
        side = rest[1] if len(rest) == 2 and rest[1] in ("L", "R") else ""
        if len(rest) == 1 or side:
            return FieldName(uid, exercise, kind, int(rest[0]), side)
    return None
