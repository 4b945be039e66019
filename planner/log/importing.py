"""`planner import`: entries from a file into the log, once. Importing again changes nothing."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from itertools import chain, islice
from pathlib import Path

from ..terminal import warn
from .entry import Entry, LogError, SessionNote
from .location import log_path
from .store import Log, Outcome

LISTED = 50  # entries `--dry-run` names; the rest are counted


def import_file(file: Path, plan: Path, replace: bool, dry_run: bool,
                log: Path | None, then: Callable[[Log], None] | None = None) -> list[str]:
    """Read FILE, add its entries to the log (all or none); return the lines to print."""
    suffix = file.suffix.lower()
    before: list[str] = []
    warnings: list[str] = []
    if suffix == ".csv":
        from ..plan_file import read_plan
        from .csvfile import read_csv

        def read():
            return read_csv(file, lambda: (read_plan(plan), plan))

        if not dry_run and not os.path.lexists(log_path(log)):
            # Rows go to the log as they are read; a new log is made only for a file that
            # reads whole, so a bad row leaves no log behind: read it all once first.
            for _ in read()[0]:
                pass
        entries, notes = read()
    elif suffix == ".pdf":
        from ..plan_file import read_plan
        from .pdfform import read_sheets, stale_line

        sheets = read_sheets(file, read_plan(plan), plan)
        entries, notes, warnings = sheets.entries, sheets.notes, sheets.warnings
        before = stale_line(file, plan, sheets.stale)
    else:
        raise LogError(f"{file}: cannot import a {suffix or 'suffix-less'} file; import a "
                       ".csv written by `planner history --csv` or a filled PDF of the plan")
    lines = before + import_entries(file, entries, notes, replace, dry_run, log_path(log), then)
    warn(warnings)  # once the import went through: a failed one says one line only
    return lines


def import_entries(file: Path, entries: Iterable[Entry], notes: Iterable[SessionNote],
                   replace: bool,
                   dry_run: bool, path: Path, then: Callable[[Log], None] | None = None
                   ) -> list[str]:
    """The import path shared by every kind of file; `then` runs inside the log's write
    transaction once the entries are in (see `Log.record`)."""
    from ..terminal import visible
    from .history import both_versions

    shown_file, shown_log = visible(str(file)), visible(str(path))

    def conflict(new: Entry, old: Entry) -> str:
        return (f"{file}: {new.exercise} on {new.date}: {both_versions(new, old)}; "
                "add --replace to overwrite it")

    # Entries may come as they are read (a CSV file): the first tells whether there are any.
    entries = iter(entries)
    first = next(entries, None)
    if first is None and all(note.is_empty() for note in notes):
        return [f"{shown_file}: nothing to import"]
    entries = chain([first] if first is not None else [], entries)
    if dry_run and not _has_log(path):
        listed = list(islice(entries, LISTED))
        more = sum(1 for _ in entries)  # read to the end first: the notes are complete then
        outcome = Outcome(listed, [], [], sum(not n.is_empty() for n in notes), (more, 0, 0))
    else:
        with Log.write(path) as store:
            outcome = store.record(entries, notes, replace=replace, same_is_new=False,
                                   conflict=conflict, dry_run=dry_run, then=then, keep=LISTED)
    added, replaced, unchanged = outcome.counts()
    verb = "would add" if dry_run else "added"
    lines = [f"{shown_file}: {verb} {added} entr{'y' if added == 1 else 'ies'}, "
             f"{'would replace' if dry_run else 'replaced'} {replaced}, "
             f"{unchanged} already logged; "
             f"{outcome.notes} session note(s) {'would change' if dry_run else 'changed'}"
             + ("" if dry_run else f" in {shown_log}")]
    if dry_run:
        for entry in outcome.added:
            lines.append(f"  add      {entry.date} {entry.exercise}")
        for entry in outcome.replaced:
            lines.append(f"  replace  {entry.date} {entry.exercise}")
        more = outcome.left_out[0] + outcome.left_out[1]
        if more:
            lines.append(f"  … and {more} more")
    return lines


def _has_log(path: Path) -> bool:
    """Whether there is a log at `path` (one opened to see is closed again at once, so a
    dry run leaves no -wal or -shm file behind)."""
    store = Log.read(path)
    if store is None:
        return False
    store.close()
    return True
