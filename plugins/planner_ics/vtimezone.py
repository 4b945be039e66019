"""One VTIMEZONE component per zone, written from its canonical observances (zones.py)."""

from __future__ import annotations

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

from . import wording
from .zones import canonical


def vtimezone(tzid: str) -> Timezone:
    """The zone's VTIMEZONE: the same for every plan, so every file agrees on it."""
    component = Timezone()
    component.add("TZID", tzid)
    for obs in canonical(tzid):
        sub = TimezoneDaylight() if obs.daylight else TimezoneStandard()
        sub.add("DTSTART", obs.onset)
        if obs.rule:
            sub.add("RRULE", vRecur.from_ical(obs.rule))
        # One RDATE per onset: vobject (Radicale) keeps only the first value of a list.
        # DTSTART is listed again: RFC 5545 counts it as the first onset, but the `ical`
        # parser takes onsets only from RRULE and RDATE.
        for onset in obs.dates:
            sub.add("RDATE", onset)
        sub.add("TZOFFSETFROM", obs.offset_from)
        sub.add("TZOFFSETTO", obs.offset_to)
        if obs.name:
            sub.add("TZNAME", wording.one_line(obs.name))
        component.add_component(sub)
    return component
