"""What to send: the plan's wanted objects against what the calendar holds (pure).

Ownership rules, so a user's own events and other plans' events are never touched:
- an event of this plan is one whose UID has this plan's shape (date, slot, slug: the plan's
  name and id) AND that carries this plan's X-BAND-PLANNER-PLAN marker; only those are
  updated or deleted;
- an event with the UID of a wanted session but no marker (the plan's .ics imported by hand,
  or an app that dropped the markers) is updated in place only while it still looks as we
  would publish it; it is never deleted.
A user's change is kept: an event of ours whose visible fields (time, title, notes) differ
from what we last published, or an unmarked one that differs from what we would publish, is
left alone with one line, unless --force.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from .events import Stored, Wanted, owned_uid, raised_above, uid_date


class Change(NamedTuple):
    action: str  # "create", "update" or "delete"
    uid: str
    href: str | None  # None for a create: the server object gets its name from the uid
    etag: str | None  # the server's copy as read: PUT/DELETE only if it is still that one
    data: bytes | None
    what: str  # for messages: the session's start, or the uid


class ChangeSet(NamedTuple):
    """What publishing would send: the changes, how many events stay, which were kept."""

    changes: list[Change]
    unchanged: int
    kept: list[str]  # one line per event a user changed, left as it is


def plan_changes(wanted: dict[str, Wanted], stored: list[Stored], slug: str,
                 force: bool = False) -> ChangeSet:
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
    changes: list[Change] = []
    kept: list[str] = []
    unchanged = 0
    for uid, want in wanted.items():
        there = by_uid.get(uid)
        if there is None:
            changes.append(Change("create", uid, None, None, want.data, want.summary))
        elif there.plan == slug and there.digest == want.digest and not (force and there.edited):
            unchanged += 1  # nothing new to send (a user's change there stays as it is)
        elif not force and (there.edited or (there.plan != slug and there.looks != want.seen)):
            kept.append(uid)
        else:
            changes.append(Change("update", uid, there.href, there.etag,
                                  raised_above(want, there), want.summary))
    for item in sorted([*by_uid.values(), *extra], key=lambda item: item.uid or ""):
        uid = item.uid or ""
        gone = uid not in wanted or item in extra
        if gone and item.plan == slug and ours(uid):
            if item.edited and not force:
                kept.append(uid)
            else:
                changes.append(Change("delete", uid, item.href, item.etag, None, _gone(uid)))
    return ChangeSet(changes, unchanged, [kept_line(uid) for uid in sorted(kept)])


def kept_line(uid: str) -> str:
    return f"kept your change to {_day(uid)}; --force to overwrite"


def _day(uid: str) -> str:
    """'Mon 8 Mar' for a session uid."""
    text = uid_date(uid)
    if text is None:
        return uid
    day = date.fromisoformat(text)
    return f"{day:%a} {day.day} {day:%b}"


def _gone(uid: str) -> str:
    """How a dry run names an event no longer in the plan: its session's date."""
    day = uid_date(uid)
    return f"{day} session, no longer in the plan" if day else uid
