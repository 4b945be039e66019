"""Plan files read back: a bounded read, the document's shape via planner/schema, its
consistency via plan_checks.py, then the typed Plan. plan_document.py writes them."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from .dates import EARLIEST, LATEST, is_zone_name
from .errors import PlanFileError
from .exercise import MAX_REPS, MIN_REPS, Exercise, parse_exercise
from .plan import Item, Logged, Plan, Session, Week
from .plan_checks import MAX_REST_SECONDS, MAX_UID, check_document, check_head
from .plan_document import MAX_PLAN_BYTES
from .progression import MAX_SETS
from .schema import check_shape, shape_ok
from .settings import MAX_MINUTES, MAX_WEEKS, Settings


def read_plan(path: Path) -> Plan:
    """Load a plan.json written by `planner build`; every problem names the file."""
    from .errors import PlannerError
    from .files import read_bounded

    try:
        raw = read_bounded(path, MAX_PLAN_BYTES, "plan file", stdin_ok=True)
    except PlannerError as exc:
        raise PlanFileError(str(exc)) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PlanFileError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PlanFileError(f"{path}: not JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise PlanFileError(f"{path}: not a band-planner plan (nested too deeply)") from None
    except ValueError:  # an integer of thousands of digits
        raise PlanFileError(f"{path}: not a band-planner plan (a number is too long)") from None
    return plan_from_dict(data, str(path))


def plan_from_dict(data: Any, source: str = "plan") -> Plan:
    """The Plan of a plan document, or PlanFileError naming `source` and the field.

    A good document is read in one pass (`_read_at_once`), which stops at its first doubt;
    any other is read again by `_read_checking`, whose checks come one after another in a
    fixed order, so a bad plan gets the same error however many other problems it has."""
    plan = _read_at_once(data)
    return plan if plan is not None else _read_checking(data, source)


def _read_checking(data: Any, source: str) -> Plan:
    """Every check in turn, the first problem raised: the shape, the settings' zone and start,
    the exercises, each session, unique uids, consistency (plan_checks), revisions."""
    check_shape(data, source)
    _check_zone(data["settings"]["timezone"], f"{source}: settings.timezone")
    _check_date(data["settings"]["start"], f"{source}: settings.start")
    exercises = _exercises(data, source)
    bands = set(data["settings"]["bands"])
    weeks = tuple(_week(w, i, exercises, bands, source) for i, w in enumerate(data["weeks"]))
    uids = [session.uid for week in weeks for session in week.sessions]
    if len(set(uids)) != len(uids):
        raise PlanFileError(f"{source}: weeks: a session uid appears twice; every session "
                            "needs its own uid")
    check_document(data, source)  # dates, zones and ids are known to be good by now
    revision = data.get("revision", 0)
    for index, week in enumerate(weeks):
        for session in week.sessions:
            if session.revision > revision:
                raise PlanFileError(f"{source}: weeks.{index}: session {session.uid} "
                                    f"has revision {session.revision}, later than the plan's "
                                    f"{revision}")
    return _plan(data, exercises, weeks, _logged(data.get("logged", {}), exercises, source))


def _read_at_once(data: Any) -> Plan | None:
    """The plan, if the document passes every check of `_read_checking`; else None.

    The schema's yes or no (`shape_ok`) comes first, so from there on every field has its
    JSON type; the weeks are then checked and converted in one pass, the head (settings,
    exercises, logged) by `_read_checking`'s own functions."""
    if not shape_ok(data):
        return None
    settings = data["settings"]
    try:
        _check_zone(settings["timezone"], "")
        start = _check_date(settings["start"], "")
        exercises = _exercises(data, "")
        check_head(data, "")
        logged = _logged(data.get("logged", {}), exercises, "")
    except PlanFileError:
        return None
    weeks = _weeks_at_once(data, start, exercises)
    return None if weeks is None else _plan(data, exercises, weeks, logged)


def _weeks_at_once(data: dict, start: date, exercises: dict[str, Exercise]
                   ) -> tuple[Week, ...] | None:
    """The weeks of a document `shape_ok` passed, if every session passes `_session`'s
    checks and plan_checks' (as `check_document` and `_check_session` make them) and every
    uid is unique, with no session's revision above the plan's; else None."""
    zone = data["settings"]["timezone"]
    tz = ZoneInfo(zone)  # a zone the database has: _check_zone passed it
    kinds = {key: (entry["region"], entry["per_side"]) for key, entry in data["exercises"].items()}
    bands = set(data["settings"]["bands"])
    revision = data.get("revision", 0)
    if len(data["weeks"]) > MAX_WEEKS:
        return None
    uids: set[str] = set()
    # Items checked, by their values: most repeat in other sessions. Equal values are the
    # same values, as `shape_ok` lets by only JSON's own type for each field (True is not 1).
    known: dict[tuple, Item] = {}
    previous = EARLIEST - timedelta(days=1)
    first, week_long, six_days = start, timedelta(weeks=1), timedelta(days=6)
    weeks = []
    for number, week in enumerate(data["weeks"], start=1):
        if week["number"] != number:
            return None
        last = first + six_days
        sessions = []
        for session in week["sessions"]:
            uid, minutes = session["uid"], session["minutes"]
            changed = session.get("revision", 0)
            try:
                day = date.fromisoformat(session["date"])
                begin = datetime.fromisoformat(session["start"])
            except ValueError:
                return None
            # The start's offset is the zone's there (an hour that repeats or is skipped
            # when clocks change is left to _check_offset); the uid is one printable line.
            if not (first <= day <= last and previous < day <= LATEST
                    and begin.date() == day and session["timezone"] == zone
                    and 1 <= minutes <= MAX_MINUTES and 0 <= changed <= revision
                    and begin.utcoffset() == tz.utcoffset(begin)
                    and uid not in uids and len(uid) <= MAX_UID and uid.isprintable()
                    and uid == uid.strip()):
                return None
            previous = day
            uids.add(uid)
            items = []
            for item in session["items"]:
                values = (item["exercise"], item["region"], item["sets"], item["reps"],
                          item["band"], item["slack"], item["per_side"], item["rest_seconds"])
                checked = known.get(values)
                if checked is None:
                    key, region, sets, reps, band, _, side, rest = values
                    if not (kinds.get(key) == (region, side) and band in bands
                            and 1 <= sets <= MAX_SETS and MIN_REPS <= reps <= MAX_REPS
                            and 0 <= rest <= MAX_REST_SECONDS):
                        return None
                    checked = known[values] = Item(*values)
                items.append(checked)
            sessions.append(Session(uid, day, begin, session["timezone"], minutes,
                                    tuple(session["focus"]), tuple(items), changed))
        weeks.append(Week(number, week["deload"], tuple(sessions)))
        first += week_long
    return tuple(weeks)


