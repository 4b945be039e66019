"""History as CSV, one row per set, and back: importing the file gives the same entries.

Reading streams the rows: entries go to the log as they are read, so memory grows with the
number of sessions (a few hundred bytes each), not with the file. A spreadsheet must not take
a cell for a formula: text cells that would start one get a leading `'` (OWASP's advice),
which reading takes off again, so the file still reads back exactly.
"""

from __future__ import annotations

import csv
import io
import re
import sys
from collections.abc import Callable, Iterable, Iterator
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
FULL_ONLY = ("session", "status", "left", "right", "target_sets", "target_reps", "target_band",
             "target_slack", "per_side", "deload", "source")
MAX_CSV_BYTES = 64 * 1024 * 1024
MAX_FIELD = 4000
DELIMITERS = (",", ";", "\t")
# A session uid as band-planner makes them: date, slot, the plan's slug.
UID = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}-[0-9]{1,3}-[A-Za-z0-9][A-Za-z0-9._-]{0,250}"
                 r"@band-planner")
# What makes a spreadsheet read a cell as a formula, after any quotes already added.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


def neutralised(cell: str) -> str:
    """A text cell a spreadsheet shows as text: `'` before a formula's first character
    (and before a cell that already starts with quotes and then one, so reading is exact)."""
    return "'" + cell if _FORMULA.match(cell) else cell


def restored(cell: str) -> str:
    """The inverse of `neutralised`."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell, 1) else cell


def to_csv(entries: list[Entry], notes: dict[str, SessionNote]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    text = neutralised
    for e in entries:
        note = notes.get(e.session) or SessionNote(e.session, e.date)
        head = [e.date.isoformat(), text(e.session), text(e.exercise), e.status]
        tail = [text(e.band or ""), e.slack or "", e.feel or "", e.target.sets, e.target.reps,
                text(e.target.band), e.target.slack, _flag(e.per_side), _flag(e.deload),
                e.source, _blank(note.effort), _blank(note.minutes), text(note.note or "")]
        if not e.sets:
            writer.writerow([*head, "", "", "", "", *tail])
        for number, done in enumerate(e.sets, start=1):
            sides = list(done) if isinstance(done, tuple) else ["", ""]
            writer.writerow([*head, number, "" if isinstance(done, tuple) else done, *sides, *tail])
    return out.getvalue()


Rows = Iterator[tuple[str, dict[str, str]]]  # (where, the row by column name)


def read_csv(path: Path, plan: Callable | None = None
             ) -> tuple[Iterator[Entry], Iterable[SessionNote]]:
    """Entries and session notes from a CSV file; every problem names the line.

    The file is `planner history --csv`'s, or the short form people write by hand (date,
    exercise, reps, …), whose sessions and targets come from `plan()`: a (Plan, its path)
    pair. The entries are read as they are asked for; the notes are complete once they all
    were (the notes given are a live view)."""
    from ..errors import PlannerError
    from ..files import open_bounded

    try:
        handle = open_bounded(path, MAX_CSV_BYTES, "CSV file")
    except LogError:
        raise
    except PlannerError as exc:
        raise LogError(str(exc)) from None
    text = io.TextIOWrapper(handle, encoding="utf-8-sig", newline="")
    try:
        first = _line(path, text, 1)
        if not first.strip():
            raise LogError(f"{path}: empty; expected a header line, e.g. date,exercise,reps "
                           "(or the one `planner history --csv` writes)")
        delimiter, header = _header(first)
        reader = csv.reader(text, delimiter=delimiter, strict=True)
        rows = _rows(path, reader, header)
        if any(column in header for column in FULL_ONLY):  # meant as history --csv's
            missing = [column for column in REQUIRED if column not in header]
            if missing:
                raise LogError(f"{path}: line 1: missing column(s) {', '.join(missing)}; "
                               "export one with `planner history --csv` to see the format, "
                               "or write the short form: date, exercise, reps")
            full = _FullRows(path)
            return _closing(full.entries(rows), text), full.notes.values()
        from .csvshort import ShortRows, check_header

        check_header(path, header)
        if plan is None:
            raise LogError(f"{path}: the short form needs the plan its sessions come from")
        short = ShortRows(path, header, *plan())
        return _closing(short.entries(rows), text), short.notes.values()
    except BaseException:
        text.close()
        raise


def _closing(entries: Iterator[Entry], handle) -> Iterator[Entry]:
    try:
        yield from entries
    finally:
        handle.close()


def _line(path: Path, text, number: int) -> str:
    try:
        return text.readline(MAX_FIELD * len(COLUMNS))
    except UnicodeDecodeError:
        raise LogError(f"{path}: line {number}: not UTF-8 text") from None


def _header(line: str) -> tuple[str, list[str]]:
    """The delimiter that splits the header line into the most known column names (comma,
    semicolon or tab), and the names, trimmed and in lower case."""
    from .csvshort import SHORT_COLUMNS

    known = set(COLUMNS) | set(SHORT_COLUMNS)
    best: tuple[int, str, list[str]] | None = None
    for delimiter in DELIMITERS:
        try:
            names = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        names = [name.strip().lower() for name in names]
        score = sum(name in known for name in names)
        if best is None or score > best[0]:
            best = (score, delimiter, names)
    if best is None:
        return ",", []
    return best[1], best[2]


def _rows(path: Path, reader, header: list[str]) -> Rows:
    """Each non-blank row as (where, {column: cell}), checked for shape and size."""
    width = len(header)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise LogError(f"{path}: line {reader.line_num + 1}: {exc}") from None
        except UnicodeDecodeError:
            raise LogError(f"{path}: line {reader.line_num + 2}: not UTF-8 text") from None
        if not any(cell.strip() for cell in row):
            continue
        where = f"{path}: line {reader.line_num + 1}"
        if len(row) != width:
            raise LogError(f"{where}: {len(row)} fields, but the header has {width}")
        if any(len(cell) > MAX_FIELD for cell in row):
            raise LogError(f"{where}: a field is longer than {MAX_FIELD} characters")
        yield where, dict(zip(header, row, strict=True))


def grouped(rows: Rows, read: Callable[[dict[str, str], Entry | None], Entry]
            ) -> Iterator[Entry]:
    """One entry per session and exercise from rows of sets: `read(row, current)` gives the
    entry so far with the row's set added (or a new entry); an error names the row."""
    current: Entry | None = None
    for where, row in rows:
        try:
            entry = read(row, current)
        except (ValueError, LogError) as exc:
            raise LogError(f"{where}: {exc}") from None
        if current is not None and entry.key != current.key:
            yield current
        current = entry
    if current is not None:
        yield current


