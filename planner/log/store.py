"""The log file: one SQLite database, versioned with PRAGMA user_version.

Every write is one BEGIN IMMEDIATE transaction in WAL mode with a busy timeout, so several
`planner log` processes at once wait for each other instead of failing or losing entries.
Reading never creates the file. A file from a newer band-planner is refused untouched.

The file is input like any other: before anything else its schema must be exactly the one
band-planner makes (a planted trigger or view would run SQL), `trusted_schema` is off, and
long SQLite work and waits for a busy file give way to Ctrl-C and SIGTERM.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Callable, Iterable
from contextlib import suppress
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .entry import (
    MAX_EFFORT,
    MAX_MINUTES,
    MAX_NOTE,
    MAX_REPS,
    MAX_SETS_LOGGED,
    Entry,
    LogError,
    SessionNote,
    Target,
    entry_problem,
    shown,
)

APPLICATION_ID = 0x42504C47  # "BPLG" in the SQLite header marks a band-planner log
BUSY_MS = 30_000  # how long a command waits for another one writing the log
BUSY_SLICE = 0.05  # SQLite waits this long at a time, so that a signal is seen between waits
PROGRESS_STEPS = 20_000  # SQLite hands control back this often: signals are seen then
MAX_SETS_TEXT = 400

# MIGRATIONS[v] takes a file from version v - 1 to v; a new file runs them all.
MIGRATIONS = {
    1: """
        CREATE TABLE entry (
            session TEXT NOT NULL, exercise TEXT NOT NULL, date TEXT NOT NULL,
            position INTEGER NOT NULL, status TEXT NOT NULL, sets TEXT NOT NULL,
            band TEXT, slack TEXT, feel TEXT,
            target_sets INTEGER NOT NULL, target_reps INTEGER NOT NULL,
            target_band TEXT NOT NULL, target_slack TEXT NOT NULL,
            per_side INTEGER NOT NULL, deload INTEGER NOT NULL, source TEXT NOT NULL,
            PRIMARY KEY (session, exercise)
        );
        CREATE TABLE session (
            uid TEXT PRIMARY KEY, date TEXT NOT NULL, effort INTEGER, minutes INTEGER, note TEXT
        );
    """,
    # history filters by date and by exercise; `next` and `adapt` read one exercise's entries
    2: """
        CREATE INDEX entry_by_date ON entry (date, session, position);
        CREATE INDEX entry_by_exercise ON entry (exercise, date);
    """,
}
VERSION = max(MIGRATIONS)

_COLUMNS = ("session, exercise, date, position, status, sets, band, slack, feel, target_sets, "
            "target_reps, target_band, target_slack, per_side, deload, source")


class Outcome(NamedTuple):
    added: list[Entry]
    replaced: list[Entry]
    unchanged: list[Entry]
    notes: int  # sessions whose effort, minutes or note changed
    # Entries counted but not kept in the three lists (see Log.record's `keep`).
    left_out: tuple[int, int, int] = (0, 0, 0)

    def counts(self) -> tuple[int, int, int]:
        """How many entries were added, replaced and already logged."""
        return (len(self.added) + self.left_out[0], len(self.replaced) + self.left_out[1],
                len(self.unchanged) + self.left_out[2])


class Log:
    """An open log file. Use `Log.read` or `Log.write`, then `close` (or `with`)."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path, self.db = path, connection

    def __enter__(self) -> Log:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def read(cls, path: Path) -> Log | None:
        """The log at `path` for reading, or None when there is none yet (nothing is created)."""
        if not _existing_file(path):
            return None
        _refuse_planted_links(path)
        db = _connect(path, _reading_uri(path))
        try:
            version = _check_header(db, path)
        except LogError as exc:
            db.close()
            # SQLite could not make the -shm file beside a WAL log (a full disk): with no
            # pages in a -wal file everything is in the file itself, readable as it is.
            if not getattr(exc, "no_room", False) or _wal_size(path):
                raise
            db = _connect(path, _as_it_is(path, "there is no room on its disk"))
            try:
                version = _check_header(db, path)
            except BaseException:
                db.close()
                raise
        except BaseException:
            db.close()
            raise
        if version == 0:  # created but not set up yet: nothing is logged
            db.close()
            return None
        return cls(path, db)

    @classmethod
    def write(cls, path: Path) -> Log:
        """The log at `path` for writing: created (with its folder) or migrated as needed."""
        existed = _existing_file(path)
        _refuse_planted_links(path)
        if existed and not os.access(path.parent, os.W_OK | os.X_OK):
            raise LogError(f"{path}: cannot write the log: its folder is read-only; "
                           "nothing was written")
        if existed and not os.access(path, os.W_OK):
            raise LogError(f"{path}: cannot write the log: no permission to write the file; "
                           "nothing was written")
        if not existed:
            try:
                path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            except OSError as exc:
                raise LogError(f"{path}: cannot create the log's folder: {exc.strerror or exc}") from None
        uri = "file:" + _uri_path(path) + ("?mode=rw" if existed else "?mode=rwc")
        db = _connect(path, uri)
        try:
            _check_header(db, path)
            _guard(path, "set up", lambda: _prepare(db))
        except BaseException:
            db.close()
            raise
        if not existed:
            with suppress(OSError):
                os.chmod(path, 0o600)
        return cls(path, db)

    # -- reading -------------------------------------------------------------------------

    def entries(self, exercise: str | None = None, since: date | None = None,
                until: date | None = None) -> list[Entry]:
        """Entries in date order, optionally of one exercise and between two dates."""
        where, args = [], []
        if exercise is not None:
            where.append("exercise = ?")
            args.append(exercise)
        if since is not None:
            where.append("date >= ?")
            args.append(since.isoformat())
        if until is not None:
            where.append("date <= ?")
            args.append(until.isoformat())
        sql = (f"SELECT {_COLUMNS} FROM entry" + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY date, session, position")  # position: unique in a session
        rows = _guard(self.path, "read", lambda: self.db.execute(sql, args).fetchall())
        reader = _Rows(self.path)
        return [reader.entry(row) for row in rows]

    def logged(self, session: str) -> set[str]:
        """The exercises of a session that are logged."""
        rows = _guard(self.path, "read", lambda: self.db.execute(
            "SELECT exercise FROM entry WHERE session = ?", (session,)).fetchall())
        return {row[0] for row in rows}

    def notes(self) -> dict[str, SessionNote]:
        rows = _guard(self.path, "read", lambda: self.db.execute(
            "SELECT uid, date, effort, minutes, note FROM session").fetchall())
        return {row[0]: _note(row, self.path) for row in rows}

    # -- writing -------------------------------------------------------------------------

    def record(self, entries: Iterable[Entry], notes: Iterable[SessionNote], *, replace: bool,
               same_is_new: bool, conflict: Callable[[Entry, Entry], str],
               dry_run: bool = False, then: Callable[[Log], None] | None = None,
               keep: int | None = None) -> Outcome:
        """Add entries and session notes in one transaction, all or nothing.

        An entry already logged and identical is left as it is (unless `same_is_new`: then it
        counts as a different one). A different one is replaced with `replace`, else it is a
        LogError with the message `conflict(new, old)`. `dry_run` rolls the transaction back.
        `then(log)` runs inside the transaction after the writes, while other writers wait: it
        sees the whole log, its own writes included, and whatever it raises undoes them.
        With `keep`, each list of the outcome keeps at most that many entries and counts the
        rest, so that entries read from a file as they are needed are not all held at once.
        """
        def work() -> Outcome:
            lists: tuple[list[Entry], list[Entry], list[Entry]] = ([], [], [])
            left_out = [0, 0, 0]
            for entry in entries:
                old = self._entry_at(entry.session, entry.exercise)
                if old is None:
                    self._put(entry)
                    kind = 0
                elif old.content() == entry.content() and not same_is_new:
                    kind = 2
                elif replace:
                    self._put(entry)
                    kind = 1
                else:
                    raise LogError(conflict(entry, old))
                if keep is None or len(lists[kind]) < keep:
                    lists[kind].append(entry)
                else:
                    left_out[kind] += 1
            changed = sum(self._merge_note(note, replace) for note in notes if not note.is_empty())
            if then is not None and not dry_run:
                then(self)
            return Outcome(*lists, changed, (left_out[0], left_out[1], left_out[2]))

        return self._transaction(work, dry_run)

    def _transaction(self, work, dry_run: bool):
        def run():
            _begin_immediate(self.db)
            try:
                result = work()
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("ROLLBACK" if dry_run else "COMMIT")
            return result

        return _guard(self.path, "write", run)

    def _entry_at(self, session: str, exercise: str) -> Entry | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM entry WHERE session = ? AND exercise = ?",
                              (session, exercise)).fetchone()
        return None if row is None else _entry(row, self.path)

    def _put(self, e: Entry) -> None:
        sets = json.dumps([list(s) if isinstance(s, tuple) else s for s in e.sets],
                          separators=(",", ":"))
        self.db.execute(
            f"INSERT OR REPLACE INTO entry ({_COLUMNS}) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (e.session, e.exercise, e.date.isoformat(), e.position, e.status, sets, e.band,
             e.slack, e.feel, e.target.sets, e.target.reps, e.target.band, e.target.slack,
             int(e.per_side), int(e.deload), e.source))

    def _merge_note(self, note: SessionNote, replace: bool) -> bool:
        row = self.db.execute("SELECT uid, date, effort, minutes, note FROM session WHERE uid = ?",
                              (note.session,)).fetchone()
        old = _note(row, self.path) if row else SessionNote(note.session, note.date)
        merged = old._replace(date=note.date)
        for field, value in note.fields().items():
            before = getattr(old, field)
            if value is None or value == before:
                continue
            if before is not None and not replace:
                raise LogError(f"session {shown(note.session)}: already has {field} {shown(before)}, "
                               f"not {shown(value)}; add --replace to change it")
            merged = merged._replace(**{field: value})
        if merged == old and row is not None:
            return False
        self.db.execute("INSERT OR REPLACE INTO session (uid, date, effort, minutes, note) "
                        "VALUES (?, ?, ?, ?, ?)", (merged.session, merged.date.isoformat(),
                                                   merged.effort, merged.minutes, merged.note))
        return True


