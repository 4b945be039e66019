"""The calendar objects a plan publishes, and what the publisher reads back from the server.

Each object is exactly the ics exporter's session object (planner_ics.document), with two
marker properties added to its VEVENT:
- X-BAND-PLANNER-PLAN: the plan's slug. Together with a UID of that plan's shape it says
  "this event is ours, of this plan": the only events the publisher ever changes or deletes.
- X-BAND-PLANNER-HASH: a digest of the object as generated (markers left out). The same
  plan gives the same bytes, so an equal digest on the server means nothing to send, without
  comparing events that the server may have re-serialised.
"""

from __future__ import annotations

import hashlib
import re
from typing import NamedTuple

PLAN_MARK = "X-BAND-PLANNER-PLAN"
HASH_MARK = "X-BAND-PLANNER-HASH"
_END_EVENT = b"END:VEVENT\r\n"


class Wanted(NamedTuple):
    uid: str
    digest: str
    data: bytes  # the object with its markers, as PUT
    summary: str  # for --dry-run lines: "2026-11-23 07:00 Europe/Berlin"


class Stored(NamedTuple):
    href: str
    etag: str | None
    uid: str | None
    plan: str | None  # X-BAND-PLANNER-PLAN, if any
    digest: str | None  # X-BAND-PLANNER-HASH, if any


# A session uid as planner.builder.session_uid makes it: date, slot, the plan's slug.
_UID = re.compile(r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-[0-9]{1,3}-(?P<slug>.+)@band-planner")


def plan_slug(plan) -> str:
    """The part of this plan's uids after date and slot (`2026-11-23-1-<slug>@band-planner`), read
    from the sessions themselves: the plan file is the record of what its uids are."""
    from planner.publishing import PublishError

    slugs = set()
    for _, session in plan.sessions():
        shape = _UID.fullmatch(session.uid)
        slugs.add(shape["slug"] if shape else None)
    if len(slugs) != 1 or None in slugs:
        raise PublishError(f"plan '{plan.name}': its session uids do not share one plan "
                           "name; rebuild it with `planner build` to publish it")
    return slugs.pop()


def owned_uid(slug: str):
    """A test for uids of this plan's shape (date, slot, slug), not merely ending alike."""
    def owned(uid: str | None) -> bool:
        shape = _UID.fullmatch(uid or "")
        return shape is not None and shape["slug"] == slug

    return owned


def uid_date(uid: str) -> str | None:
    """The session date a uid of the planner's shape starts with, else None."""
    shape = _UID.fullmatch(uid)
    return shape["date"] if shape else None


def wanted_objects(plan, alarm: int | None, slug: str) -> dict[str, Wanted]:
    """uid -> the object to publish for each session of the plan."""
    from planner_ics.document import session_objects

    marker = f"{PLAN_MARK}:{slug}\r\n".encode()
    sessions = {session.uid: session for _, session in plan.sessions()}
    wanted = {}
    for uid, data in session_objects(plan, alarm):
        digest = hashlib.sha256(data).hexdigest()[:32]
        at = data.rindex(_END_EVENT)  # markers go last in the (only) VEVENT
        marked = data[:at] + marker + f"{HASH_MARK}:{digest}\r\n".encode() + data[at:]
        session = sessions[uid]
        wanted[uid] = Wanted(uid, digest, marked,
                             f"{session.start:%Y-%m-%d %H:%M} {session.timezone}")
    return wanted


def read_stored(href: str, etag: str | None, text: str | None) -> Stored:
    """The uid and markers of a server's object, read from its first VEVENT's lines.

    Only what decides ownership is read, with a plain line scan: parsing every event of a
    big calendar with a full iCalendar parser would cost more than the network.
    """
    uid = plan = digest = None
    if text:
        in_event = False
        for line in _unfolded(text):
            name, _, value = line.partition(":")
            name = name.split(";", 1)[0].upper()
            if name == "BEGIN" and value.strip().upper() == "VEVENT":
                in_event = True
            elif name == "END" and value.strip().upper() == "VEVENT":
                break
            elif in_event and name == "UID":
                uid = value.strip()
            elif in_event and name == PLAN_MARK:
                plan = value.strip()
            elif in_event and name == HASH_MARK:
                digest = value.strip()
    return Stored(href, etag, uid, plan, digest)


def _unfolded(text: str):
    """Content lines with RFC 5545 folding (CRLF or LF, then a space or tab) undone."""
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()
