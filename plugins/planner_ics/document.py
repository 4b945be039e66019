"""Builds the iCalendar document. Imported only when rendering.

icalendar writes the calendar's head and each zone's VTIMEZONE, and serialises the values
(TEXT escaping, categories, stamp, trigger). The VEVENTs are written line by line here
(contentlines.py): building an icalendar Event for each session and serialising it
property by property took most of an export's time.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Parameters, Timezone, vCategory, vDDDTypes, vInt, vText

from planner.api import __version__

from . import wording
from .contentlines import date_time, line
from .vtimezone import vtimezone

PRODID = f"-//band-planner//band-planner {__version__}//EN"
END_CALENDAR = b"END:VCALENDAR\r\n"


def render_calendar(plan, alarm: int | None) -> bytes:
    """The whole plan as one VCALENDAR for importing into a calendar app."""
    calendar = _calendar_head(plan)
    events = _sessions(plan)
    for component in _timezones(events):
        calendar.add_component(component)
    write = _Events(plan, alarm)
    return b"".join([_opening(calendar), *(write(week, session, when)
                                            for week, session, when in events), END_CALENDAR])


def session_objects(plan, alarm: int | None) -> Iterator[tuple[str, bytes]]:
    """Each session on its own, as a CalDAV server stores it (RFC 4791 5.3.2: one event per
    resource): yields (uid, bytes of a VCALENDAR with the VTIMEZONE its times name and its
    one VEVENT). The VEVENT and the VTIMEZONE are made by the same code as in
    `render_calendar`, so a published event is the event of the .ics file."""
    write = _Events(plan, alarm)
    # The head and VTIMEZONE of each zone, serialised once: written again for every event
    # of a year's plan, they were most of the time spent.
    openings: dict[str | None, bytes] = {}
    for week, session, when in _sessions(plan):
        opening = openings.get(when.tzid)
        if opening is None:
            opening = openings[when.tzid] = _opening(_object_head(when.tzid))
        yield session.uid, opening + write(week, session, when) + END_CALENDAR


def _object_head(tzid: str | None) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if tzid is not None:
        calendar.add_component(vtimezone(tzid))
    return calendar


def _opening(calendar: Calendar) -> bytes:
    """The calendar as icalendar writes it, without its END line: the events go there."""
    data = calendar.to_ical()
    if not data.endswith(END_CALENDAR):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    return data[:-len(END_CALENDAR)]


class _When:
    """Start and end of one session as written: local time with TZID, or UTC when ambiguous."""

    def __init__(self, session):
        try:
            self.zone = ZoneInfo(session.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"session {session.uid}: unknown time zone "
                             f"{session.timezone!r}") from None
        self.start_utc = session.start.astimezone(UTC)  # aware: builder and plan files
        self.end_utc = self.start_utc + timedelta(minutes=session.minutes)
        self.start = self.start_utc.astimezone(self.zone)
        self.end = self.end_utc.astimezone(self.zone)
        # RFC 5545 reads a repeated wall time as its first occurrence and a skipped one with
        # the offset before the gap, but readers differ on both. A time near a DST change
        # that could be read two ways is written in UTC instead, so it cannot be misread.
        local_is_exact = not (_ambiguous(self.start) or _ambiguous(self.end))
        self.tzid = session.timezone if local_is_exact else None

    def values(self, utc: bool) -> tuple[bytes, bytes]:
        """DTSTART's and DTEND's values: in UTC, or local times in the zone `tzid`."""
        if utc:
            return date_time(self.start_utc), date_time(self.end_utc)
        return date_time(self.start.replace(tzinfo=None)), date_time(self.end.replace(tzinfo=None))


def _ambiguous(local: datetime) -> bool:
    """True when this wall time has two readings (fold) or none (gap) in its zone."""
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def _sessions(plan):
    return [(week, session, _When(session)) for week, session in plan.sessions()]


def _calendar_head(plan) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    # No METHOD: the file is not an iTIP message (RFC 5546), where PUBLISH needs an ORGANIZER.
    # icalendar writes NAME and the X- names as unknown, unescaped values; they are TEXT.
    name = vText(wording.one_line(plan.name))
    calendar["NAME"] = name
    calendar["X-WR-CALNAME"] = name
    calendar["X-WR-CALDESC"] = vText("Resistance-band back workouts from band-planner")
    return calendar


def _timezones(events) -> list[Timezone]:
    """The VTIMEZONE of each zone that some session's time names (see zones.py)."""
    return [vtimezone(tzid) for tzid in sorted({when.tzid for _, _, when in events} - {None})]