def _existing_file(path: Path) -> bool:
    try:
        info = path.stat()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise LogError(f"{path}: cannot open the log: {exc.strerror or exc}") from None
    if stat.S_ISDIR(info.st_mode):
        raise LogError(f"{path}: is a folder, not a log file; point --log at a file")
    if not stat.S_ISREG(info.st_mode):
        raise LogError(f"{path}: is not a regular file; point --log at a log file")
    return True


def _uri_path(path: Path) -> str:
    from urllib.parse import quote

    return quote(str(path.absolute()), safe="/")


def _refuse_planted_links(path: Path) -> None:
    """In a folder anyone may write to (sticky, like /tmp), the log and SQLite's files beside
    it must not be symbolic links: another user could have planted one pointing at a file of
    yours, which SQLite would then create or write."""
    folder = path.parent
    try:
        info = os.stat(folder)
    except OSError:
        return  # no folder yet: Log.write makes it, with nothing planted in it
    if not (info.st_mode & stat.S_IWOTH and info.st_mode & stat.S_ISVTX):
        return
    for name in (path.name, *(path.name + s for s in ("-wal", "-shm", "-journal"))):
        if os.path.islink(folder / name):
            raise LogError(f"{folder / name}: is a symbolic link in {folder}, a folder anyone "
                           "can write to; it is not followed (another user could have put it "
                           "there): keep the log in a folder of your own")


