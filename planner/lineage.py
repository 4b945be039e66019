"""A plan's identity across rebuilds: its id, its DTSTAMP base, its revisions carried on.

The id is derived at a plan's first build from that build's settings, so the same inputs
give the same bytes, and two plans of the same name built differently (another zone, start
or seed) have different uids and never touch each other's calendar events. A rebuild over
the same plan file keeps the id and the stamp base, and carries the revisions on: a session
whose content changed gets a revision above every earlier one, so its SEQUENCE (and DTSTAMP,
which rises with it) never goes down. Plans made before ids keep none, and so keep their
uids.
"""

import json
import os
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .plan import FORMAT, MAX_REVISION, VERSION, Plan
from .plan_document import MAX_PLAN_BYTES

if TYPE_CHECKING:
    from .settings import Settings


class Identity(NamedTuple):
    id: str  # "" for a plan made before ids: its uids carry none
    stamp: str  # DTSTAMP base, "YYYY-MM-DDTHH:MM:SSZ"; "" for the start date at midnight


def new_identity(settings: "Settings") -> Identity:
    """The identity a first build gets from its settings (and SOURCE_DATE_EPOCH)."""
    from .digest import sha256_hex

    text = json.dumps(settings.to_dict(), sort_keys=True, ensure_ascii=True, default=str)
    return Identity(sha256_hex(text.encode())[:12],
                    _stamp_text(stamp_base(settings.start)))


def stamp_base(start: date | None) -> datetime:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else the plan's start at midnight
    UTC: never the clock."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit() and len(epoch) <= 12:
        return datetime.fromtimestamp(int(epoch), UTC).replace(microsecond=0)
    day = start or date(1970, 1, 1)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def plan_stamp(plan) -> datetime:
    """The base of the plan's DTSTAMPs: its stored stamp, else (older plans) stamp_base."""
    stamp = getattr(plan, "stamp", "")
    if stamp:
        return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return stamp_base(plan.settings.start)


def _stamp_text(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


class Replaced(NamedTuple):
    """What a rebuild keeps of the plan in the file it replaces."""

    identity: Identity
    revision: int  # the plan's
    sessions: Mapping[str, tuple[int, dict]]  # uid -> (revision, its other fields as written)
    adapted: bool  # it holds what the log last held (`logged`): the log has shaped it


def previous(path: Path) -> Replaced | None:
    """What the plan in the file a build is about to replace hands on, if the file is one.

    Only what goes on is read and checked: the id and stamp, which the new plan takes, and
    each session's uid and revision. A session's other fields are compared as written with
    the new session's, never used, so the rest of plan_file.py's checks (with their imports,
    about 4% of a short build) are left to the commands that use a plan."""
    from .errors import PlannerError
    from .files import read_bounded

    try:
        if not path.is_file():
            return None
        data = json.loads(read_bounded(path, MAX_PLAN_BYTES, "plan file").decode("utf-8"))
    except (PlannerError, OSError, ValueError, RecursionError):
        return None  # no plan we can read (or a name the system cannot have): a new one
    return _replaced(data)


def _replaced(data: Any) -> Replaced | None:
    """The lineage of a plan document, or None when it is not one this version writes."""
    if type(data) is not dict or data.get("format") != FORMAT or data.get("version") != VERSION:
        return None
    plan_id, stamp = data.get("id", ""), data.get("stamp", "")
    revision, weeks, logged = data.get("revision", 0), data.get("weeks"), data.get("logged", {})
    if not (_is_id(plan_id) and _is_stamp(stamp) and _is_revision(revision, MAX_REVISION)
            and type(weeks) is list and type(logged) is dict):
        return None
    sessions: dict[str, tuple[int, dict]] = {}
    for week in weeks:
        listed = week.get("sessions") if type(week) is dict else None
        if type(listed) is not list:
            return None
        for session in listed:
            if type(session) is not dict:
                return None
            fields = dict(session)
            uid, changed = fields.get("uid"), fields.pop("revision", 0)
            if type(uid) is not str or uid in sessions or not _is_revision(changed, revision):
                return None
            sessions[uid] = (changed, fields)
    return Replaced(Identity(plan_id, stamp), revision, sessions, bool(logged))


def _is_id(value: Any) -> bool:
    """"" (a plan made before ids), or twelve lowercase hex digits."""
    return type(value) is str and (
        value == "" or (len(value) == 12 and not value.strip("0123456789abcdef")))


def _is_stamp(value: Any) -> bool:
    """"" (a plan made before stamps), or a real UTC time as "YYYY-MM-DDTHH:MM:SSZ"."""
    if type(value) is not str or value == "":
        return type(value) is str
    try:
        return (len(value) == 20 and value[19] == "Z"
                and datetime.fromisoformat(value[:19]).isoformat() == value[:19])
    except ValueError:
        return False


def _is_revision(value: Any, most: int) -> bool:
    return type(value) is int and 0 <= value <= most


def identity_of(old: Replaced | None) -> Identity | None:
    return None if old is None else old.identity


def carried_on(plan: Plan, old: Replaced) -> Plan:
    """`plan`, rebuilt over `old`: a session as it was keeps its revision, a changed one
    gets one above the old plan's (new sessions start at 0, as in any build)."""
    raised = old.revision + 1
    weeks = []
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            was = old.sessions.get(session.uid)
            if was is None:
                sessions.append(session)
            elif was[1] == _content(session):
                sessions.append(session._replace(revision=was[0]))
            else:
                sessions.append(session._replace(revision=raised))
        weeks.append(week._replace(sessions=tuple(sessions)))
    changed = any(s.revision == raised for week in weeks for s in week.sessions)
    return plan._replace(weeks=tuple(weeks), revision=raised if changed else old.revision)


def _content(session) -> dict:
    """A session's fields as the plan file holds them, but its revision."""
    data = session.to_dict()
    data.pop("revision", None)
    return data
