"""Builds the iCalendar document with icalendar. Imported only when rendering."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Alarm, Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from planner import __version__

from . import wording
from .zones import observances

UTC = timezone.utc
PRODID = f"-//band-planner//band-planner {__version__}//EN"


def render_calendar(plan, alarm: int | None) -> bytes:
    """The whole plan as one VCALENDAR (METHOD:PUBLISH) for importing into a calendar app."""
    calendar = _calendar_head(plan, publish=True)
    events = _sessions(plan)
    for component in _timezones(events):
        calendar.add_component(component)
    stamp = _stamp(plan)
    for week, session, when in events:
        calendar.add_component(_event(plan, week, session, when, stamp, alarm))
    return calendar.to_ical()


def render_objects(plan, alarm: int | None) -> list[tuple[str, bytes]]:
    """(uid, calendar object) per session, for CalDAV: one VEVENT with its VTIMEZONE, no METHOD."""
    events = _sessions(plan)
    zones = {c["TZID"]: c for c in _timezones(events)}
    stamp = _stamp(plan)
    objects = []
    for week, session, when in events:
        calendar = _calendar_head(plan, publish=False)
        if when.tzid is not None:
            calendar.add_component(zones[when.tzid])
        calendar.add_component(_event(plan, week, session, when, stamp, alarm))
        objects.append((session.uid, calendar.to_ical()))
    return objects


class _When:
    """Start and end of one session as written: local time with TZID, or UTC when ambiguous."""

    def __init__(self, session):
        try:
            self.zone = ZoneInfo(session.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"session {session.uid}: unknown time zone "
                             f"{session.timezone!r}") from None
        start = session.start
        if start.tzinfo is None:  # a hand-written plan file: wall time in the session's zone
            start = start.replace(tzinfo=self.zone)
        self.start_utc = start.astimezone(UTC)
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
    wall = local.replace(tzinfo=None)
    readings = {wall.replace(tzinfo=local.tzinfo, fold=fold).astimezone(UTC) for fold in (0, 1)}
    return len(readings) > 1


def _sessions(plan):
    return [(week, session, _When(session)) for week, session in plan.sessions()]


def _calendar_head(plan, publish: bool) -> Calendar:
    calendar = Calendar()
    calendar.add("PRODID", PRODID)
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    if publish:
        calendar.add("METHOD", "PUBLISH")
        name = wording.one_line(plan.name)
        calendar.add("NAME", name)
        calendar.add("X-WR-CALNAME", name)
        calendar.add("X-WR-CALDESC", "Resistance-band back workouts from band-planner")
    return calendar


def _timezones(events) -> list[Timezone]:
    """A compact VTIMEZONE per zone used (see zones.py), covering that zone's sessions."""
    spans: dict[str, list[datetime]] = {}
    for _, _, when in events:
        if when.tzid is None:
            continue
        span = spans.setdefault(when.tzid, [when.start_utc, when.end_utc])
        span[0], span[1] = min(span[0], when.start_utc), max(span[1], when.end_utc)
    components = []
    for tzid in sorted(spans):
        first, last = spans[tzid]
        component = Timezone()
        component.add("TZID", tzid)
        for obs in observances(tzid, first, last):
            sub = TimezoneDaylight() if obs.daylight else TimezoneStandard()
            sub.add("DTSTART", obs.onset)
            if obs.rule:
                sub.add("RRULE", vRecur.from_ical(obs.rule))
            else:
                # The onset again as RDATE: RFC 5545 counts DTSTART as the first onset, but
                # the `ical` parser takes onsets only from RRULE/RDATE and would otherwise
                # find no offset at all for a TZID it does not know.
                sub.add("RDATE", obs.onset)
            sub.add("TZOFFSETFROM", obs.offset_from)
            sub.add("TZOFFSETTO", obs.offset_to)
            if obs.name:
                sub.add("TZNAME", wording.one_line(obs.name))
            component.add_component(sub)
        components.append(component)
    return components


def _stamp(plan) -> datetime:
    """DTSTAMP from the plan, not the clock, so the same plan gives the same bytes."""
    try:
        day = date.fromisoformat(str(plan.settings["start"]))
    except (KeyError, ValueError):
        day = next((s.date for _, s in plan.sessions()), date(1970, 1, 1))
    return datetime.combine(day, time(0), tzinfo=UTC)


def _event(plan, week, session, when: _When, stamp: datetime, alarm: int | None) -> Event:
    event = Event()
    event.add("UID", wording.one_line(session.uid))
    event.add("DTSTAMP", stamp)
    value, params = when.value(when.start)
    event.add("DTSTART", value, parameters=params)
    value, params = when.value(when.end)
    event.add("DTEND", value, parameters=params)
    event.add("SEQUENCE", 0)
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "OPAQUE")
    event.add("CLASS", "PUBLIC")
    title = wording.summary(plan, week, session)
    event.add("SUMMARY", title)
    event.add("DESCRIPTION", wording.description(plan, week, session))
    event.add("CATEGORIES", wording.categories(session))
    if alarm is not None:
        reminder = Alarm()
        reminder.add("ACTION", "DISPLAY")
        reminder.add("DESCRIPTION", title)
        reminder.add("TRIGGER", -timedelta(minutes=alarm))
        event.add_component(reminder)
    return event
