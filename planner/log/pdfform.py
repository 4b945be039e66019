"""Reading a filled PDF sheet's form fields into log entries: `planner import plan.pdf`, with
the field names of sheet_fields.py.

Values only, never appearance streams: what a PDF app shows is redrawn from the values, and
a value is what every app stores. The sets are the filled boxes in order; a blank box is never
0 reps. An entry is judged against the dose the sheet printed (its hidden `dose` field), not
against what the plan says now: a plan adapted after printing must not change what a filled
sheet means.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..plan import Plan
from .entry import (
    FEELS,
    MAX_EFFORT,
    MAX_MINUTES,
    Entry,
    LogError,
    SessionNote,
    Target,
    check_note,
    check_reps,
    check_slack,
    shown,
)
from .pdfread import field_values
from .record import entry_for
from .sheet_fields import SESSION, Dose, FieldName, parse_dose, parse_field_name

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH_WORDS = {word: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), start=1) for word in (name, name[:3])} | {"sept": 9}
MAX_DAYS_APART = 366  # "Done on" at most this far from the session's date


class Sheets(NamedTuple):
    """What the filled sheets of one PDF say."""

    entries: list[Entry]
    notes: list[SessionNote]
    warnings: list[str]  # values that were not imported, one line each
    stale: list[str]  # dates of sheets printed before the plan last changed them


def read_sheets(path: Path, plan: Plan, plan_path: Path) -> Sheets:
    """The entries and session notes filled in on the sheets of `path`, a PDF of `plan`."""
    values = _our_fields(path)
    sessions = {session.uid: (week, session) for week, session in plan.sessions()}
    filled: dict[tuple[str, str], dict[FieldName, str]] = {}
    for name, value in values.items():
        if name.uid not in sessions:
            raise LogError(f"{path}: comes from another plan: session {shown(name.uid)} is "
                           f"not in {plan_path}")
        if value:
            filled.setdefault((name.uid, name.exercise), {})[name] = value
    result = Sheets([], [], [], [])
    done_on = {uid: _done_on(path, sessions[uid][1], fields, plan)
               for (uid, exercise), fields in filled.items() if exercise == SESSION}
    for (uid, exercise), fields in filled.items():
        week, session = sessions[uid]
        day = done_on.get(uid) or session.date
        if exercise == SESSION:
            note = _note(path, session, fields, day)
            if not note.is_empty():
                result.notes.append(note)
            continue
        entry = _entry(path, plan, week, session, exercise, fields, result.warnings)
        if entry is not None:
            result.entries.append(entry._replace(date=day))
    used = {e.session for e in result.entries} | {n.session for n in result.notes}
    for (uid, exercise), fields in filled.items():
        if exercise == SESSION and uid in used and _is_stale(sessions[uid][1], fields, filled):
            result.stale.append(str(sessions[uid][1].date))
    result.entries.sort(key=lambda e: (e.date, e.session, e.position))
    result.stale.sort()
    return result


def stale_line(path: Path, plan_path: Path, stale: list[str]) -> list[str]:
    """One line when some sheets were printed before the plan changed their doses."""
    if not stale:
        return []
    days = ", ".join(stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
    sheets = "1 sheet" if len(stale) == 1 else f"{len(stale)} sheets"
    return [f"{path}: {sheets} ({days}) printed before {plan_path} "
            "changed; judged against the doses printed on them"]


def _our_fields(path: Path) -> dict[FieldName, str]:
    fields = field_values(path)
    if not fields:
        raise LogError(f"{path}: has no form fields; import a PDF written by band-planner "
                       "with fillable sheets (not --option pdf.fields=off)")
    ours = {}
    for name, value in fields.items():
        parsed = parse_field_name(name)
        if parsed is not None:
            ours[parsed] = value
    if not ours:
        raise LogError(f"{path}: not a band-planner sheet (none of its form fields is ours)")
    return ours


def _entry(path: Path, plan: Plan, week, session, exercise: str,
           fields: dict[FieldName, str], warnings: list[str]) -> Entry | None:
    item = next((i for i in session.items if i.exercise == exercise), None)
    where = lambda name: f"{path}: {session.date} {exercise}: {name}"  # noqa: E731
    if item is None:
        raise LogError(f"{where('reps')}: this exercise is not in that session of {plan.name}")
    printed = _printed(fields, item, where)
    text = {f.kind: v.strip() for f, v in fields.items() if f.kind not in ("reps", "dose")}
    boxes = {(f.set_number, f.side): v.strip() for f, v in fields.items() if f.kind == "reps"}
    boxes = {key: value for key, value in boxes.items() if value}
    if not boxes:
        given = [kind for kind in ("feel", "band", "slack") if text.get(kind)]
        if given:
            warnings.append(f"{path}: {session.date} {exercise}: {' and '.join(given)} given "
                            "but no reps, so nothing was logged for it")
        return None
    if any(side and not item.per_side or not side and item.per_side for _, side in boxes):
        raise LogError(f"{where('reps')}: left/right boxes do not match the exercise")
    sets = _sets(boxes, item.per_side, where)
    feel = text.get("feel", "").lower() or None
    if feel is not None and feel not in FEELS:
        raise LogError(f"{where('feel')}: {shown(feel)} is not one of {', '.join(FEELS)}")
    band = _band(text.get("band", ""), plan.settings.bands, where("band"))
    slack = check_slack(text.get("slack", "").lower() or None, where("slack"))
    entry = entry_for(week, session, item, sets=sets, band=band or printed.band,
                      slack=slack or printed.slack, feel=feel, source="pdf")
    return entry._replace(target=Target(*printed))


def _sets(boxes: dict[tuple[int, str], str], per_side: bool, where) -> tuple:
    """The reps of each set: the filled boxes in order. A blank box before a filled one, or
    one side of a set filled and the other blank, is an error naming the box."""
    sides = ("L", "R") if per_side else ("",)
    count = max(number for number, _ in boxes)
    sets = []
    for number in range(1, count + 1):
        done = []
        for side in sides:
            box = f"set {number}{' ' + side if side else ''}"
            value = boxes.get((number, side))
            if value is None:
                if any((number, other) in boxes for other in sides):
                    other = "left" if side == "R" else "right"
                    raise LogError(f"{where(box)}: blank, but the {other} side of set {number} "
                                   "is filled; fill both sides of a set (a blank box is not 0)")
                raise LogError(f"{where(box)}: blank, but set {count} after it is filled; "
                               "write the sets in order, or 0 for a set tried and not done")
            done.append(check_reps(value, where(box)))
        sets.append(tuple(done) if per_side else done[0])
    return tuple(sets)


def _printed(fields: dict[FieldName, str], item, where) -> Dose:
    """The dose the sheet printed, or the plan's dose for a sheet from before `dose` fields."""
    text = next((v for f, v in fields.items() if f.kind == "dose"), "")
    if not text:
        return Dose(item.sets, item.reps, item.band, item.slack)
    dose = parse_dose(text)
    if dose is None:
        raise LogError(f"{where('dose')}: {shown(text)} is not a dose like 3x10@light/normal "
                       "(this field is written by band-planner and should not be edited)")
    return dose


