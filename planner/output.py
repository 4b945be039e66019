"""Writing a set of output files all-or-nothing.

Every file is written to a temp file in its folder first. Then, holding a lock on the folder
(so that concurrent runs writing into it do not interleave their sets), the temp files are
renamed over the targets one by one, the old files kept aside as hard links. If any rename
fails, those already done are undone and the old files come back; no signal splits this phase
(see interrupts.not_split). Folders created for the set are removed again when it fails.
"""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputError
from .files import make_folders, remove_file, remove_folders, stage
from .interrupts import not_split


def check_dir(out_dir: Path) -> None:
    """Fail early, before any work, when the output folder cannot be one."""
    for folder in (out_dir, *out_dir.parents):
        try:
            if folder.is_symlink() and not folder.exists():
                raise OutputError(f"{_named(folder)} is a symbolic link to nothing "
                                  "(or to itself)", option="--out-dir")
            if folder.exists():
                if not folder.is_dir():
                    raise OutputError(f"{_named(folder)} is a file, not a folder",
                                      option="--out-dir")
                if not os.access(folder, os.W_OK | os.X_OK):
                    raise OutputError(f"{_named(folder)} is not writable", option="--out-dir")
                return
        except OSError as exc:
            raise OutputError(f"{_named(folder)}: {_reason(exc)}", option="--out-dir") from None


def write_all(files: list[tuple[Path, bytes]], out_dir: Path) -> set[Path]:
    """Write every (path, data) or none of them; an existing file is replaced only whole.
    A file that already holds exactly its data is left alone (no write, no fsync, its
    modification time kept), as long as it still does when the set is put in place; the
    files left alone are returned."""
    check_dir(out_dir)
    created = _make_folders(out_dir)
    staged: list[tuple[Path, str]] = []
    done = False
    try:
        held = []
        for path, data in files:  # one at a time, so `finally` removes what was staged
            if _holds(path, data):
                held.append((path, data))
            else:
                staged.append(_staged(path, data))
        with _locked(out_dir), not_split():
            for path, data in held:  # another run may have written there since
                if not _holds(path, data):
                    staged.append(_staged(path, data))
            _replace_all(staged)
        done = True
        return {path for path, _ in held} - {path for path, _ in staged}
    finally:
        for _, temp in staged:
            remove_file(temp)
        if not done:
            remove_folders(created)


def wrote(path: str, unchanged: Collection[str]) -> str:
    """The line that says what became of a file of the set."""
    return f"{path} is unchanged" if path in unchanged else f"wrote {path}"


def _holds(path: Path, data: bytes) -> bool:
    """Whether `path` is a regular file (not a link) with exactly `data` in it."""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        with open(path, "rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


def _staged(path: Path, data: bytes) -> tuple[Path, str]:
    try:
        if path.is_dir():
            raise OutputError(f"{path}: is a folder; choose another --name or --out-dir")
        return path, stage(path, data, mode_of=path)
    except OSError as exc:
        raise OutputError(f"{_named(path)}: cannot write: {_reason(exc)}") from None


def _replace_all(staged: list[tuple[Path, str]]) -> None:
    """Rename each temp file over its target; on any failure put every old file back."""
    undo: list[tuple[Path, str | None]] = []  # (target, its old content kept aside, or None)
    try:
        for path, temp in staged:
            try:
                kept = _keep_aside(path)
                undo.append((path, kept))
                os.replace(temp, path)
            except OSError as exc:
                raise OutputError(f"{_named(path)}: cannot write: {_reason(exc)}; "
                                  "no file was changed") from None
    except BaseException:
        for path, kept in reversed(undo):
            try:
                if kept is not None:
                    os.replace(kept, path)
                elif path.exists():
                    os.unlink(path)
            except OSError:
                pass
        raise
    finally:
        for _, kept in undo:
            if kept is not None:
                remove_file(kept)


def _keep_aside(path: Path) -> str | None:
    """A second name for the current file at `path` (None if there is none), so that it can
    be put back; a hard link where the file system has them, else a copy."""
    if not path.is_file():
        return None
    import tempfile  # only when a file is replaced: an unchanged set needs none

    descriptor, aside = tempfile.mkstemp(prefix=f".{path.name[:50]}.", suffix=".old",
                                         dir=path.parent)
    os.close(descriptor)
    os.unlink(aside)
    try:
        os.link(path, aside)
    except OSError:
        shutil.copy2(path, aside)
    return aside


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder itself (no lock file), for the rename phase."""
    try:
        import fcntl
    except ImportError:  # not on this platform: renames are still each atomic
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def _make_folders(out_dir: Path) -> list[Path]:
    try:
        return make_folders(out_dir)
    except OSError as exc:
        folder = Path(exc.filename) if exc.filename else out_dir
        raise OutputError(f"cannot create {_named(folder)}: {_reason(exc)}",
                          option="--out-dir") from None


def _named(path: Path) -> str:
    text = str(path)
    return text if len(text) <= 120 else f"{text[:60]}…{text[-40:]}"


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENAMETOOLONG:
        return "the file name is too long; choose a shorter --name"
    return exc.strerror or str(exc)
