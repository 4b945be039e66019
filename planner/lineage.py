"""A plan's identity across rebuilds: its id, its DTSTAMP base, its revisions carried on.

The id is derived at a plan's first build from that build's settings, so the same inputs
give the same bytes, and two plans of the same name built differently (another zone, start
or seed) have different uids and never touch each other's calendar events. A rebuild over
the same plan file keeps the id and the stamp base, and carries the revisions on: a session
whose content changed gets a revision above every earlier one, so its SEQUENCE (and DTSTAMP,
which rises with it) never goes down. Plans made before ids keep none, and so keep their
uids.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .plan import Plan

if TYPE_CHECKING:
    from .settings import Settings


class Identity(NamedTuple):
    id: str  # "" for a plan made before ids: its uids carry none
    stamp: str  # DTSTAMP base, "YYYY-MM-DDTHH:MM:SSZ"; "" for the start date at midnight


def new_identity(settings: Settings) -> Identity:
    """The identity a first build gets from its settings (and SOURCE_DATE_EPOCH)."""
    import hashlib  # loading OpenSSL takes ~3 ms, and only a first build needs it

    text = json.dumps(settings.to_dict(), sort_keys=True, ensure_ascii=True, default=str)
    return Identity(hashlib.sha256(text.encode()).hexdigest()[:12],
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


def previous(path: Path) -> Plan | None:
    """The plan in the file a build is about to replace, if there is a readable one."""
    from .errors import PlannerError
    from .plan_file import read_plan

    try:
        if not path.is_file():
            return None
        return read_plan(path)
    except (PlannerError, OSError):
        return None  # no plan we can read (or a name the system cannot have): a new one


def identity_of(old: Plan | None) -> Identity | None:
    return None if old is None else Identity(old.id, old.stamp)


def carried_on(plan: Plan, old: Plan) -> Plan:
    """`plan`, rebuilt over `old`: a session as it was keeps its revision, a changed one
    gets one above the old plan's (new sessions start at 0, as in any build)."""
    before = {session.uid: session for _, session in old.sessions()}
    raised = old.revision + 1
    weeks = []
    for week in plan.weeks:
        sessions = []
        for session in week.sessions:
            was = before.get(session.uid)
            if was is None:
                sessions.append(session)
            elif _content(was) == _content(session):
                sessions.append(session._replace(revision=was.revision))
            else:
                sessions.append(session._replace(revision=raised))
        weeks.append(week._replace(sessions=tuple(sessions)))
    changed = any(s.revision == raised for week in weeks for s in week.sessions)
    return plan._replace(weeks=tuple(weeks), revision=raised if changed else old.revision)


def _content(session) -> dict:
    data = session.to_dict()
    data.pop("revision", None)
    return data
