"""What to send: the plan's wanted objects against what the calendar holds (pure).

Ownership rules, so a user's own events and other plans' events are never touched:
- an event of this plan is one whose UID has this plan's shape (date, slot, slug) AND that
  carries this plan's X-BAND-PLANNER-PLAN marker; only those are updated or deleted;
- an event with the UID of a wanted session but no marker (the plan's .ics imported by hand
  before) is that session's event: it is updated in place, which adds the marker, rather
  than duplicated; it is never deleted.
"""

from __future__ import annotations

from typing import NamedTuple

from .events import Stored, Wanted, owned_uid, uid_date


class Change(NamedTuple):
    action: str  # "create", "update" or "delete"
    uid: str
    href: str | None  # None for a create: the server object gets its name from the uid
    etag: str | None  # the server's copy as read: PUT/DELETE only if it is still that one
    data: bytes | None
    what: str  # for messages: the session's start, or the uid


class Plan(NamedTuple):
    changes: list[Change]
    unchanged: int


def plan_changes(wanted: dict[str, Wanted], stored: list[Stored], slug: str) -> Plan:
    ours = owned_uid(slug)
    by_uid: dict[str, Stored] = {}
    extra: list[Stored] = []  # a second copy of one of our uids: removed if marked ours
    for item in stored:
        if item.uid is None:
            continue
        if item.uid in by_uid:
            extra.append(item)
        else:
            by_uid[item.uid] = item
    changes, unchanged = [], 0
    for uid, want in wanted.items():
        there = by_uid.get(uid)
        if there is None:
            changes.append(Change("create", uid, None, None, want.data, want.summary))
        elif there.plan == slug and there.digest == want.digest:
            unchanged += 1
        else:
            changes.append(Change("update", uid, there.href, there.etag, want.data,
                                  want.summary))
    for item in sorted([*by_uid.values(), *extra], key=lambda item: item.uid):
        gone = item.uid not in wanted or item in extra
        if gone and item.plan == slug and ours(item.uid):
            changes.append(Change("delete", item.uid, item.href, item.etag, None,
                                  _gone(item.uid)))
    return Plan(changes, unchanged)


def _gone(uid: str) -> str:
    """How a dry run names an event no longer in the plan: its session's date."""
    day = uid_date(uid)
    return f"{day} session, no longer in the plan" if day else uid
