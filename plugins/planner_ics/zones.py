"""Observances for a compact VTIMEZONE, read off the IANA database with zoneinfo (stdlib only).

Why not icalendar's own generator (`Timezone.from_tzid`, `add_missing_timezones`): it
writes the onset of a spring-forward change in the *new* offset's wall time (03:00 for
Berlin), while RFC 5545 defines an observance's DTSTART as the wall time in TZOFFSETFROM
(02:00); and, bounded to a range, it writes a first observance with only a DTSTART, which
the `ical` parser ignores (it takes onsets from RRULE/RDATE only), leaving no offset at all.

What readers were found to need, and what this module therefore produces:

* Rule form, used when the zone's changes around the plan follow yearly rules (most zones
  with daylight saving time): one STANDARD and one DAYLIGHT observance, each with an RRULE
  (BYMONTH=3;BYDAY=-1SU, or BYDAY=FR;BYMONTHDAY=23,...,29 for tzdata's "Fri>=23"), starting
  in the first year of the rules' current era. That is the form Outlook, Apple and Google
  write, and it is identical for every plan in the zone. This matters because vobject (in
  Radicale) and icalendar (in khal) keep one process-wide tzinfo per TZID, taken from the
  first VTIMEZONE they read: a VTIMEZONE cut to one plan's weeks misplaced another plan's
  events by an hour in both (seen in tests/test_ics_clients.py).
* Explicit form, for zones whose changes do not follow such rules in the plan's range
  (e.g. Morocco's Ramadan changes): one observance per real change in the range, preceded by
  the one in force when the plan starts and a STANDARD lead-in (see `_explicit_form`), each
  onset given as DTSTART and again as RDATE.
* Fixed form, for zones without changes around the plan: one observance since the zone's
  last change (or 1970), DTSTART again given as RDATE.

The rule check reads some sixty years of a zone's changes. They are found at the instants
the zone's TZif file lists (tzif.py) and read off zoneinfo on both sides of each, which
takes a millisecond or two; sampling zoneinfo every 12 hours took 30-50 ms per zone and
remains the fallback where the file cannot be read with certainty.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .tzif import transitions as _transitions

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LOOKBACK = timedelta(days=400)  # long enough to find the last change of any yearly rule
STEP = timedelta(hours=12)  # no zone changes twice within half a day in modern tzdata
SECOND = timedelta(seconds=1)
RULE_YEARS = 30
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Observance(NamedTuple):
    """One STANDARD or DAYLIGHT sub-component."""

    onset: datetime  # naive wall time in offset_from, as RFC 5545 wants DTSTART
    offset_from: timedelta
    offset_to: timedelta
    name: str  # TZNAME, e.g. "CET" or "+1030"
    daylight: bool
    rule: str | None = None  # RRULE value of the rule form; None: the onset is the only one

    @property
    def instant(self) -> datetime:
        return (self.onset - self.offset_from).replace(tzinfo=UTC)


def observances(zone_name: str, first: datetime, last: datetime) -> list[Observance]:
    """Observances that let a reader place every instant from `first` to `last` (aware)."""
    first, last = first.astimezone(UTC), last.astimezone(UTC)
    return list(_rule_form(zone_name, first.year, last.year)
                or _explicit_form(ZoneInfo(zone_name), first, last))


def _state(zone: tzinfo, instant: datetime) -> tuple[timedelta, str, bool]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.tzname() or "", bool(local.dst())


def _change_at(zone: tzinfo, before: datetime, after: datetime) -> tuple[datetime, Observance]:
    """The change in (before, after] (states differ), found to the second: instant, observance."""
    old = _state(zone, before)
    low, high = before, after
    while high - low > timedelta(seconds=1):
        middle = (low + (high - low) // 2).replace(microsecond=0)
        if middle <= low:
            middle = low + timedelta(seconds=1)
        if _state(zone, middle) == old:
            low = middle
        else:
            high = middle
    return high, _observance(high, _state(zone, high - SECOND), _state(zone, high))


def _observance(instant: datetime, previous: tuple, new: tuple) -> Observance:
    """The observance of a change at `instant` from state `previous` to state `new`."""
    # DAYLIGHT when the clocks go forward. tzdata marks Irish winter time as (negative)
    # daylight saving time, but readers such as Outlook expect DAYLIGHT to be the later offset.
    daylight = new[0] > previous[0] if new[0] != previous[0] else new[2]
    return Observance(onset=(instant + previous[0]).replace(tzinfo=None),
                      offset_from=previous[0], offset_to=new[0], name=new[1],
                      daylight=daylight)


def _changes(zone: tzinfo, start: datetime, end: datetime, step: timedelta = STEP) -> list[Observance]:
    """Every change of offset, name or DST flag in (start, end), in order.

    A zone can only change at the instants its TZif file lists (see tzif.py); the states
    on both sides of each come from zoneinfo. Without usable TZif data, or if the file's
    TZ string and zoneinfo disagree, the zone is sampled every `step` instead.
    """
    found = _listed_changes(zone, _transitions(getattr(zone, "key", None)), start, end)
    return _scan(zone, start, end, step) if found is None else found


def _listed_changes(zone: tzinfo, transitions, start: datetime,
                    end: datetime) -> list[Observance] | None:
    """`_changes` at the instants of `transitions`; None if they do not fit the zone."""
    if transitions is None:
        return None
    found = []
    for instant, from_rule in transitions.between(start, end):
        previous, new = _state(zone, instant - SECOND), _state(zone, instant)
        if previous != new:
            found.append(_observance(instant, previous, new))
        elif from_rule:
            # Each change of the TZ string's rule is a real one, so zoneinfo reads the string
            # otherwise (CPython puts a zero-based day "n" a day early): sample it instead.
            return None
    return found


def _scan(zone: tzinfo, start: datetime, end: datetime, step: timedelta = STEP) -> list[Observance]:
    """`_changes` by sampling every `step` and bisecting where the state differs."""
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


def _year_start(year: int) -> datetime:
    return datetime(max(year, 1), 1, 1, tzinfo=UTC)


# ------------------------------------------------------------------ rule form

class _Rule(NamedTuple):
    daylight: bool
    offset_from: timedelta
    offset_to: timedelta
    name: str
    month: int
    weekday: int  # 0 = Monday
    # Which weekday of the month: the nth (1..4), the last (-1), or (0) the first on or
    # after day `after` (tzdata's "Fri>=23", as for Israel, Chile and Greenland).
    ordinal: int
    after: int
    at: time  # wall time in offset_from

    def onset(self, year: int) -> datetime:
        if self.ordinal < 0:
            end = date(year, self.month, calendar.monthrange(year, self.month)[1])
            day = end - timedelta(days=(end.weekday() - self.weekday) % 7)
        else:
            first = date(year, self.month, self.after if self.ordinal == 0 else 7 * self.ordinal - 6)
            day = first + timedelta(days=(self.weekday - first.weekday()) % 7)
        return datetime.combine(day, self.at)

    def rrule(self) -> str:
        weekday = WEEKDAYS[self.weekday]
        if self.ordinal:
            return f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={self.ordinal}{weekday}"
        days = ",".join(str(self.after + k) for k in range(7))
        return f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={weekday};BYMONTHDAY={days}"

    def observance(self, year: int, with_rule: bool = False) -> Observance:
        return Observance(self.onset(year), self.offset_from, self.offset_to, self.name,
                          self.daylight, self.rrule() if with_rule else None)


def _expand(rules: tuple[_Rule, ...], start: datetime, end: datetime) -> list[Observance]:
    onsets = [rule.observance(year) for rule in rules
              for year in range(start.year - 1, end.year + 2)]
    return sorted((o for o in onsets if start <= o.instant < end), key=lambda o: o.instant)


def _fit(changes: list[Observance]) -> tuple[_Rule, ...] | None:
    """Two yearly rules (nth or last weekday of a month) that produce exactly `changes`."""
    groups: dict[tuple, list[date]] = {}
    for change in changes:
        key = (change.daylight, change.offset_from, change.offset_to, change.name,
               change.onset.month, change.onset.weekday(), change.onset.time())
        groups.setdefault(key, []).append(change.onset.date())
    if len(groups) != 2 or any(len(days) < 2 for days in groups.values()):
        return None
    rules = []
    for (daylight, offset_from, offset_to, name, month, weekday, at), days in groups.items():
        nths = {(d.day - 1) // 7 + 1 for d in days}
        after = min(d.day for d in days)
        if len(nths) == 1 and min(nths) <= 4:
            ordinal = min(nths)
        elif all(d.day + 7 > calendar.monthrange(d.year, d.month)[1] for d in days):
            ordinal = -1
        elif max(d.day for d in days) <= after + 6:
            ordinal = 0
        else:
            return None
        rules.append(_Rule(daylight, offset_from, offset_to, name, month, weekday, ordinal,
                           after, at))
    return tuple(rules)


@lru_cache(maxsize=64)
def _rule_form(zone_name: str, first_year: int, last_year: int) -> tuple[Observance, ...] | None:
    zone = ZoneInfo(zone_name)
    # Fit and check the rules over RULE_YEARS after the plan too: the Gregorian calendar
    # repeats its weekdays every 28 years, so a rule that holds that long is the zone's rule
    # and not a coincidence of a few years (e.g. 4th Friday for Israel's "Friday >= 23").
    start, end = _year_start(first_year - 1), _year_start(last_year + RULE_YEARS)
    window = _changes(zone, start, end)
    if not window:
        return (_fixed(zone, start),)
    rules = _fit(window)
    if rules is None or all(r.daylight for r in rules) or _expand(rules, start, end) != window:
        return None
    # Walk back while earlier years follow the same rules: every plan in this era of the
    # zone then gets the very same VTIMEZONE.
    era = first_year - 1
    while era > EPOCH.year:
        year_start, year_end = _year_start(era - 1), _year_start(era)
        if _expand(rules, year_start, year_end) != _changes(zone, year_start, year_end):
            break
        era -= 1
    return tuple(sorted((rule.observance(era, with_rule=True) for rule in rules),
                        key=lambda o: o.onset))


def _fixed(zone: tzinfo, before: datetime) -> Observance:
    """The observance in force at `before`, for a zone without changes near it."""
    floor = min(EPOCH, before - LOOKBACK)
    earlier = _changes(zone, floor, before, step=timedelta(days=7))
    if earlier:
        # A lone observance is STANDARD: dateutil (vobject) needs one for earlier times.
        return earlier[-1]._replace(daylight=False)
    offset, name, _ = _state(zone, before)
    return Observance(floor.replace(tzinfo=None), offset, offset, name, False)


# -------------------------------------------------------------- explicit form

def _explicit_form(zone: tzinfo, first: datetime, last: datetime) -> list[Observance]:
    """A lead-in, the observance in force at `first`, then every change up to `last`.

    Before its first onset dateutil (vobject, Radicale) reads a zone by its first STANDARD
    observance, and vobject drops a VTIMEZONE that reads as UTC over 2000-2020, leaving
    the events' TZID unknown. So a STANDARD observance with the zone's standard offset at
    `first` (Morocco: +01, not its Ramadan +00) leads, onset 1970-01-01.
    """
    before = _changes(zone, first - LOOKBACK, first + timedelta(seconds=1))
    in_force = before[-1] if before else _fixed(zone, first - LOOKBACK)
    later = _changes(zone, first + timedelta(seconds=1), last + timedelta(seconds=1))
    lead_in_onset = EPOCH.replace(tzinfo=None)
    if in_force.onset <= lead_in_onset:
        return [in_force, *later]
    local = first.astimezone(zone)
    standard = local.utcoffset() - (local.dst() or timedelta(0))
    names = [c.name for c in reversed(before) if c.offset_to == standard]
    lead_in = Observance(lead_in_onset, standard, standard, names[0] if names else "", False)
    return [lead_in, in_force, *later]
