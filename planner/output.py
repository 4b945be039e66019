"""Writing output files all-or-nothing: every file goes to a temp file first, then renames."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def check_dir(out_dir: Path) -> None:
    """Fail early, before any work, when the output folder cannot be one."""
    for folder in (out_dir, *out_dir.parents):
        if folder.exists():
            if not folder.is_dir():
                raise OutputError(f"--out-dir: {folder} is a file, not a folder")
            if not os.access(folder, os.W_OK | os.X_OK):
                raise OutputError(f"--out-dir: {folder} is not writable")
            return


def write_all(files: list[tuple[Path, bytes]], out_dir: Path) -> None:
    """Write every (path, data) or none of them; an existing file is replaced only whole."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"--out-dir: cannot create {out_dir}: {exc.strerror}") from None
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files:
            if path.is_dir():
                raise OutputError(f"{path}: is a folder; choose another --name or --out-dir")
            try:
                staged.append((path, _stage(path, data)))
            except OSError as exc:
                raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        for path, temp in staged:
            try:
                os.replace(temp, path)
            except OSError as exc:
                raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
    finally:
        for _, temp in staged:
            if os.path.exists(temp):
                os.unlink(temp)


def _stage(path: Path, data: bytes) -> str:
    descriptor, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if path.exists():
            os.chmod(temp, path.stat().st_mode & 0o7777)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
    except BaseException:
        os.unlink(temp)
        raise
    return temp