def _plan(data: dict, exercises: dict[str, Exercise], weeks: tuple[Week, ...],
          logged: dict[str, Logged]) -> Plan:
    return Plan(
        revision=data.get("revision", 0),
        id=data.get("id", ""),
        stamp=data.get("stamp", ""),
        generator=data["generator"],
        settings=Settings.from_dict(data["settings"]),
        guidance=tuple(data["guidance"]),
        safety=tuple(data["safety"]),
        exercises=exercises,
        weeks=weeks,
        logged=logged,
    )


def _exercises(data: dict, source: str) -> dict[str, Exercise]:
    exercises = {}
    for key, entry in data["exercises"].items():
        exercise, problems = parse_exercise(entry, f"{source}: exercises.{key}")
        if problems or exercise is None:
            raise PlanFileError(problems[0])
        if exercise.id != key:
            raise PlanFileError(f"{source}: exercises.{key}.id: is {exercise.id!r}, must match its key")
        exercises[key] = exercise
    return exercises


def _logged(data: dict, exercises: dict, source: str) -> dict:
    """The log's last entry per exercise (schema-checked already): real dates, known ids."""
    logged = {}
    for key, done in data.items():
        where = f"{source}: logged.{key}"
        if key not in exercises:
            raise PlanFileError(f"{where}: not an exercise of this plan")
        logged[key] = Logged(
            date=_check_date(done["date"], f"{where}.date"),
            sets=tuple(_logged_set(s, f"{where}.sets.{n}") for n, s in enumerate(done["sets"])),
            band=done["band"], slack=done["slack"], feel=done["feel"])
    return logged


def _logged_set(value, where: str) -> int | tuple[int, int]:
    """Reps of one logged set: a count, or [left, right] for a one-sided exercise."""
    from .log.entry import MAX_REPS as MOST_REPS  # a log's bound, above the plan's

    counts = value if isinstance(value, list) else [value]
    if (isinstance(value, list) and len(value) != 2) or not all(
            type(n) is int and 0 <= n <= MOST_REPS for n in counts):
        raise PlanFileError(f"{where}: must be reps from 0 to {MOST_REPS}, or [left, right]")
    return tuple(value) if isinstance(value, list) else value


def _check_zone(name: str, where: str) -> None:
    if not is_zone_name(name):
        raise PlanFileError(f"{where}: unknown time zone {name!r}")


def _check_date(text: str, where: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise PlanFileError(f"{where}: {text!r} is not a calendar date") from None
    if not EARLIEST <= day <= LATEST:
        raise PlanFileError(f"{where}: {text} is outside {EARLIEST} to {LATEST}")
    return day


def _week(data: dict, index: int, exercises: dict, bands: set, source: str) -> Week:
    where = f"{source}: weeks.{index}"
    sessions = tuple(_session(s, f"{where}.sessions.{j}", exercises, bands)
                     for j, s in enumerate(data["sessions"]))
    return Week(number=data["number"], deload=data["deload"], sessions=sessions)


def _session(data: dict, where: str, exercises: dict, bands: set) -> Session:
    day = _check_date(data["date"], f"{where}.date")
    try:
        start = datetime.fromisoformat(data["start"])
    except ValueError:
        raise PlanFileError(f"{where}.start: {data['start']!r} is not a date and time") from None
    _check_zone(data["timezone"], f"{where}.timezone")
    if start.date() != day:
        raise PlanFileError(f"{where}.start: {data['start']} is not on the session's date {day}")
    items = []
    for k, entry in enumerate(data["items"]):
        if entry["exercise"] not in exercises:
            raise PlanFileError(f"{where}.items.{k}.exercise: {entry['exercise']!r} "
                                "is not among the plan's exercises")
        if entry["band"] not in bands:
            raise PlanFileError(f"{where}.items.{k}.band: {entry['band']!r} is not one of "
                                "settings.bands")
        items.append(Item(**entry))
    return Session(uid=data["uid"], date=day, start=start, timezone=data["timezone"],
                   minutes=data["minutes"], focus=tuple(data["focus"]), items=tuple(items),
                   revision=data.get("revision", 0))
