"""Builds the iCalendar document with icalendar. Imported only when rendering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, Timezone, vCategory, vDDDTypes, vInt, vText

from planner.api import __version__

from . import wording
from .vtimezone import vtimezone

PRODID = f"-//band-planner//band-planner {__version__}//EN"


def render_calendar(plan, alarm: int | None) -> bytes:
    """The whole plan as one VCALENDAR for importing into a calendar app."""
    calendar = _calendar_head(plan)
    events = _sessions(plan)
    for component in _timezones(events):
        calendar.add_component(component)
    make_event = _Events(plan, alarm)
    for week, session, when in events:
        calendar.add_component(make_event(week, session, when))
    return calendar.to_ical()


def session_objects(plan, alarm: int | None):
    """Each session on its own, as a CalDAV server stores it (RFC 4791 5.3.2: one event per
    resource): yields (uid, bytes of a VCALENDAR with the VTIMEZONE its times name and its
    one VEVENT). The VEVENT and the VTIMEZONE are made by the same code as in
    `render_calendar`, so a published event is the event of the .ics file."""
    make_event = _Events(plan, alarm)
    zones: dict[str | None, bytes] = {}
    for week, session, when in _sessions(plan):
        yield session.uid, session_calendar(make_event(week, session, when), when, zones)


def session_calendar(event: Event, when: _When, zones: dict[str | None, bytes]) -> bytes:
    """One session's calendar object, as `Calendar.to_ical()` writes it. The head and the
    VTIMEZONE are serialised once per zone and kept in `zones`: written again for every event
    of a year's plan, they were most of the time spent."""
    if when.tzid not in zones:
        calendar = Calendar()
        calendar.add("PRODID", PRODID)
        calendar.add("VERSION", "2.0")
        calendar.add("CALSCALE", "GREGORIAN")
        if when.tzid is not None:
            calendar.add_component(vtimezone(when.tzid))
        zones[when.tzid] = calendar.to_ical().removesuffix(b"END:VCALENDAR\r\n")
    return zones[when.tzid] + event.to_ical() + b"END:VCALENDAR\r\n"


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

    def value(self, moment: datetime) -> tuple[datetime, dict[str, str]]:
        if self.tzid is None:
            return moment.astimezone(UTC), {}
        return moment.replace(tzinfo=None), {"TZID": self.tzid}


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
    """Builds the VEVENTs of one plan.

    The values are icalendar property objects made directly, as `Component.add` would make
    them (it spends most of its time inferring the type), and every value that repeats
    (stamp, status, categories, a week's titles, the reminder's action and trigger) is one
    object shared by all events that use it. icalendar still writes every property.
    """

    def __init__(self, plan, alarm: int | None):
        self.plan = plan
        self.fixed = {
            "STATUS": vText("CONFIRMED"), "TRANSP": vText("OPAQUE"), "CLASS": vText("PUBLIC")}
        self.stamp = _stamp(plan)
        self.revisions: dict[int, tuple[vDDDTypes, vInt]] = {}
        self.alarm = None if alarm is None else {
            "ACTION": vText("DISPLAY"), "TRIGGER": vDDDTypes(-timedelta(minutes=alarm))}
        self.titles: dict[str, vText] = {}
        self.categories: dict[tuple[str, ...], vCategory] = {}

    def __call__(self, week, session, when: _When) -> Event:
        event = Event()
        revision = getattr(session, "revision", 0)
        if revision not in self.revisions:
            # Component.add("DTSTAMP", ...) would convert to UTC: the stamp already is UTC
            self.revisions[revision] = (vDDDTypes(self.stamp + timedelta(minutes=revision)),
                                        vInt(revision))
        event["DTSTAMP"], event["SEQUENCE"] = self.revisions[revision]
        event.update(self.fixed)
        event["UID"] = vText(wording.one_line(session.uid))
        event["DTSTART"] = _time(*when.value(when.start))
        event["DTEND"] = _time(*when.value(when.end))
        text = wording.summary(week, session, self.plan.name)
        title = self.titles.get(text)
        if title is None:
            title = self.titles[text] = vText(text)
        event["SUMMARY"] = title
        event["DESCRIPTION"] = vText(wording.description(self.plan, week, session))
        categories = self.categories.get(session.focus)
        if categories is None:
            categories = self.categories[session.focus] = vCategory(wording.categories(session))
        event["CATEGORIES"] = categories
        if self.alarm is not None:
            reminder = Alarm()
            reminder.update(self.alarm)
            reminder["DESCRIPTION"] = title
            event.add_component(reminder)
        return event


def _time(value: datetime, params: dict[str, str]) -> vDDDTypes:
    prop = vDDDTypes(value)
    prop.params.update(params)
    return prop
