"""Which plan file the daily commands read: `--plan`, else $PLANNER_PLAN, else the config's
[build] out_dir and name, else ./plan.json. A missing one names where it looked; a PDF or
calendar file given as the plan is named as such."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import PlanFileError, UsageError

if TYPE_CHECKING:
    from .lineage import Replaced

PLAN_VARIABLE = "PLANNER_PLAN"
DEFAULT = Path("plan.json")


def plan_path(option: Path | None, what: str = "--plan") -> Path:
    """The plan file to read, and where it came from when it does not exist."""
    path, said = _chosen(option, what)
    _check_kind(path, said)
    if not path.exists():
        raise PlanFileError(f"{path}: no such plan file ({said}); build one with "
                            "`planner build`, or name it with --plan or $PLANNER_PLAN")
    return path


def _chosen(option: Path | None, what: str) -> tuple[Path, str]:
    if option is not None:
        return option, f"from {what}"
    named = os.environ.get(PLAN_VARIABLE, "").strip()
    if named:
        return Path(named), f"from ${PLAN_VARIABLE}"
    from .config import load_build_config

    config = load_build_config()
    folder, name = config.values.get("out_dir"), config.values.get("name")
    if config.path is not None and (folder is not None or name is not None):
        path = Path(folder or ".") / f"{name or 'plan'}.json"
        return path, f"from [build] out_dir and name in {config.path}"
    return DEFAULT, "the default: no --plan, $PLANNER_PLAN or [build] out_dir in the config"


def _check_kind(path: Path, said: str) -> None:
    """A sheet or calendar file named where the plan's JSON belongs: say what it is."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    except OSError:
        head = b""
    suffix = path.suffix.lower()
    kind = None
    if head.startswith(b"%PDF") or suffix == ".pdf":
        kind = "a PDF (the plan's workout sheets)"
    elif head.startswith(b"BEGIN:VCALENDAR") or suffix == ".ics":
        kind = "a calendar file"
    if kind is not None:
        raise PlanFileError(f"{path}: is {kind}, not a plan file ({said}); give the plan's "
                            f"JSON file, e.g. {path.with_suffix('.json')}")


def check_replacing(path: Path, old: Replaced | None, force: bool, continue_: bool) -> None:
    """`build` over `old`, the plan in the file it is about to replace (None: no plan there):
    refused when the log has shaped it, unless --force or --continue, so an adapted plan is
    not started over without a word."""
    if old is None or force or continue_:
        return
    from .log.reading import read_log

    logged = {entry.session for entry in read_log(None)[0]} & old.sessions.keys()
    # A rebuild raises the revision too (for calendars), so what marks a plan the log has
    # shaped is what the log last held, recorded by --continue, adapt and the log's re-dose.
    if not logged and not old.adapted:
        return
    shaped = (f"has {len(logged)} logged session(s)" if logged
              else f"was adapted to the log (revision {old.revision})")
    raise UsageError(f"{path}: this plan {shaped}; rebuilding would start it over. Add "
                     "--continue to start each exercise where the log leaves it, or --force "
                     "to replace it anyway")
