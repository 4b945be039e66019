"""Files on disk: input read with a bound (regular files only, never more than a limit),
folders made and unmade, and output staged in a temp file beside its target."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import PlannerError

STDIN = Path("/dev/stdin")


def read_bounded(path: Path, limit: int, what: str, stdin_ok: bool = False) -> bytes:
    """The bytes of `path`; a folder, device, FIFO or a file over `limit` bytes is refused.
    With `stdin_ok`, /dev/stdin may be a pipe (`… | planner export /dev/stdin`)."""
    if stdin_ok and path == STDIN:
        import sys

        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise PlannerError(_too_large(path, limit, what))
        return data
    with open_bounded(path, limit, what) as handle:
        return handle.read()


def open_bounded(path: Path, limit: int, what: str) -> BinaryIO:
    """`path` opened for reading in binary, for input read a piece at a time: refused as
    `read_bounded` refuses, and reading past `limit` bytes (a file that grows) raises."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise PlannerError(f"{path}: no such {what}") from None
    except OSError as exc:
        raise PlannerError(f"{path}: cannot read: {exc.strerror or exc}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
        os.close(descriptor)
        if stat.S_ISDIR(info.st_mode):
            raise PlannerError(f"{path}: is a folder, not a {what}")
        if stat.S_ISREG(info.st_mode):
            raise PlannerError(_too_large(path, limit, what))
        raise PlannerError(f"{path}: is not a regular file; expected a {what}")
    return io.BufferedReader(_Limited(os.fdopen(descriptor, "rb", buffering=0), limit,
                                      _too_large(path, limit, what)))


class _Limited(io.RawIOBase):
    """A file that raises once more than `limit` bytes were read from it."""

    def __init__(self, raw, limit: int, message: str):
        self.raw, self.left, self.message = raw, limit, message

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        count = self.raw.readinto(buffer)
        self.left -= count or 0
        if self.left < 0:
            raise PlannerError(self.message)
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


def _too_large(path: Path, limit: int, what: str) -> str:
    return f"{path}: too large for a {what} (at most {limit // 2**20} MiB)"


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


def stage(path: Path, data: bytes, mode_of: Path | None = None) -> str:
    """Write `data` to a new temp file beside `path` (flushed to disk) and return its name,
    ready to be renamed over `path`. It gets `mode_of`'s permissions if that file exists,
    else a new file's usual ones; on failure it is removed and the OSError raised."""
    import tempfile

    descriptor, temp = tempfile.mkstemp(prefix=f".{path.name[:50]}.", suffix=".tmp",
                                        dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, _mode(mode_of))
    except BaseException:
        remove_file(temp)
        raise
    return temp


def remove_file(path: str) -> None:
    """Remove a temp file, if it is still there."""
    try:
        os.unlink(path)
    except OSError:
        pass


def _mode(existing: Path | None) -> int:
    if existing is not None:
        try:
            return os.stat(existing).st_mode & 0o7777
        except OSError:
            pass
    umask = os.umask(0)  # read it: there is no other way
    os.umask(umask)
    return 0o666 & ~umask