def _reading_uri(path: Path) -> str:
    """How a reading command opens the log, leaving nothing beside it.

    A read-only connection to a WAL file creates its -wal and -shm files and leaves them
    behind; a read-write one (which reads only) removes them on closing. Without a -wal
    file everything is in the file itself, so a folder that cannot be written in is no
    obstacle: the file is read as it is (`immutable`). With one, the -wal file must be read."""
    uri = "file:" + _uri_path(path)
    if os.path.lexists(str(path) + "-wal"):
        return uri + "?mode=ro"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return _as_it_is(path, "its folder is read-only")
    return uri + ("?mode=rw" if os.access(path, os.W_OK) else "?mode=ro")


def _wal_size(path: Path) -> int:
    try:
        return os.stat(str(path) + "-wal").st_size
    except FileNotFoundError:
        return 0


def _as_it_is(path: Path, why: str) -> str:
    """The URI that reads a WAL log without its -shm file, having said so."""
    from ..terminal import warn

    warn([f"{path}: {why}, so the log is read as it is on disk; nothing is written"])
    return "file:" + _uri_path(path) + "?mode=ro&immutable=1"


def _connect(path: Path, uri: str) -> sqlite3.Connection:
    try:
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_SLICE, isolation_level=None)
        # Functions in the file's schema (views, triggers, defaults) may not have side effects.
        db.execute("PRAGMA trusted_schema = OFF")
    except sqlite3.Error as exc:
        raise LogError(f"{path}: cannot open the log: {exc}") from None
    # Python runs a signal's handler only between its own steps: this hands it a step every
    # PROGRESS_STEPS SQLite instructions, so Ctrl-C stops a long query (see _guard).
    db.set_progress_handler(_let_signals_in, PROGRESS_STEPS)
    return db


