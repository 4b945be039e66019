"""`planner import`: entries from a file into the log, once. Importing again changes nothing."""

from __future__ import annotations

from pathlib import Path

from ..terminal import warn
from .entry import Entry, LogError, SessionNote
from .store import Log, Outcome, log_path


def import_file(file: Path, plan: Path, replace: bool, dry_run: bool,
                log: Path | None) -> list[str]:
    """Read FILE, add its entries to the log (all or none); return the lines to print."""
    suffix = file.suffix.lower()
    before: list[str] = []
    warnings: list[str] = []
    if suffix == ".csv":
        from .csvfile import read_csv

        entries, notes = read_csv(file)
    elif suffix == ".pdf":
        from ..plan_file import read_plan
        from .pdfform import read_sheets, stale_line

        sheets = read_sheets(file, read_plan(plan), plan)
        entries, notes, warnings = sheets.entries, sheets.notes, sheets.warnings
        before = stale_line(file, plan, sheets.stale)
    else:
        raise LogError(f"{file}: cannot import a {suffix or 'suffix-less'} file; import a "
                       ".csv written by `planner history --csv` or a filled PDF of the plan")
    lines = before + import_entries(file, entries, notes, replace, dry_run, log_path(log))
    warn(warnings)  # once the import went through: a failed one says one line only
    return lines


def import_entries(file: Path, entries: list[Entry], notes: list[SessionNote], replace: bool,
                   dry_run: bool, path: Path) -> list[str]:
    """The import path shared by every kind of file."""
    def conflict(new: Entry, old: Entry) -> str:
        return (f"{file}: {new.exercise} on {new.date} differs from what is logged; "
                "add --replace to overwrite it")

    if not entries and all(note.is_empty() for note in notes):
        return [f"{file}: nothing to import"]
    if dry_run and Log.read(path) is None:
        outcome = Outcome(list(entries), [], [], sum(not n.is_empty() for n in notes))
    else:
        with Log.write(path) as store:
            outcome = store.record(entries, notes, replace=replace, same_is_new=False,
                                   conflict=conflict, dry_run=dry_run)
    verb = "would add" if dry_run else "added"
    lines = [f"{file}: {verb} {len(outcome.added)} entr{'y' if len(outcome.added) == 1 else 'ies'}, "
             f"{'would replace' if dry_run else 'replaced'} {len(outcome.replaced)}, "
             f"{len(outcome.unchanged)} already logged; "
             f"{outcome.notes} session note(s) {'would change' if dry_run else 'changed'}"
             + ("" if dry_run else f" in {path}")]
    if dry_run:
        for entry in outcome.added:
            lines.append(f"  add      {entry.date} {entry.exercise}")
        for entry in outcome.replaced:
            lines.append(f"  replace  {entry.date} {entry.exercise}")
    return lines