def _stamp(plan) -> datetime:
    """DTSTAMP from the plan, not the clock, so the same plan gives the same bytes: the
    plan's stamp base (see planner.lineage). A session whose revision is raised (by
    `planner adapt`, or a rebuild that changes it) gets a stamp one minute later per
    revision, and SEQUENCE = its revision, so clients that order updates by them take it."""
    from planner.api import plan_stamp

    return plan_stamp(plan)


class _Events:
    """Writes the VEVENTs of one plan, one `bytes` each.

    The properties and their order are those icalendar gave the same event (its canonical
    order, then by name), so the bytes are as before. Every line that repeats (stamp and
    sequence of a revision, the fixed values, a week's title and reminder, the categories of
    a focus, the parameter of a zone) is written once and shared by the events that use it.
    """

    def __init__(self, plan, alarm: int | None):
        self.plan = plan
        self.stamp = _stamp(plan)
        self.revisions: dict[int, tuple[bytes, bytes]] = {}  # DTSTAMP and SEQUENCE lines
        self.titles: dict[str, tuple[bytes, bytes]] = {}  # SUMMARY line and VALARM
        self.categories: dict[tuple[str, ...], bytes] = {}
        self.zones: dict[str | None, tuple[bytes, bytes, bool]] = {}  # see _time_heads
        self.trigger = None if alarm is None else (
            b"BEGIN:VALARM\r\n" + line(b"ACTION", vText("DISPLAY").to_ical()))
        self.trigger_end = b"" if alarm is None else (
            line(b"TRIGGER", vDDDTypes(-timedelta(minutes=alarm)).to_ical()) + b"END:VALARM\r\n")
        self.middle = line(b"CLASS", vText("PUBLIC").to_ical())
        self.after = (line(b"STATUS", vText("CONFIRMED").to_ical())
                      + line(b"TRANSP", vText("OPAQUE").to_ical()))

    def __call__(self, week, session, when: _When) -> bytes:
        revision = getattr(session, "revision", 0)
        stamp = self.revisions.get(revision)
        if stamp is None:
            # The stamp is UTC already, as Component.add("DTSTAMP", ...) would make it.
            stamp = self.revisions[revision] = (
                line(b"DTSTAMP", vDDDTypes(self.stamp + timedelta(minutes=revision)).to_ical()),
                line(b"SEQUENCE", vInt(revision).to_ical()))
        text = wording.summary(week, session, self.plan.name)
        title = self.titles.get(text)
        if title is None:
            title = self.titles[text] = self._title(text)
        categories = self.categories.get(session.focus)
        if categories is None:
            categories = self.categories[session.focus] = line(
                b"CATEGORIES", vCategory(wording.categories(session)).to_ical())
        heads = self.zones.get(when.tzid)
        if heads is None:
            heads = self.zones[when.tzid] = _time_heads(when.tzid)
        start, end = when.values(utc=heads[2])
        description = vText(wording.description(self.plan, week, session)).to_ical()
        return b"".join((
            b"BEGIN:VEVENT\r\n", title[0], line(heads[0], start), line(heads[1], end),
            stamp[0], line(b"UID", vText(wording.one_line(session.uid)).to_ical()), stamp[1],
            categories, self.middle, line(b"DESCRIPTION", description), self.after, title[1],
            b"END:VEVENT\r\n"))

    def _title(self, text: str) -> tuple[bytes, bytes]:
        """The SUMMARY line of this title, and the VALARM that says it (or nothing)."""
        value = vText(text).to_ical()
        reminder = b"" if self.trigger is None else (
            self.trigger + line(b"DESCRIPTION", value) + self.trigger_end)
        return line(b"SUMMARY", value), reminder


def _time_heads(tzid: str | None) -> tuple[bytes, bytes, bool]:
    """DTSTART and DTEND with the TZID parameter as icalendar writes it (quoted if need
    be), and whether the times are written in UTC: without a tzid, and in the zone "UTC",
    whose parameter icalendar leaves out and whose times it writes in UTC."""
    parameters = b"" if tzid is None else Parameters({"TZID": tzid}).to_ical()
    if not parameters:
        return b"DTSTART", b"DTEND", True
    return b"DTSTART;" + parameters, b"DTEND;" + parameters, False
