"""Where the log lives, worked out without opening it (and without loading SQLite)."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import LogError

LOG_ENV = "PLANNER_LOG"
FILE_NAME = "log.sqlite3"


def log_path(option: Path | None) -> Path:
    """--log wins, then PLANNER_LOG, then the user's data folder."""
    if option is not None:
        return option
    env = os.environ.get(LOG_ENV, "")
    if env:
        return Path(env)
    import platformdirs

    try:
        folder = platformdirs.user_data_path("band-planner")
    except RuntimeError:  # platformdirs' word for "no home folder"
        folder = Path("~")
    if not folder.is_absolute():  # no HOME and no passwd entry: "~" stays as it is
        raise LogError("cannot tell where your home folder is, so not where the log lives; "
                       f"set {LOG_ENV}=FILE or use --log FILE")
    return folder / FILE_NAME