def _let_signals_in() -> int:
    return 0  # go on; a signal's handler runs before this returns and may raise


def _check_header(db: sqlite3.Connection, path: Path) -> int:
    """Refuse, before any write, a file that is not SQLite, not ours, damaged, from a newer
    version or with a schema band-planner does not make; return its version (0: empty, as a
    first write leaves it for a moment)."""
    def read():  # one statement, so a log created meanwhile by another process reads whole
        rows = db.execute(
            "SELECT (SELECT application_id FROM pragma_application_id), "
            "(SELECT user_version FROM pragma_user_version), "
            "(SELECT page_size FROM pragma_page_size), m.type, m.name, m.tbl_name, m.sql "
            "FROM (SELECT 1) LEFT JOIN sqlite_master AS m").fetchall()
        objects = [row[3:] for row in rows if row[3] is not None]
        return (*rows[0][:3], objects)

    app, version, page, objects = _guard(path, "read", read)
    if app != APPLICATION_ID and (app != 0 or objects or version):
        raise LogError(f"{path}: not a band-planner log (an SQLite file of another program)")
    if version > VERSION:
        raise LogError(f"{path}: log version {version} was written by a newer band-planner; "
                       f"this one reads up to version {VERSION}: upgrade band-planner")
    if version < 0:
        raise LogError(f"{path}: damaged log: its version is {version}, which band-planner "
                       "never writes")
    from .schema import schema_problem

    problem = schema_problem(objects, version)
    if problem:
        raise LogError(f"{path}: not read: {problem}")
    size = path.stat().st_size
    if size and page and size % page:
        raise LogError(f"{path}: damaged log: {size} bytes is not a whole number of "
                       f"{page}-byte pages (was it cut short?)")
    return version


def _prepare(db: sqlite3.Connection) -> None:
    _to_wal(db)
    db.execute("PRAGMA synchronous = FULL")  # each commit reaches the disk
    if db.execute("PRAGMA user_version").fetchone()[0] == VERSION:
        return
    _begin_immediate(db)
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]  # another process may have won
        if version > VERSION:
            raise LogError("log version changed while opening")
        for step in range(version + 1, VERSION + 1):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    db.execute(statement)
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {VERSION}")
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _to_wal(db: sqlite3.Connection) -> None:
    """Switch to WAL mode. SQLite does not wait for a busy file here (another `planner log`
    may be creating the same new log at this moment), so this waits itself."""
    def switch():
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            db.execute("PRAGMA journal_mode = WAL")

    _patiently(switch)


def _begin_immediate(db: sqlite3.Connection) -> None:
    _patiently(lambda: db.execute("BEGIN IMMEDIATE"))


def _patiently(action):
    """Run `action`, again while another process keeps the file busy, for up to BUSY_MS.

    SQLite itself waits only BUSY_SLICE at a time; the waiting between is Python's, so
    Ctrl-C or SIGTERM ends a wait at once instead of after the whole timeout."""
    import time

    deadline = time.monotonic() + BUSY_MS / 1000
    pause = 0.005
    while True:
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc)
    return "database is locked" in text or "database is busy" in text or "busy" in (
        getattr(exc, "sqlite_errorname", "") or "").lower()


def _guard(path: Path, doing: str, action):
    """Run a database action; SQLite's errors become one-line LogErrors naming the file.
    A read waits for a busy file (writes wait at BEGIN IMMEDIATE, see `_begin_immediate`)."""
    try:
        return _patiently(action) if doing == "read" else action()
    except LogError:
        raise
    except sqlite3.DatabaseError as exc:
        from .sqlite_errors import explain

        raise explain(path, doing, exc) from None


