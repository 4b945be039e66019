"""A zone's changes as few observances: RRULE where a yearly rule holds, RDATE elsewhere.

Changes of the same kind (offsets, name, DST flag) on the same weekday, month and wall time
in consecutive years form a run when one yearly rule gives all their dates: the nth (1-4)
or last weekday of the month (BYDAY=-1SU), or the first weekday on or after a day
(BYDAY=FR;BYMONTHDAY=23,...,29 for tzdata's "Fri>=23"). A run of MIN_YEARS or more is one
observance with an RRULE; every other change is an RDATE of the observance that collects
its kind. Each change is thus given exactly once, so the result places every instant like
the changes do.

A run that lasts to the end of the span (the zone's current rule) has an open RRULE; an
earlier one ends with COUNT. Not UNTIL: RFC 5545 wants it in UTC, which the `ical` parser
rejects for a local DTSTART and dateutil (vobject, Radicale) compares with local onsets,
dropping the run's last change in zones east of UTC.

Stdlib only; observances are anything with Observance's fields (zones.py).
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

# From six years on, a run's observance (about 150 bytes) is shorter than its RDATE lines
# (23 bytes each); shorter runs are rarely a rule anyway.
MIN_YEARS = 6
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class Rule(NamedTuple):
    """A yearly date: which `weekday` (0 = Monday) of `month`, at wall time `at`."""

    month: int
    weekday: int
    # The nth (1..4) or last (-1) such weekday of the month, or (0) the first on or after
    # day `after`.
    ordinal: int
    after: int
    at: time

    def onset(self, year: int) -> datetime:
        length = calendar.monthrange(year, self.month)[1]
        if self.ordinal < 0:
            end = date(year, self.month, length)
            day = end - timedelta(days=(end.weekday() - self.weekday) % 7)
        else:
            earliest = self.after if self.ordinal == 0 else 7 * self.ordinal - 6
            first = date(year, self.month, earliest)
            day = first + timedelta(days=(self.weekday - first.weekday()) % 7)
        return datetime.combine(day, self.at)

    def rrule(self, count: int | None) -> str:
        weekday = WEEKDAYS[self.weekday]
        if self.ordinal:
            text = f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={self.ordinal}{weekday}"
        else:
            days = ",".join(str(self.after + k) for k in range(7))
            text = f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={weekday};BYMONTHDAY={days}"
        return text if count is None else f"{text};COUNT={count}"


def _fits(onset: datetime) -> set[tuple[int, int]]:
    """(ordinal, after) of every Rule that falls on this onset's day."""
    day, length = onset.day, calendar.monthrange(onset.year, onset.month)[1]
    fits = {(0, after) for after in range(max(1, day - 6), day + 1) if after + 6 <= length}
    if day <= 28:
        fits.add(((day - 1) // 7 + 1, 0))
    if day + 7 > length:
        fits.add((-1, 0))
    return fits


def _preferred(fits: set[tuple[int, int]]) -> tuple[int, int]:
    """nth weekday, then last weekday, then "on or after", as tzdata and most writers use."""
    return min(fits, key=lambda fit: (fit[0] <= 0, fit[0] == 0, fit))


def _runs(group: list) -> list[tuple[list, tuple[int, int] | None]]:
    """Split changes of one kind, weekday, month and time (in order) into runs of
    consecutive years that one rule gives, with that rule's (ordinal, after).

    Runs are grown from the latest change back, so the zone's current rule gets every year
    it holds for: Israel's "Fri>=23" from 2013 on, although 2013-2017 would also extend a
    run begun with 2012's different date."""
    runs: list[tuple[list, tuple[int, int] | None]] = []
    run: list = []
    fits: set[tuple[int, int]] = set()
    for change in reversed(group):
        new = _fits(change.onset)
        if run and change.onset.year == run[-1].onset.year - 1 and fits & new:
            run.append(change)
            fits &= new
            continue
        if run:
            runs.append((run[::-1], _preferred(fits) if fits else None))
        run, fits = [change], new
    if run:
        runs.append((run[::-1], _preferred(fits) if fits else None))
    return runs[::-1]


def compact(in_force, changes: list, end: datetime) -> tuple:
    """Observances for the one `in_force` at the start, then `changes` (in order) up to
    `end` (aware): each yearly run an RRULE, the rest RDATEs grouped by kind."""
    groups: dict[tuple, list] = {}
    for change in changes:
        onset = change.onset
        key = (change.daylight, change.offset_from, change.offset_to, change.name,
               onset.month, onset.weekday(), onset.time())
        groups.setdefault(key, []).append(change)
    observances, singles = [], [in_force]
    for (*_, month, weekday, at), group in groups.items():
        for run, fit in _runs(group):
            if fit is None or len(run) < MIN_YEARS:
                singles.extend(run)
                continue
            rule = Rule(month, weekday, *fit, at)
            if [rule.onset(c.onset.year) for c in run] != [c.onset for c in run]:
                singles.extend(run)  # cannot happen: each onset fits the rule
                continue
            last = run[-1]
            following = rule.onset(last.onset.year + 1) - last.offset_from
            is_current = following.replace(tzinfo=end.tzinfo) >= end
            observances.append(run[0]._replace(rule=rule.rrule(None if is_current else len(run))))
    kinds: dict[tuple, list] = {}
    for change in sorted(singles, key=lambda c: c.instant):
        kinds.setdefault((change.daylight, change.offset_from, change.offset_to, change.name),
                         []).append(change)
    for same in kinds.values():
        observances.append(same[0]._replace(dates=tuple(c.onset for c in same)))
    return tuple(sorted(observances, key=lambda o: o.instant))