class _FullRows:
    """The rows of `planner history --csv`: one per set; an entry's rows next to each other.

    Most rows repeat an exercise, dose and outcome already seen: those cells are checked
    once (the cache is bounded) and only date, session and reps are read each time."""

    REST = ("exercise", "status", "per_side", "band", "slack", "feel", "target_sets",
            "target_reps", "target_band", "target_slack", "deload", "source")
    CACHED = 4096

    def __init__(self, path: Path):
        self.path = path
        self.sessions: dict[str, list[str]] = {}  # session -> its exercises so far
        self.notes: dict[str, SessionNote] = {}
        self.days: dict[str, date] = {}
        self.checked: dict[tuple, Entry] = {}  # the REST cells -> an entry of them, checked
        self.last_note: tuple = ()

    def entries(self, rows: Rows) -> Iterator[Entry]:
        return grouped(rows, self._row)

    def _row(self, row: dict[str, str], current: Entry | None) -> Entry:
        day = self._date(row["date"].strip())
        session = restored(row["session"].strip())
        exercises = self.sessions.get(session)
        if exercises is None:
            if not UID.fullmatch(session):
                raise ValueError(f"session: {shown(session)} is not a session uid")
            session = sys.intern(session)
            exercises = self.sessions[session] = []
        model = self._model(row)
        exercise = model.exercise
        same = current is not None and current.key == (session, exercise)
        number = row["set"].strip()
        if same and current is not None:
            if current._replace(sets=(), date=model.date, session="", position=0) != model:
                raise ValueError(f"{exercise}: this row disagrees with the earlier rows of "
                                 "the same exercise and session")
            if current.date != day:
                raise ValueError(f"date: {day} differs from the session's earlier rows")
            entry = current
        else:
            if exercise in exercises:
                raise ValueError(f"{shown(exercise)}: the rows of {shown(session)} are not "
                                 "next to each other")
            entry = model._replace(date=day, session=session, position=len(exercises))
            exercises.append(exercise)
        if entry.status == "done":
            expected = len(entry.sets) + 1
            if number != str(expected):
                raise ValueError(f"set: {shown(number)}, expected {expected}")
            entry = entry._replace(sets=entry.sets + (_reps(row, entry.per_side),))
        elif number or same:
            raise ValueError("set: a skipped exercise has one row and no set number")
        raw_note = (session, row.get("effort", ""), row.get("minutes", ""), row.get("note", ""))
        if raw_note != self.last_note:
            merge_note(self.notes, SessionNote(session, day, *note_fields(row)))
            self.last_note = raw_note
        return entry

    def _model(self, row: dict[str, str]) -> Entry:
        """An entry with every cell but date, session, set and reps, checked (date, session and
        position are placeholders)."""
        key = tuple(row[column] for column in self.REST)
        model = self.checked.get(key)
        if model is not None:
            return model
        get = lambda column: row[column].strip()  # noqa: E731
        status = get("status")
        if status not in STATUSES:
            raise ValueError(f"status: {shown(status)} is not one of {', '.join(STATUSES)}")
        per_side = _bool(get("per_side"), "per_side")
        model = Entry(
            date=date.min, session="", exercise=sys.intern(restored(get("exercise"))),
            status=status, sets=(), band=restored(get("band")) or None,
            slack=get("slack") or None, feel=get("feel") or None,
            target=Target(_int(get("target_sets"), "target_sets"),
                          _int(get("target_reps"), "target_reps"),
                          restored(get("target_band")), get("target_slack")),
            per_side=per_side, deload=_bool(get("deload") or "false", "deload"),
            source=get("source") or "csv")
        if status == "done":  # its sets come row by row; a stand-in set for the check
            problem = entry_problem(model._replace(session="x", sets=((0, 0) if per_side else 0,)))
        else:
            problem = entry_problem(model._replace(session="x"))
        if problem:
            raise ValueError(problem)
        if len(self.checked) >= self.CACHED:
            self.checked.clear()
        self.checked[key] = model
        return model

    def _date(self, text: str) -> date:
        day = self.days.get(text)
        if day is None:
            if len(self.days) >= self.CACHED:
                self.days.clear()
            day = self.days[text] = parse_date(text)
        return day


