"""Reading a filled PDF sheet's form fields into log entries (pypdf, imported only here).

Values only, never appearance streams: what a PDF app shows is redrawn from the values, and
a value is what every app stores. An exercise whose reps boxes are all blank is not logged.
"""

from __future__ import annotations

import io
from pathlib import Path

from ..files import read_bounded
from ..plan import Plan
from .entry import (
    FEELS,
    MAX_EFFORT,
    MAX_MINUTES,
    Entry,
    LogError,
    SessionNote,
    check_band,
    check_note,
    check_reps,
    check_slack,
    shown,
)
from .record import entry_for
from .sheet_fields import SESSION, FieldName, parse_field_name

MAX_PDF_BYTES = 256 * 1024 * 1024


def read_sheets(path: Path, plan: Plan, plan_path: Path) -> tuple[list[Entry], list[SessionNote]]:
    """The entries and session notes filled in on the sheets of `path`, a PDF of `plan`."""
    values = _field_values(path)
    sessions = {session.uid: (week, session) for week, session in plan.sessions()}
    filled: dict[tuple[str, str], dict[FieldName, str]] = {}
    for name, value in values.items():
        if name.uid not in sessions:
            raise LogError(f"{path}: comes from another plan: session {shown(name.uid)} is "
                           f"not in {plan_path}")
        if value:
            filled.setdefault((name.uid, name.exercise), {})[name] = value
    entries, notes = [], []
    for (uid, exercise), fields in filled.items():
        week, session = sessions[uid]
        if exercise == SESSION:
            notes.append(_note(path, session, fields))
        else:
            entry = _entry(path, plan, week, session, exercise, fields)
            if entry is not None:
                entries.append(entry)
    entries.sort(key=lambda e: (e.date, e.session, e.position))
    return entries, notes


def _field_values(path: Path) -> dict[FieldName, str]:
    raw = read_bounded(path, MAX_PDF_BYTES, "PDF file")
    if not raw.lstrip()[:5] == b"%PDF-":
        raise LogError(f"{path}: not a PDF file")
    end = raw.rfind(b"%%EOF")
    if end < 0 or raw[end + 5:].strip(b" \r\n\t\x00"):
        # A file cut short, e.g. an incremental save that did not finish: pypdf would read
        # the version before it, and the values filled in last would be lost without a word.
        raise LogError(f"{path}: damaged PDF: it does not end where a PDF ends (cut short?)")
    import logging

    from pypdf import PdfReader

    quiet = logging.getLogger("pypdf")
    level, quiet.level = quiet.level, logging.CRITICAL  # its warnings are not our messages
    try:
        fields = _form_values(PdfReader(io.BytesIO(raw)))
    except Exception as exc:  # pypdf raises many kinds on damaged files and broken forms
        raise LogError(f"{path}: damaged PDF, its form cannot be read "
                       f"({type(exc).__name__})") from None
    finally:
        quiet.setLevel(level)
    if not fields:
        raise LogError(f"{path}: has no form fields; import a PDF written by band-planner "
                       "with fillable sheets (not --option pdf.fields=off)")
    ours = {}
    for name, value in fields.items():
        parsed = parse_field_name(str(name))
        if parsed is not None:
            ours[parsed] = _text(value)
    if not ours:
        raise LogError(f"{path}: not a band-planner sheet (none of its form fields is ours)")
    return ours


def _form_values(reader) -> dict[str, object]:
    """Field name -> value. Our forms are flat: every top-level field is a whole field with
    its type (/FT), and a radio group keeps its value on the group, so each one's /T and /V
    are enough, much faster than pypdf's get_fields(), which builds a record for every
    widget (1.7 s of a 52-week PDF's 2 s). A form of any other shape goes to get_fields()."""
    root = reader.trailer["/Root"]
    form = root.get("/AcroForm")
    if form is None:
        return {}
    form = form.get_object()
    values = {}
    for ref in form.get("/Fields", []) or []:
        field = ref.get_object()
        name = field.get("/T")
        if name is None or "/FT" not in field:  # a node of a field hierarchy: not ours
            return {str(k): f.get("/V") for k, f in (reader.get_fields() or {}).items()}
        values[str(name)] = field.get("/V")
    return values


def _text(value) -> str:
    """A field value as text: a radio's name without its slash, '' for none or Off."""
    if value is None:
        return ""
    text = str(value).strip()
    if text.startswith("/"):
        text = text[1:]
    return "" if text == "Off" else text


def _entry(path: Path, plan: Plan, week, session, exercise: str,
           fields: dict[FieldName, str]) -> Entry | None:
    item = next((i for i in session.items if i.exercise == exercise), None)
    where = lambda name: f"{path}: {session.date} {exercise}: {name}"  # noqa: E731
    if item is None:
        raise LogError(f"{where('reps')}: this exercise is not in that session of {plan.name}")
    boxes = {(f.set_number, f.side): v for f, v in fields.items() if f.kind == "reps"}
    if not boxes:
        return None  # feel, band or slack without any reps: nothing was logged
    if any(side and not item.per_side or not side and item.per_side for _, side in boxes):
        raise LogError(f"{where('reps')}: left/right boxes do not match the exercise")
    count = max(number for number, _ in boxes)
    sides = ("L", "R") if item.per_side else ("",)
    sets = []
    for number in range(1, count + 1):
        done = tuple(check_reps(boxes.get((number, side), "0") or "0",
                                where(f"set {number}{' ' + side if side else ''}"))
                     for side in sides)
        sets.append(done if item.per_side else done[0])
    text = {f.kind: v for f, v in fields.items() if f.kind != "reps"}
    feel = text.get("feel") or None
    if feel is not None and feel not in FEELS:
        raise LogError(f"{where('feel')}: {shown(feel)} is not one of {', '.join(FEELS)}")
    return entry_for(week, session, item, sets=tuple(sets),
                     band=check_band(text.get("band") or None, plan.settings["bands"],
                                     where("band")),
                     slack=check_slack((text.get("slack") or "").lower() or None, where("slack")),
                     feel=feel, source="pdf")


def _note(path: Path, session, fields: dict[FieldName, str]) -> SessionNote:
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

    return SessionNote(session.uid, session.date, number("effort", 1, MAX_EFFORT),
                       number("minutes", 0, MAX_MINUTES),
                       check_note(text.get("notes") or None, where("notes")))
