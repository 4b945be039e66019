"""Where a zone may change its offset, read from its TZif file (RFC 8536; stdlib only).

zones.py needs every change of a zone from 1900 to 2200, the dates plans may use. Sampling
zoneinfo every 12 hours for them costs some 350 ms per zone, and coarser sampling would miss
short breaks (tzdata has week-long ones, e.g. Gaza's for Ramadan).
A zone's offset, name and DST flag can only change at the transition times its TZif file
lists, and after the last of them at the yearly changes of the file's TZ string. This
module lists those instants; zones.py asks zoneinfo for the state on both sides of each,
so the file only says where to look, never what the zone's offsets are.

The file is found the way zoneinfo finds it (zoneinfo.TZPATH, then the tzdata package).
`transitions` gives None for anything it cannot read with certainty (no file, leap-second
data, a TZ string it does not parse); zones.py then samples zoneinfo instead.
"""

from __future__ import annotations

import bisect
import calendar
import os
import re
import struct
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_FIRST = datetime(2, 1, 1, tzinfo=UTC)  # instants outside [_FIRST, _LAST) are dropped
_LAST = datetime(9998, 1, 1, tzinfo=UTC)
_EPOCH_DAY = date(1970, 1, 1).toordinal()

_NAME = r"[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?"
_DAY = r"J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d"
_TZ_STRING = re.compile(
    rf"(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?"
    rf",(?P<start>{_DAY})(?:/(?P<start_time>{_OFFSET}))?"
    rf",(?P<end>{_DAY})(?:/(?P<end_time>{_OFFSET}))?)?", re.ASCII)


class Transitions:
    """The instants at which one zone may change: its TZif table, then its TZ string's rule."""

    def __init__(self, table: list[datetime], rule: YearlyRule | None):
        self.table = table  # sorted, aware (UTC)
        self.rule = rule  # yearly changes after the table's last instant, or None

    def between(self, start: datetime, end: datetime) -> list[tuple[datetime, bool]]:
        """(instant, from the rule?) for each possible change in (start, end), in order."""
        table = self.table
        found = [(t, False) for t in table[bisect.bisect_right(table, start):
                                             bisect.bisect_left(table, end)]]
        if self.rule is not None:
            last = table[-1] if table else _FIRST
            first_year = max(start.year, last.year, _FIRST.year + 1) - 1
            for year in range(first_year, min(end.year, _LAST.year - 1) + 2):
                found += [(t, True) for t in self.rule.instants(year)
                          if start < t < end and t > last]
            found.sort()
        return found


class YearlyRule:
    """A POSIX TZ string's daylight-saving rule: two changes a year."""

    def __init__(self, std_offset: int, dst_offset: int, start: tuple, start_time: int,
                 end: tuple, end_time: int):
        self.std_offset, self.dst_offset = std_offset, dst_offset  # seconds east of UTC
        self.start, self.start_time, self.end, self.end_time = start, start_time, end, end_time

    def instants(self, year: int) -> tuple[datetime, datetime]:
        # The change to DST is at a wall time in standard time, the change back in DST.
        start = _day(self.start, year) + self.start_time - self.std_offset
        end = _day(self.end, year) + self.end_time - self.dst_offset
        return EPOCH + timedelta(seconds=start), EPOCH + timedelta(seconds=end)


def _day(spec: tuple, year: int) -> int:
    """Seconds from the epoch to local midnight of a rule's day in `year`."""
    kind, *numbers = spec
    if kind == "J":  # Jn: day n of 365, February 29 never counted
        (n,) = numbers
        day = date(year, 1, 1).toordinal() + n - 1 + (calendar.isleap(year) and n >= 60)
    elif kind == "n":  # n: zero-based day of the year, February 29 counted
        (n,) = numbers
        day = date(year, 1, 1).toordinal() + n
    else:  # Mm.w.d: weekday d (0 = Sunday) of week w (5 = the last) of month m
        month, week, weekday = numbers
        first = date(year, month, 1)
        number = 1 + (weekday - (first.weekday() + 1)) % 7 + 7 * (week - 1)
        if number > calendar.monthrange(year, month)[1]:
            number -= 7
        day = first.toordinal() + number - 1
    return (day - _EPOCH_DAY) * 86400


