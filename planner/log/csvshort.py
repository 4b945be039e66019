"""The short CSV form people write by hand: one row per exercise done, its session and target
taken from the plan.

    date,exercise,reps,feel
    2026-12-07,Band pull-apart,12 12 11,ok
    2026-12-07;bent-over;10/9 10/10;hard        (any of comma, semicolon or tab)

`exercise` is an id, a name in any case or a unique start of either; `reps` one number per
set, separated by spaces or commas, left/right for one-sided exercises, or `skip`. `feel`,
`band`, `slack`, `note`, `effort` and `minutes` may be added; a `set` column allows one row
per set, the rows of an exercise next to each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ..plan import Plan, Session, Week
from .csvfile import Rows, grouped, merge_note, note_fields, parse_date
from .entry import FEELS, Entry, LogError, SessionNote, parse_reps, shown

REQUIRED = ("date", "exercise", "reps")
OPTIONAL = ("feel", "band", "slack", "note", "effort", "minutes", "set")
SHORT_COLUMNS = REQUIRED + OPTIONAL
SKIPPED = ("skip", "skipped")


def check_header(path: Path, header: list[str]) -> None:
    """The header of a short-form file: the three columns it needs, no unknown one."""
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise LogError(f"{path}: line 1: no {' or '.join(missing)} column; a CSV to import "
                       f"needs the columns {', '.join(REQUIRED)} (optional: "
                       f"{', '.join(OPTIONAL[:-1])}), or is one `planner history --csv` wrote")
    for column in header:
        if column not in SHORT_COLUMNS:
            from ..suggest import did_you_mean

            hint = did_you_mean(column, list(SHORT_COLUMNS)).strip().rstrip(";")
            raise LogError(f"{path}: line 1: unknown column {shown(column)}; "
                           + (hint or f"the columns are {', '.join(SHORT_COLUMNS)}"))
    if len(set(header)) != len(header):
        twice = next(c for c in header if header.count(c) > 1)
        raise LogError(f"{path}: line 1: the column {shown(twice)} is there twice")


class ShortRows:
    """Entries from short-form rows, against the plan."""

    def __init__(self, path: Path, header: list[str], plan: Plan, plan_path: Path):
        from .when import today_in

        self.path, self.plan, self.plan_path = path, plan, plan_path
        self.by_set = "set" in header
        self.today = today_in(plan)
        self.days: dict[date, list[tuple[Week, Session]]] = {}
        for week, session in plan.sessions():
            self.days.setdefault(session.date, []).append((week, session))
        self.names = {key: exercise.name for key, exercise in plan.exercises.items()}
        self.seen: set[tuple[str, str]] = set()
        self.notes: dict[str, SessionNote] = {}

    def entries(self, rows: Rows) -> Iterator[Entry]:
        return grouped(rows, self._row)

    def _row(self, row: dict[str, str], current: Entry | None) -> Entry:
        from .record import entry_for

        get = lambda key: row.get(key, "").strip()  # noqa: E731
        day = parse_date(get("date"))
        if day > self.today:
            raise ValueError(f"date: {day} is after today ({self.today}); log a session once "
                             "it is done")
        week, session, item = self._item(day, get("exercise"))
        key = (session.uid, item.exercise)
        number, reps = get("set"), get("reps")
        if key in self.seen:
            if not (self.by_set and current is not None and current.key == key):
                raise ValueError(f"exercise: {item.exercise} on {day} is in this file twice"
                                 + ("" if self.by_set else "; give all its sets in one row, "
                                    "e.g. 12 12 11"))
            return self._more_sets(current, number, reps)
        self.seen.add(key)
        merge_note(self.notes, SessionNote(session.uid, day, *note_fields(row)))
        if reps.lower() in SKIPPED:
            return entry_for(week, session, item, status="skipped", source="csv")
        if self.by_set and number not in ("", "1"):
            raise ValueError(f"set: {shown(number)}, expected 1")
        return entry_for(week, session, item, sets=_sets(reps, item.per_side),
                         band=self._band(get("band")), slack=_choice(get("slack"), "slack"),
                         feel=_choice(get("feel"), "feel"), source="csv")

    def _more_sets(self, entry: Entry, number: str, reps: str) -> Entry:
        """The next row of an exercise given one set a row."""
        if entry.status != "done" or reps.lower() in SKIPPED:
            raise ValueError("set: a skipped exercise has one row")
        expected = len(entry.sets) + 1
        if number not in ("", str(expected)):
            raise ValueError(f"set: {shown(number)}, expected {expected}")
        sets = entry.sets + _sets(reps, entry.per_side)
        if len(sets) > 10:
            raise ValueError("reps: more than 10 sets")
        return entry._replace(sets=sets)

    def _item(self, day: date, name: str):
        from .when import nearest

        on_day = self.days.get(day)
        if not on_day:
            raise ValueError(f"date: no session on {day:%a %Y-%m-%d} in {self.plan_path}; "
                             f"{nearest(self.plan, day)}")
        exercise = self._exercise(name)
        for week, session in on_day:
            for item in session.items:
                if item.exercise == exercise:
                    return week, session, item
        has = ", ".join(self.names.get(i.exercise, i.exercise) for _, s in on_day
                        for i in s.items)
        raise ValueError(f"exercise: {self.names[exercise]} is not in the session of {day} "
                         f"(it has {has})")

    def _exercise(self, text: str) -> str:
        """The plan's exercise `text` names: its id, its name in any case, or a unique start
        of either (planner.naming)."""
        from ..errors import UsageError
        from ..naming import find_exercise

        try:
            return find_exercise(text, self.names, "exercise")
        except UsageError as exc:
            raise ValueError(str(exc)) from None

    def _band(self, text: str) -> str | None:
        if not text:
            return None
        bands = self.plan.settings.bands
        for band in bands:
            if band.casefold() == text.casefold():
                return band
        raise ValueError(f"band: {shown(text)} is not one of the plan's bands "
                         f"({', '.join(bands)})")


def _sets(text: str, per_side: bool) -> tuple:
    """`12 12 11`, `12,12,11`, `12;12;11` or `10/9 10/10`."""
    parts = [part for part in re.split(r"[\s,;]+", text) if part]
    joined = ",".join(re.sub(r"\s*/\s*", "/", part) for part in parts)
    return parse_reps(joined or text, per_side, "reps")


def _choice(text: str, field: str) -> str | None:
    from ..progression import SLACKS

    if not text:
        return None
    allowed = FEELS if field == "feel" else SLACKS
    value = text.lower()
    if value not in allowed:
        raise ValueError(f"{field}: {shown(text)} is not one of {', '.join(allowed)}")
    return value
