"""SQLite's errors told as one line a user can act on, naming the log file."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from .entry import LogError

LOW_SPACE = 1024 * 1024  # below this much free space a failed write is a full disk


def explain(path: Path, doing: str, exc: sqlite3.DatabaseError) -> BaseException:
    """The exception to raise instead of `exc`: a LogError, or Interrupted when a signal
    stopped SQLite (see store._let_signals_in)."""
    text = str(exc)
    name = getattr(exc, "sqlite_errorname", "") or ""
    if text == "interrupted" or name == "SQLITE_INTERRUPT":
        from ..interrupts import Interrupted, last_signal

        return Interrupted(last_signal())
    if "not a database" in text or "malformed" in text:
        return LogError(f"{path}: not a band-planner log, or damaged ({text})")
    if "database is locked" in text or name.startswith("SQLITE_BUSY"):
        return LogError(f"{path}: cannot {doing} the log: another program has kept it busy "
                        "for 30 s; nothing was written; try again when it is done")
    full = name == "SQLITE_FULL" or "disk is full" in text
    if full or name.startswith("SQLITE_IOERR") or "disk I/O error" in text:
        reason = _no_room(path)
        if reason or full:
            error = LogError(f"{path}: cannot {doing} the log: {reason or 'the disk is full'}; "
                             "nothing was written")
            error.no_room = True  # type: ignore[attr-defined]  # Log.read may read as it is
            return error
    if "readonly" in text or "read-only" in text:
        return LogError(f"{path}: cannot {doing} the log: the file is read-only")
    return LogError(f"{path}: cannot {doing} the log: {text}")


def _no_room(path: Path) -> str | None:
    """Why a write found no room: a full disk, or a file size limit; None if neither."""
    try:
        disk = os.statvfs(path.parent)
    except OSError:
        return None
    free = (disk.f_bfree if os.geteuid() == 0 else disk.f_bavail) * disk.f_frsize
    if free < LOW_SPACE:
        return f"the disk is full ({free // 1024} KiB free in {path.parent})"
    try:
        import resource

        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    except (ImportError, OSError, ValueError):
        return None
    if limit != resource.RLIM_INFINITY and limit < LOW_SPACE + _size(path):
        return f"a file size limit of {limit} bytes (ulimit -f) stops the log growing"
    return None


def _size(path: Path) -> int:
    try:
        return max(os.stat(path).st_size, os.stat(str(path) + "-wal").st_size)
    except OSError:
        return 0