def _seconds(text: str | None, default: int) -> int:
    """[+-]hh[:mm[:ss]] as seconds."""
    if text is None:
        return default
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")]
    # hh, hh:mm or hh:mm:ss: the parts pair with the leading units
    return sign * sum(part * unit for part, unit in zip(parts, (3600, 60, 1), strict=False))


def _day_spec(text: str) -> tuple | None:
    if text.startswith("M"):
        month, week, weekday = (int(part) for part in text[1:].split("."))
        if 1 <= month <= 12 and 1 <= week <= 5 and 0 <= weekday <= 6:
            return ("M", month, week, weekday)
        return None
    if text.startswith("J"):
        n = int(text[1:])
        return ("J", n) if 1 <= n <= 365 else None
    n = int(text)
    return ("n", n) if 0 <= n <= 365 else None


def parse_tz_string(text: str) -> tuple[bool, YearlyRule | None]:
    """(understood?, rule): rule None for a zone without daylight saving time."""
    match = _TZ_STRING.fullmatch(text)
    if match is None:
        return False, None
    if match["dst"] is None:
        return True, None
    std_offset = -_seconds(match["std_offset"], 0)
    dst_offset = -_seconds(match["dst_offset"], -std_offset - 3600)
    start, end = _day_spec(match["start"]), _day_spec(match["end"])
    if start is None or end is None:
        return False, None
    return True, YearlyRule(std_offset, dst_offset, start, _seconds(match["start_time"], 7200),
                       end, _seconds(match["end_time"], 7200))


def parse_tzif(data: bytes) -> Transitions | None:
    """The transitions in TZif data, or None where this reading could be incomplete."""
    header = struct.Struct(">4sc15x6l")
    if len(data) < header.size:
        return None
    magic, version, isut, isstd, leaps, count, types, chars = header.unpack_from(data)
    if magic != b"TZif" or leaps:  # leap-second ("right/") data: times are not POSIX time
        return None
    if version < b"2":  # no TZ string for the years after the table: let the caller sample
        return None
    # Skip the 32-bit block for the 64-bit one and the TZ string after it.
    offset = header.size + count * 5 + types * 6 + chars + leaps * 8 + isstd + isut
    magic, version, isut, isstd, leaps, count, types, chars = header.unpack_from(data, offset)
    if magic != b"TZif" or leaps:
        return None
    offset += header.size
    times = struct.unpack_from(f">{count}q", data, offset)
    offset += count * 9 + types * 6 + chars + leaps * 12 + isstd + isut
    lines = data[offset:].split(b"\n")
    if len(lines) < 3 or lines[0]:
        return None
    footer = lines[1].decode("ascii", "replace")
    table = [EPOCH + timedelta(seconds=t) for t in times
             if _FIRST.timestamp() <= t < _LAST.timestamp()]
    if list(times) != sorted(times):
        return None
    rule = None
    if footer:  # empty: no rule after the table
        understood, rule = parse_tz_string(footer)
        if not understood:
            return None
    return Transitions(table, rule)


@lru_cache(maxsize=64)
def transitions(key: str | None) -> Transitions | None:
    """The possible changes of zone `key` as zoneinfo reads it, or None if not known for sure."""
    if not key or os.path.isabs(key) or ".." in key.split("/"):
        return None
    data = None
    for folder in zoneinfo.TZPATH:
        path = os.path.join(folder, key)
        if os.path.isfile(path):
            with open(path, "rb") as handle:
                data = handle.read()
            break
    else:
        try:
            from importlib import resources

            *folders, name = key.split("/")
            package = ".".join(["tzdata.zoneinfo", *folders])
            data = resources.files(package).joinpath(name).read_bytes()
        except Exception:  # noqa: BLE001 - no tzdata package or no such file there
            return None
    try:
        return parse_tzif(data)
    except (struct.error, ValueError, OverflowError):
        return None
