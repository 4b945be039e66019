"""Consistency of a plan document that its JSON Schema cannot express.

A hand-edited plan can be schema-valid and still wrong: a start time whose offset does not
match its zone, `2.0` sets, sessions out of order, an item that contradicts its exercise.
Each is refused here with the field named, before any exporter sees the plan.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from .errors import PlanFileError
from .exercise import MAX_REPS, MIN_REPS
from .plan import MAX_REVISION
from .progression import MAX_SETS
from .settings import MAX_MINUTES, MAX_NAME_BYTES, MAX_WEEKS
from .terminal import has_controls

MAX_REST_SECONDS = 600
SEED_BOUND = 2**63  # a plan file's seed fits a signed 64-bit integer (TOML, most readers)
MAX_UID = 255

# Whole numbers and their bounds, by where they are in the document. The schema bounds some
# of them too; these checks also say "a whole number" where the schema only says "number".
_TOP = {"revision": (0, MAX_REVISION)}
_SETTINGS = {"weeks": (1, MAX_WEEKS), "minutes": (1, MAX_MINUTES),
             "seed": (-SEED_BOUND, SEED_BOUND), "deload_every": (0, MAX_WEEKS),
             "block_weeks": (1, MAX_WEEKS)}
_WEEK = {"number": (1, MAX_WEEKS)}
_SESSION = {"minutes": (1, MAX_MINUTES), "revision": (0, MAX_REVISION)}
_ITEM = {"sets": (1, MAX_SETS), "reps": (MIN_REPS, MAX_REPS),
         "rest_seconds": (0, MAX_REST_SECONDS)}


def check_document(data: dict[str, Any], source: str) -> None:
    """Raise PlanFileError naming `source` and the field for the first inconsistency."""
    check_head(data, source)
    settings = data["settings"]
    start = date.fromisoformat(settings["start"])
    exercises = data["exercises"]
    previous: date | None = None
    for w, week in enumerate(data["weeks"]):
        where_week = f"{source}: weeks.{w}"
        _check_counts(week, _WEEK, f"{where_week}.")
        if week["number"] != w + 1:
            raise PlanFileError(f"{where_week}.number: is {week['number']}; weeks are numbered "
                                f"1, 2, 3… in order, so this one is {w + 1}")
        first, last = start + timedelta(weeks=w), start + timedelta(weeks=w, days=6)
        for s, session in enumerate(week["sessions"]):
            where = f"{where_week}.sessions.{s}"
            day = date.fromisoformat(session["date"])
            if not first <= day <= last:
                raise PlanFileError(f"{where}.date: {day} is not in week {w + 1} "
                                    f"({first} to {last})")
            if previous is not None and day <= previous:
                raise PlanFileError(f"{where}.date: {day} is not after the session before "
                                    f"({previous}); sessions are in date order, one a day")
            previous = day
            _check_session(session, settings["timezone"], exercises, where)


def check_head(data: dict[str, Any], source: str) -> None:
    """check_document's checks of everything but the weeks, in its order."""
    _check_counts(data, _TOP, f"{source}: ")
    _check_counts(data["settings"], _SETTINGS, f"{source}: settings.")
    _check_name(data["settings"]["name"], f"{source}: settings.name")


def _check_session(session: dict, zone: str, exercises: dict, where: str) -> None:
    _check_counts(session, _SESSION, f"{where}.")
    for k, item in enumerate(session["items"]):
        _check_counts(item, _ITEM, f"{where}.items.{k}.")
    if session["timezone"] != zone:
        raise PlanFileError(f"{where}.timezone: {session['timezone']!r} differs from the plan's "
                            f"settings.timezone {zone!r}")
    _check_uid(session["uid"], f"{where}.uid")
    _check_offset(session["start"], zone, f"{where}.start")
    for k, item in enumerate(session["items"]):
        exercise = exercises.get(item["exercise"])
        if exercise is None:
            continue  # named by the reader, which knows the plan's exercises
        for key in ("region", "per_side"):
            if item[key] != exercise[key]:
                raise PlanFileError(f"{where}.items.{k}.{key}: is {item[key]!r}, but exercise "
                                    f"{item['exercise']!r} has {exercise[key]!r}")


def _check_offset(text: str, zone: str, where: str) -> None:
    """The start's UTC offset must be the zone's at that local time (either one, in the
    hour that repeats when clocks go back)."""
    from zoneinfo import ZoneInfo

    try:
        start = datetime.fromisoformat(text)
        tz = ZoneInfo(zone)
    except (ValueError, KeyError, OSError):
        return  # the reader names a bad time or zone
    local, given = start.replace(tzinfo=None), start.utcoffset()
    offsets = {offset for fold in (0, 1)
               if (offset := local.replace(tzinfo=tz, fold=fold).utcoffset()) is not None}
    if given is not None and given not in offsets:  # None: no offset, refused by the schema
        expected = " or ".join(sorted(_offset(o) for o in offsets))
        raise PlanFileError(f"{where}: offset {_offset(given)} does not match "
                            f"{zone} at {local:%Y-%m-%d %H:%M} ({expected})")


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _check_uid(uid: str, where: str) -> None:
    """Calendars key events by uid: it must survive being written as one line unchanged."""
    if len(uid) > MAX_UID:
        raise PlanFileError(f"{where}: is {len(uid)} characters long; at most {MAX_UID}")
    if has_controls(uid) or uid != uid.strip():
        raise PlanFileError(f"{where}: {uid!r} has control characters or spaces at its ends")


def _check_name(name: str, where: str) -> None:
    if has_controls(name):
        raise PlanFileError(f"{where}: {name!r} has control characters; it names files")
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise PlanFileError(f"{where}: is too long for a file name (at most {MAX_NAME_BYTES} "
                            "bytes)")


def _check_counts(data: dict, bounds: dict[str, tuple[int, int]], where: str) -> None:
    """Each of `bounds`' keys that `data` has: a whole number (not 2.0, not true) in range."""
    for key, (low, high) in bounds.items():
        if key not in data:
            continue
        value = data[key]
        if type(value) is not int:
            raise PlanFileError(f"{where}{key}: must be a whole number, not {value!r}")
        if not low <= value <= high:
            raise PlanFileError(f"{where}{key}: {value} is out of range ({low} to {high})")
