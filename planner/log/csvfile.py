"""History as CSV, one row per set, and back: importing the file gives the same entries."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

from .entry import (
    MAX_EFFORT,
    MAX_MINUTES,
    STATUSES,
    Entry,
    LogError,
    SessionNote,
    Target,
    check_note,
    check_reps,
    entry_problem,
    shown,
)

COLUMNS = ("date", "session", "exercise", "status", "set", "reps", "left", "right", "band",
           "slack", "feel", "target_sets", "target_reps", "target_band", "target_slack",
           "per_side", "deload", "source", "effort", "minutes", "note")
REQUIRED = COLUMNS[:16]
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_FIELD = 4000


def to_csv(entries: list[Entry], notes: dict[str, SessionNote]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        note = notes.get(e.session) or SessionNote(e.session, e.date)
        head = [e.date.isoformat(), e.session, e.exercise, e.status]
        tail = [e.band or "", e.slack or "", e.feel or "", e.target.sets, e.target.reps,
                e.target.band, e.target.slack, _flag(e.per_side), _flag(e.deload), e.source,
                _blank(note.effort), _blank(note.minutes), note.note or ""]
        if not e.sets:
            writer.writerow([*head, "", "", "", "", *tail])
        for number, done in enumerate(e.sets, start=1):
            sides = list(done) if isinstance(done, tuple) else ["", ""]
            writer.writerow([*head, number, "" if isinstance(done, tuple) else done, *sides, *tail])
    return out.getvalue()


def read_csv(path: Path) -> tuple[list[Entry], list[SessionNote]]:
    """Entries and session notes from a history CSV; every problem names the line."""
    from ..files import read_bounded

    raw = read_bounded(path, MAX_CSV_BYTES, "CSV file")
    try:
        text = raw.decode("utf-8-sig")  # a spreadsheet's byte-order mark is fine
    except UnicodeDecodeError as exc:
        raise LogError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise LogError(f"{path}: line 1: {exc}") from None
    if not header:
        raise LogError(f"{path}: empty; expected a header line: {','.join(COLUMNS)}")
    header = [h.strip().lower() for h in header]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise LogError(f"{path}: line 1: missing column(s) {', '.join(missing)}; export one "
                       "with `planner history --csv` to see the format")
    return _Rows(path, header).read(reader)


class _Rows:
    def __init__(self, path: Path, header: list[str]):
        self.path, self.header = path, header
        self.entries: dict[tuple[str, str], Entry] = {}
        self.notes: dict[str, SessionNote] = {}
        self.positions: dict[str, int] = {}
        self.last: tuple[str, str] | None = None

    def read(self, reader) -> tuple[list[Entry], list[SessionNote]]:
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise LogError(f"{self.path}: line {reader.line_num}: {exc}") from None
            if not any(cell.strip() for cell in row):
                continue
            where = f"{self.path}: line {reader.line_num}"
            if len(row) != len(self.header):
                raise LogError(f"{where}: {len(row)} fields, but the header has "
                               f"{len(self.header)}")
            if any(len(cell) > MAX_FIELD for cell in row):
                raise LogError(f"{where}: a field is longer than {MAX_FIELD} characters")
            try:
                self._row(dict(zip(self.header, row, strict=True)), where)
            except (ValueError, LogError) as exc:
                raise LogError(f"{where}: {exc}") from None
        for entry in self.entries.values():
            if entry.status == "done" and entry.target.sets and not entry.sets:
                raise LogError(f"{self.path}: {shown(entry.session)}/{entry.exercise}: no sets")
        return list(self.entries.values()), list(self.notes.values())

    def _row(self, row: dict[str, str], where: str) -> None:
        get = lambda key: row.get(key, "").strip()  # noqa: E731
        day = _date(get("date"))
        if get("status") not in STATUSES:
            raise ValueError(f"status: {shown(get('status'))} is not one of {', '.join(STATUSES)}")
        per_side = _bool(get("per_side"), "per_side")
        session, exercise = get("session"), get("exercise")
        position = self.positions.setdefault(session, 0)
        entry = Entry(
            date=day, session=session, exercise=exercise, status=get("status"), sets=(),
            band=get("band") or None, slack=get("slack") or None, feel=get("feel") or None,
            target=Target(_int(get("target_sets"), "target_sets"),
                          _int(get("target_reps"), "target_reps"),
                          get("target_band"), get("target_slack")),
            per_side=per_side, deload=_bool(get("deload") or "false", "deload"),
            source=get("source") or "csv", position=position)
        key = entry.key
        previous = self.entries.get(key)
        number = get("set")
        if previous is not None and key != self.last:
            raise ValueError(f"{shown(exercise)}: the rows of {shown(session)} are not next to "
                             "each other")
        self.last = key
        if previous is None:
            self.positions[session] = position + 1
        else:
            if previous._replace(sets=()) != entry._replace(sets=(), position=previous.position):
                raise ValueError(f"{exercise}: this row disagrees with the earlier rows of "
                                 "the same exercise and session")
            entry = previous
        if entry.status == "done":
            expected = len(entry.sets) + 1
            if number != str(expected):
                raise ValueError(f"set: {shown(number)}, expected {expected}")
            entry = entry._replace(sets=entry.sets + (self._reps(row, per_side),))
        elif number or previous is not None:
            raise ValueError("set: a skipped exercise has one row and no set number")
        problem = entry_problem(entry) if entry.status != "done" or entry.sets else None
        if problem:
            raise ValueError(problem)
        if entry.date != day:
            raise ValueError(f"date: {day} differs from the session's earlier rows")
        self.entries[key] = entry
        self._note(session, day, get("effort"), get("minutes"), row.get("note", ""))

    def _reps(self, row: dict[str, str], per_side: bool):
        if per_side:
            return (check_reps(row["left"].strip(), "left"), check_reps(row["right"].strip(), "right"))
        return check_reps(row["reps"].strip(), "reps")

    def _note(self, session: str, day: date, effort: str, minutes: str, note: str) -> None:
        new = SessionNote(session, day, _int(effort, "effort", 1, MAX_EFFORT) if effort else None,
                          _int(minutes, "minutes", 0, MAX_MINUTES) if minutes else None,
                          check_note(note or None, "note"))
        old = self.notes.get(session)
        if old is not None and old != new:
            raise ValueError("effort, minutes or note differ from the session's earlier rows")
        self.notes[session] = new


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"date: {shown(text)} is not YYYY-MM-DD") from None


def _int(text: str, field: str, low: int = 0, high: int = 100) -> int:
    if not text.isascii() or not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"{field}: {shown(text)} is not a whole number from {low} to {high}")
    return int(text)


def _bool(text: str, field: str) -> bool:
    value = text.lower()
    if value not in ("true", "false"):
        raise ValueError(f"{field}: {shown(text)} is not true or false")
    return value == "true"


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _blank(value) -> str:
    return "" if value is None else str(value)