def _entry(row: tuple, path: Path) -> Entry:
    """A stored row, checked like any input: a damaged or hand-edited row is a LogError."""
    (session, exercise, day, position, status, sets_text, band, slack, feel,
     t_sets, t_reps, t_band, t_slack, per_side, deload, source) = row
    where = f"{path}: entry {shown(session, 100)}/{shown(exercise)}"
    try:
        texts = (session, exercise, status, t_band, t_slack, source)
        if (not all(isinstance(t, str) for t in texts) or type(t_sets) is not int
                or type(t_reps) is not int or per_side not in (0, 1) or deload not in (0, 1)
                or type(position) is not int or not all(v is None or isinstance(v, str)
                                                         for v in (band, slack, feel))):
            raise ValueError("a field has a type band-planner never writes")
        if not isinstance(day, str):
            raise ValueError("date: not a date")
        entry = Entry(date=date.fromisoformat(day), session=session, exercise=exercise,
                      status=status, sets=_sets(sets_text, bool(per_side)), band=band,
                      slack=slack, feel=feel, target=Target(t_sets, t_reps, t_band, t_slack),
                      per_side=bool(per_side), deload=bool(deload), source=source,
                      position=position)
    except (ValueError, TypeError) as exc:
        raise LogError(f"{where}: damaged entry: {exc}") from None
    problem = entry_problem(entry)
    if problem:
        raise LogError(f"{where}: damaged entry: {problem}")
    return entry


class _Rows:
    """Stored rows to entries, each checked. Most rows repeat an exercise, dose and outcome
    already seen, so everything but their session, date and position is checked once."""

    def __init__(self, path: Path):
        self.path = path
        self.checked: dict[tuple, tuple] = {}  # row less session, date, position -> fields
        self.days: dict[str, date] = {}

    def entry(self, row: tuple) -> Entry:
        session, day, position = row[0], row[2], row[3]
        key = (row[1], *row[4:])
        fields = self.checked.get(key)
        if fields is None:
            entry = _entry(row, self.path)  # the whole row, checked
            self.checked[key] = tuple(entry)[2:12]
            self.days[day] = entry.date
            return entry
        when = self.days.get(day) if type(day) is str else None
        if when is None:
            try:
                when = self.days[day] = date.fromisoformat(day)
            except (TypeError, ValueError):
                return _entry(row, self.path)  # raises, naming the entry
        if type(session) is not str or not 0 < len(session) <= 300 or type(position) is not int:
            return _entry(row, self.path)  # raises, naming the entry
        return Entry._make((when, session, *fields, position))


def _sets(text, per_side: bool) -> tuple:
    if not isinstance(text, str) or len(text) > MAX_SETS_TEXT:
        raise ValueError("sets: not a list of reps")
    values = json.loads(text)
    if not isinstance(values, list) or len(values) > MAX_SETS_LOGGED:
        raise ValueError("sets: not a list of at most 10 sets")
    out = []
    for value in values:
        sides = value if per_side else [value]
        if (not isinstance(sides, list) or len(sides) != (2 if per_side else 1)
                or not all(type(v) is int and 0 <= v <= MAX_REPS for v in sides)):
            raise ValueError(f"sets: {shown(value)} is not a set of reps")
        out.append(tuple(sides) if per_side else sides[0])
    return tuple(out)


def _note(row: tuple, path: Path) -> SessionNote:
    uid, day, effort, minutes, note = row
    try:
        if not (effort is None or (type(effort) is int and 1 <= effort <= MAX_EFFORT)):
            raise ValueError(f"effort {shown(effort)}")
        if not (minutes is None or (type(minutes) is int and 0 <= minutes <= MAX_MINUTES)):
            raise ValueError(f"minutes {shown(minutes)}")
        if not (note is None or (isinstance(note, str) and len(note) <= MAX_NOTE)):
            raise ValueError("note")
        return SessionNote(uid, date.fromisoformat(day), effort, minutes, note)
    except (ValueError, TypeError) as exc:
        raise LogError(f"{path}: session {shown(uid)}: damaged notes: {exc}") from None


