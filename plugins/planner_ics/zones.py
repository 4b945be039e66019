"""A zone's changes over every date a plan may use, read off the IANA database (stdlib only).

Each zone gets one VTIMEZONE, the same for every plan: vobject (in Radicale) and icalendar
(in khal) keep one tzinfo per TZID for the whole process, taken from the first VTIMEZONE
they read, so a definition cut to one plan's weeks misplaces the next plan's events in that
zone. `canonical` therefore describes the zone from the observance in force on SPAN_START
through every change up to SPAN_END (the planner's EARLIEST to LATEST with a margin for
time zones and session lengths), compacted by yearly.py, and is cached per zone.

Why not icalendar's own generator (`Timezone.from_tzid`): it writes the onset of a
spring-forward change in the *new* offset's wall time (03:00 for Berlin), while RFC 5545
defines an observance's DTSTART as the wall time in TZOFFSETFROM (02:00).

Changes are found at the instants the zone's TZif file lists (tzif.py) and read off
zoneinfo on both sides of each; sampling zoneinfo every 12 hours is the fallback where the
file cannot be read with certainty.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from planner.api import EARLIEST, LATEST

from .tzif import Transitions, transitions
from .yearly import compact

# Local dates EARLIEST..LATEST, in any offset (-12 to +14 h), sessions running past midnight.
SPAN_START = datetime.combine(EARLIEST - timedelta(days=2), time(0), tzinfo=UTC)
SPAN_END = datetime.combine(LATEST + timedelta(days=3), time(0), tzinfo=UTC)
FAR_PAST = datetime(2, 1, 1, tzinfo=UTC)
LOOKBACK = timedelta(days=400)  # how far the sampling fallback looks for the state in force
STEP = timedelta(hours=12)  # no zone changes twice within half a day in modern tzdata
SECOND = timedelta(seconds=1)


class Observance(NamedTuple):
    """One STANDARD or DAYLIGHT sub-component."""

    onset: datetime  # naive wall time in offset_from, as RFC 5545 wants DTSTART
    offset_from: timedelta
    offset_to: timedelta
    name: str  # TZNAME, e.g. "CET" or "+1030"
    daylight: bool
    rule: str | None = None  # RRULE value: the onset repeats by a yearly rule
    dates: tuple[datetime, ...] = ()  # RDATE values: every onset, DTSTART's included

    @property
    def instant(self) -> datetime:
        return (self.onset - self.offset_from).replace(tzinfo=UTC)


@lru_cache(maxsize=128)
def canonical(zone_name: str) -> tuple[Observance, ...]:
    """The zone's VTIMEZONE observances, the same for every plan: compact (yearly.py) and
    correct for every instant from SPAN_START to SPAN_END."""
    zone = ZoneInfo(zone_name)
    return compact(in_force(zone, SPAN_START), changes(zone, SPAN_START, SPAN_END), SPAN_END)


def in_force(zone: tzinfo, instant: datetime) -> Observance:
    """The observance in force at `instant`: its real onset, or a lead-in from `instant` on.

    It is written as STANDARD: before a zone's first onset dateutil (vobject, Radicale)
    reads it by its first STANDARD observance."""
    earlier = listed_changes(zone, transitions(getattr(zone, "key", None)), FAR_PAST, instant)
    if earlier is None:
        earlier = sampled_changes(zone, instant - LOOKBACK, instant)
    if earlier:
        return earlier[-1]._replace(daylight=False)
    offset, name, _ = _state(zone, instant)
    lead_in = datetime.combine(instant.date(), time(0))
    return Observance(lead_in, offset, offset, name, False)


def changes(zone: tzinfo, start: datetime, end: datetime) -> list[Observance]:
    """Every change of offset, name or DST flag in (start, end), in order.

    A zone can only change at the instants its TZif file lists (see tzif.py); the states
    on both sides of each come from zoneinfo. Without usable TZif data, or if the file's
    TZ string and zoneinfo disagree, the zone is sampled every STEP instead.
    """
    found = listed_changes(zone, transitions(getattr(zone, "key", None)), start, end)
    return sampled_changes(zone, start, end) if found is None else found


def _state(zone: tzinfo, instant: datetime) -> tuple[timedelta, str, bool]:
    local = instant.astimezone(zone)
    offset = local.utcoffset()
    if offset is None:  # astimezone gives an aware time, so only a broken tzinfo does this
        raise ValueError(f"{zone!r} gives no UTC offset for {instant}")
    return offset, local.tzname() or "", bool(local.dst())


def _observance(instant: datetime, previous: tuple, new: tuple) -> Observance:
    """The observance of a change at `instant` from state `previous` to state `new`."""
    offset_changed, flag_changed = new[0] != previous[0], new[2] != previous[2]
    # Into or out of daylight saving time, DAYLIGHT is the later offset: tzdata marks Irish
    # winter time as (negative) DST, but readers such as Outlook expect DAYLIGHT in summer.
    # Other changes (local mean time to standard time, double summer time) keep the flag.
    daylight = new[0] > previous[0] if offset_changed and flag_changed else new[2]
    return Observance(onset=(instant + previous[0]).replace(tzinfo=None),
                      offset_from=previous[0], offset_to=new[0], name=new[1],
                      daylight=daylight)


def listed_changes(zone: tzinfo, listed: Transitions | None, start: datetime,
                   end: datetime) -> list[Observance] | None:
    """`changes` at the instants `listed` (tzif.py); None if they do not fit the zone."""
    if listed is None:
        return None
    found = []
    for instant, from_rule in listed.between(start, end):
        previous, new = _state(zone, instant - SECOND), _state(zone, instant)
        if previous != new:
            found.append(_observance(instant, previous, new))
        elif from_rule:
            # Each change of the TZ string's rule is a real one, so zoneinfo reads the string
            # otherwise (CPython puts a zero-based day "n" a day early): sample it instead.
            return None
    return found


def _change_at(zone: tzinfo, before: datetime, after: datetime) -> tuple[datetime, Observance]:
    """The change in (before, after] (states differ), found to the second: instant, observance."""
    old = _state(zone, before)
    low, high = before, after
    while high - low > SECOND:
        middle = (low + (high - low) // 2).replace(microsecond=0)
        if middle <= low:
            middle = low + SECOND
        if _state(zone, middle) == old:
            low = middle
        else:
            high = middle
    return high, _observance(high, _state(zone, high - SECOND), _state(zone, high))


def sampled_changes(zone: tzinfo, start: datetime, end: datetime,
                    step: timedelta = STEP) -> list[Observance]:
    """`changes` by sampling every `step` and bisecting where the state differs."""
    found: list[Observance] = []
    cursor, state = start, _state(zone, start)
    while cursor < end:
        step_end = min(cursor + step, end)
        if _state(zone, step_end) != state:
            instant, change = _change_at(zone, cursor, step_end)  # cursor < instant <= step_end
            if instant >= end:
                break
            found.append(change)
            cursor, state = instant, _state(zone, instant)
            continue
        cursor = step_end
    return found