def note_fields(row: dict[str, str]) -> tuple[int | None, int | None, str | None]:
    """A row's effort, minutes and note (None where blank), checked."""
    effort, minutes = row.get("effort", "").strip(), row.get("minutes", "").strip()
    return (_int(effort, "effort", 1, MAX_EFFORT) if effort else None,
            _int(minutes, "minutes", 0, MAX_MINUTES) if minutes else None,
            check_note(restored(row.get("note", "")) or None, "note"))


def merge_note(notes: dict[str, SessionNote], new: SessionNote) -> None:
    """Add a row's session note: each field given at most one way in a session's rows (a
    blank leaves it as the other rows give it)."""
    old = notes.get(new.session)
    if old is None:
        notes[new.session] = new
        return
    if old == new:
        return
    merged = old
    for field, value in new.fields().items():
        before = getattr(old, field)
        if value is not None and before is not None and value != before:
            raise ValueError(f"{field}: {shown(value)} differs from {shown(before)} in the "
                             "session's earlier rows")
        if value is not None:
            merged = merged._replace(**{field: value})
    notes[new.session] = merged


def _reps(row: dict[str, str], per_side: bool):
    if per_side:
        return (check_reps(row["left"].strip(), "left"), check_reps(row["right"].strip(), "right"))
    return check_reps(row["reps"].strip(), "reps")


def parse_date(text: str) -> date:
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