def _band(text: str, bands, where: str) -> str | None:
    """A band word in any case ("Light" from a tablet's keyboard), as the plan spells it."""
    if not text:
        return None
    for band in bands:
        if band.casefold() == text.casefold():
            return band
    raise LogError(f"{where}: {shown(text)} is not one of the plan's bands ({', '.join(bands)})")


def _is_stale(session, fields: dict[FieldName, str], filled) -> bool:
    """Was this sheet printed at an earlier revision of its session, or with other doses?"""
    rev = next((v for f, v in fields.items() if f.kind == "rev"), "").strip()
    if rev and rev != str(session.revision):
        return True
    for item in session.items:
        printed = next((v for f, v in filled.get((session.uid, item.exercise), {}).items()
                        if f.kind == "dose"), "")
        if printed and parse_dose(printed) != Dose(item.sets, item.reps, item.band, item.slack):
            return True
    return False


def _done_on(path: Path, session, fields: dict[FieldName, str], plan: Plan) -> date | None:
    """The "Done on" date: YYYY-MM-DD, "23 Nov" or "23 Nov 2026", or 23.11.[2026]; a day
    without a year is the one nearest the session's date."""
    text = next((v for f, v in fields.items() if f.kind == "done"), "").strip()
    if not text:
        return None
    where = f"{path}: {session.date} Done on"
    day = _parse_day(text, session.date)
    if day is None:
        raise LogError(f"{where}: {shown(text)} is not a date; write it as "
                       f"{session.date.isoformat()} or {session.date.day} "
                       f"{MONTHS[session.date.month - 1].title()}")
    if abs((day - session.date).days) > MAX_DAYS_APART:
        raise LogError(f"{where}: {day} is more than a year from the session's date")
    from .when import today_in

    if day > today_in(plan):
        raise LogError(f"{where}: {day} is after today")
    return day


def _parse_day(text: str, near: date) -> date | None:
    import re

    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    found = (re.fullmatch(r"(\d{1,2})\s*\.?\s*([A-Za-z]{3,9})\.?,?(?:\s+(\d{4}))?", text)
             or re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(?:(\d{4}))?", text))
    if found is None:
        return None
    day, month, year = found.groups()
    if month.isdigit():
        number = int(month)
    elif month.lower() in MONTH_WORDS:
        number = MONTH_WORDS[month.lower()]
    else:
        return None
    years = [int(year)] if year else [near.year - 1, near.year, near.year + 1]
    candidates = []
    for each in years:
        try:
            candidates.append(date(each, number, int(day)))
        except ValueError:
            continue
    return min(candidates, key=lambda d: abs((d - near).days), default=None)


def _note(path: Path, session, fields: dict[FieldName, str], day: date) -> SessionNote:
    text = {f.kind: v for f, v in fields.items()}
    where = lambda name: f"{path}: {session.date} {name}"  # noqa: E731

    def number(kind: str, low: int, high: int) -> int | None:
        value = text.get(kind, "").strip()
        if not value:
            return None
        if not value.isascii() or not value.isdigit() or not low <= int(value) <= high:
            raise LogError(f"{where(kind)}: {shown(value)} is not a whole number from {low} "
                           f"to {high}")
        return int(value)

    return SessionNote(session.uid, day, number("effort", 1, MAX_EFFORT),
                       number("minutes", 0, MAX_MINUTES),
                       check_note(text.get("notes") or None, where("notes")))
