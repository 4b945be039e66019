"""The calendar objects a plan publishes, and what the publisher reads back from the server.

Each object is exactly the ics exporter's session object (planner_ics.document), with three
marker properties added to its VEVENT:
- X-BAND-PLANNER-PLAN: the plan's slug (name and id). Together with a UID of that plan's
  shape it says "this event is ours, of this plan": the only events ever changed or deleted.
- X-BAND-PLANNER-HASH: a digest of the object as generated (markers left out). The same
  plan gives the same bytes, so an equal digest on the server means nothing to send, without
  comparing events that the server may have re-serialised.
- X-BAND-PLANNER-SEEN: a digest of what a person sees and may edit in a calendar app (time,
  title, notes, place), as published. A server copy whose own such digest differs was
  changed by someone: the publisher keeps it unless --force.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from planner.api import PublishError

PLAN_MARK = "X-BAND-PLANNER-PLAN"
HASH_MARK = "X-BAND-PLANNER-HASH"
SEEN_MARK = "X-BAND-PLANNER-SEEN"
_END_EVENT = b"END:VEVENT\r\n"
# What a person edits in an app; parameters other than these two are an app's own business.
_SEEN = ("DTSTART", "DTEND", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "RRULE")
_KEPT_PARAMS = ("TZID", "VALUE")
_STAMP = "%Y%m%dT%H%M%SZ"


class Wanted(NamedTuple):
    uid: str
    digest: str
    data: bytes  # the object with its markers, as PUT
    summary: str  # for --dry-run lines: "2026-11-23 07:00 Europe/Berlin"
    seen: str = ""  # the digest of its visible fields
    sequence: int = 0


class Stored(NamedTuple):
    href: str
    etag: str | None
    uid: str | None
    plan: str | None  # X-BAND-PLANNER-PLAN, if any
    digest: str | None  # X-BAND-PLANNER-HASH, if any
    seen: str | None = None  # X-BAND-PLANNER-SEEN, if any
    looks: str | None = None  # the digest of its visible fields as the server has them
    sequence: int | None = None
    stamp: datetime | None = None  # its DTSTAMP

    @property
    def edited(self) -> bool:
        """Changed by someone since we published it (its visible fields differ)."""
        return self.seen is not None and self.looks != self.seen


# A session uid as planner.builder.session_uid makes it: date, slot, the plan's slug.
_UID = re.compile(r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})-[0-9]{1,3}-(?P<slug>.+)@band-planner")


def plan_slug(plan) -> str:
    """The part of this plan's uids after date and slot (`2026-11-23-1-<slug>@band-planner`), read
    from the sessions themselves: the plan file is the record of what its uids are."""

    slugs = set()
    for _, session in plan.sessions():
        shape = _UID.fullmatch(session.uid)
        slugs.add(shape["slug"] if shape else None)
    if len(slugs) != 1 or None in slugs:
        raise PublishError(f"plan '{plan.name}': its session uids do not share one plan "
                           "name; rebuild it with `planner build` to publish it")
    return str(slugs.pop())


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
        seen = _looks(data.decode("utf-8"))
        at = data.rindex(_END_EVENT)  # markers go last in the (only) VEVENT
        marked = (data[:at] + marker + f"{HASH_MARK}:{digest}\r\n{SEEN_MARK}:{seen}\r\n"
                  .encode() + data[at:])
        session = sessions[uid]
        wanted[uid] = Wanted(uid, digest, marked,
                             f"{session.start:%Y-%m-%d %H:%M} {session.timezone}", seen,
                             getattr(session, "revision", 0))
    return wanted


def read_stored(href: str, etag: str | None, text: str | None) -> Stored:
    """The uid, markers, SEQUENCE and DTSTAMP of a server's object, and the digest of its
    visible fields, read from its first VEVENT's own lines (not its alarms').

    A plain line scan: parsing every event of a big calendar with a full iCalendar parser
    would cost more than the network.
    """
    found: dict[str, str] = {}
    looks = None
    if text:
        lines = _event_lines(text)
        for name, _, value in lines:
            if name in ("UID", PLAN_MARK, HASH_MARK, SEEN_MARK, "SEQUENCE", "DTSTAMP"):
                found.setdefault(name, value.strip())
        looks = _digest(lines) if lines else None
    sequence = found.get("SEQUENCE", "")
    return Stored(href, etag, found.get("UID"), found.get(PLAN_MARK), found.get(HASH_MARK),
                  found.get(SEEN_MARK), looks,
                  int(sequence) if sequence.isdigit() and len(sequence) < 10 else None,
                  _stamp(found.get("DTSTAMP")))


def raised_above(want: Wanted, there: Stored) -> bytes:
    """`want`'s object with SEQUENCE above the server copy's (when it is not already) and
    DTSTAMP later than both, so clients that compare them take the update."""
    if there.sequence is None or want.sequence > there.sequence:
        return want.data
    sequence = there.sequence + 1
    text = want.data.decode("utf-8")
    written = re.search(r"\r\nDTSTAMP:([0-9TZ]+)\r\n", text)
    ours = _stamp(written[1]) if written else None
    stamp = (ours or datetime(1970, 1, 1, tzinfo=UTC)) + timedelta(
        minutes=sequence - want.sequence)
    if there.stamp is not None and stamp <= there.stamp:
        stamp = there.stamp + timedelta(minutes=1)
    text = re.sub(r"\r\nSEQUENCE:[0-9]+\r\n", f"\r\nSEQUENCE:{sequence}\r\n", text, count=1)
    text = re.sub(r"\r\nDTSTAMP:[0-9TZ]+\r\n", f"\r\nDTSTAMP:{stamp.strftime(_STAMP)}\r\n",
                  text, count=1)
    return text.encode("utf-8")


def _looks(text: str) -> str:
    return _digest(_event_lines(text))


def _event_lines(text: str) -> list[tuple[str, str, str]]:
    """(NAME, params, value) of the first VEVENT's own properties, unfolded."""
    lines, depth, inside = [], 0, False
    for line in _unfolded(text):
        head, _, value = line.partition(":")
        name, _, params = head.partition(";")
        name = name.strip().upper()
        if name in ("BEGIN", "END"):
            kind = value.strip().upper()
            if name == "BEGIN" and kind == "VEVENT" and not inside:
                inside, depth = True, 0
            elif inside and name == "BEGIN":
                depth += 1
            elif inside and name == "END" and depth:
                depth -= 1
            elif inside and name == "END" and kind == "VEVENT":
                break
            continue
        if inside and depth == 0:
            lines.append((name, params, value))
    return lines


def _digest(lines: list[tuple[str, str, str]]) -> str:
    """A digest of the visible fields: names, the parameters that change their meaning, and
    values with TEXT escapes undone, so a server's re-serialising does not count as an edit."""
    picked = []
    for name, params, value in lines:
        if name not in _SEEN:
            continue
        kept = sorted(p.strip().upper() if "=" not in p else
                      p.split("=", 1)[0].strip().upper() + "=" + p.split("=", 1)[1].strip('"')
                      for p in params.split(";") if p.split("=", 1)[0].strip().upper()
                      in _KEPT_PARAMS)
        picked.append(f"{name};{';'.join(kept)}:{_unescaped(value.strip())}")
    return hashlib.sha256("\n".join(sorted(picked)).encode()).hexdigest()[:32]


def _unescaped(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _stamp(text: str | None) -> datetime | None:
    try:
        return datetime.strptime((text or "").strip(), _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None


def _unfolded(text: str):
    """Content lines with RFC 5545 folding (CRLF or LF, then a space or tab) undone."""
    return re.sub(r"\r?\n[ \t]", "", text).splitlines()
