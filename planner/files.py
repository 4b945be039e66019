"""Reading input files with a bound: regular files only, never more than a limit."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import PlannerError


STDIN = Path("/dev/stdin")


def read_bounded(path: Path, limit: int, what: str, stdin_ok: bool = False) -> bytes:
    """The bytes of `path`; a folder, device, FIFO or a file over `limit` bytes is refused.
    With `stdin_ok`, /dev/stdin may be a pipe (`… | planner export /dev/stdin`)."""
    if stdin_ok and path == STDIN:
        import sys

        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise PlannerError(f"{path}: too large for a {what} (at most {limit // 2**20} MiB)")
        return data
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise PlannerError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise PlannerError(f"{path}: cannot read: {exc.strerror or exc}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise PlannerError(f"{path}: is a folder, not a {what}")
        raise PlannerError(f"{path}: is not a regular file; expected a {what}")
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise PlannerError(f"{path}: too large for a {what} (at most {limit // 2**20} MiB)")
    return data


def make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents; return those created, outermost first.

    On failure the ones created are removed again and the OSError is raised (a file where a
    folder should be raises NotADirectoryError naming it)."""
    missing = []
    for candidate in (folder, *folder.parents):
        if os.path.isdir(candidate):
            break
        missing.append(candidate)
    created: list[Path] = []
    try:
        for candidate in reversed(missing):
            try:
                candidate.mkdir()
            except FileExistsError:
                if not candidate.is_dir():
                    raise NotADirectoryError(20, "is a file, not a folder",
                                             str(candidate)) from None
                continue
            created.append(candidate)
    except OSError:
        remove_folders(created)
        raise
    return created


def remove_folders(created: list[Path]) -> None:
    """Remove folders `make_folders` created, innermost first, as far as they are empty."""
    for folder in reversed(created):
        try:
            folder.rmdir()
        except OSError:
            break
