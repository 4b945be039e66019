"""What the commands read of the log as a whole: every entry with each session's effort, and
for `build --continue` where each exercise stands."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import UsageError
from .location import log_path

if TYPE_CHECKING:
    from .entry import Entry


def read_log(log: Path | None) -> tuple[list[Entry], dict[str, int | None]]:
    """Every entry of the log and each session's effort; nothing when there is no log yet
    (then SQLite is not even loaded)."""
    path = log_path(log)
    if not os.path.lexists(path):
        return [], {}
    from ..dosing import efforts_of
    from .store import Log

    store = Log.read(path)
    if store is None:
        return [], {}
    with store:
        return store.entries(), efforts_of(store.notes())


def logged_progress(exercises, bands, log: Path | None, start: date):
    """For `build --continue`: each exercise's next dose from the log, and its last session
    logged before `start`."""
    from ..dosing import ladders_for, last_done, progress_from_log

    entries, efforts = read_log(log)
    if not entries:
        raise UsageError(f"{log_path(log)}: nothing is logged yet; log sessions with "
                         "`planner log` first, or build without --continue", option="--continue")
    return (progress_from_log(entries, ladders_for(exercises, bands), efforts),
            last_done(entries, exercises, start))
