"""A per-user cache of checked catalog files: later runs skip TOML parsing and validation.

An entry is used only while the file's resolved path, modification time and size and the
band-planner version all match; any problem reading or writing the cache is ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Callable

from . import __version__
from .exercise import Exercise

CACHE_ENV = "PLANNER_CACHE_DIR"


def cache_root() -> Path:
    """$PLANNER_CACHE_DIR, else band-planner/ in $XDG_CACHE_HOME or ~/.cache."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "band-planner"


def cache_dir() -> Path:
    return cache_root() / "catalogs"


def cached(path: Path, read: Callable):
    """`read(path)` -> (CatalogFile | None, problems), served from the cache when fresh."""
    try:
        stat = path.stat()
        resolved = str(path.resolve())
    except OSError:
        return read(path)
    key = [resolved, stat.st_mtime_ns, stat.st_size, __version__]
    entry = cache_dir() / ("".join(c if c.isalnum() else "_" for c in resolved)[-120:] + ".json")
    try:
        stored = json.loads(entry.read_text("utf-8"))
        if stored["key"] == key:
            return _catalog_from_json(stored["catalog"]), []
    except (OSError, ValueError, KeyError, TypeError):
        pass
    loaded, problems = read(path)
    if loaded is not None:
        store(entry, json.dumps({"key": key, "catalog": _catalog_to_json(loaded)},
                                ensure_ascii=False))
    return loaded, problems


def store(entry: Path, text: str) -> bool:
    """Write a cache entry whole (temp file, then rename); False if it cannot be written."""
    temp = entry.with_name(f".{entry.name}.{os.getpid()}.tmp")
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(text, "utf-8")
        os.replace(temp, entry)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            temp.unlink()
        return False


def _catalog_to_json(catalog) -> dict:
    return {"name": catalog.name, "guidance": list(catalog.guidance),
            "safety": list(catalog.safety),
            "exercises": [ex.to_dict() for ex in catalog.exercises]}


def _catalog_from_json(data: dict):
    from .catalog import CatalogFile

    exercises = tuple(
        Exercise(**{key: tuple(value) if isinstance(value, list) else value
                    for key, value in entry.items()})
        for entry in data["exercises"])
    return CatalogFile(data["name"], exercises, tuple(data["guidance"]), tuple(data["safety"]))
