"""One VTIMEZONE per zone: the same in every plan, right for every date a plan may use.

vobject (in Radicale) and icalendar (in khal) keep the first VTIMEZONE they read for a TZID
for the rest of the process. A VTIMEZONE cut to one plan's weeks then misplaces a later
plan's events in that zone by an hour. Here plans years apart in one zone carry the very
same VTIMEZONE, three readers of it agree with zoneinfo from 1900 to 2200, and one Radicale
process and one khal import place the events of both plans at their sessions' instants.
"""

from __future__ import annotations

import zoneinfo
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream
from ical.timezone import IcsTimezoneInfo

from planner.dates import EARLIEST, LATEST
from planner_ics import IcsExporter
from test_ics_clients import (
    KHAL,
    KHAL_CONFIG,
    assert_stored_at,
    caldav_objects,
    khal,
    running_radicale,
    sessions,
    upload,
    utc_span,
    variants,
)
from test_zones import TRICKY_ZONES

from conftest import make_plan

EXPORTER = IcsExporter()
SECOND = timedelta(seconds=1)

# Two plans per zone, years apart, each across changes that differ between the years:
# Berlin's summer time ended on 30 September in 1990 and ends on 27 October in 2030;
# Morocco's Ramadan time ran 7 February to 14 March 2027 and 23 January to 5 March 2028.
PLANS = {
    "berlin-1990": ("Europe/Berlin", date(1990, 9, 24), 5),
    "berlin-2030": ("Europe/Berlin", date(2030, 9, 30), 5),
    "casablanca-2027": ("Africa/Casablanca", date(2027, 2, 1), 7),
    "casablanca-2028": ("Africa/Casablanca", date(2028, 1, 17), 8),
}
ZONES = {"Europe/Berlin": ["berlin-1990", "berlin-2030"],
         "Africa/Casablanca": ["casablanca-2027", "casablanca-2028"]}
BUILD = ["build", "--days", "mon,thu", "--time", "07:00", "--minutes", "40", "--format", "ics"]

# Besides TRICKY_ZONES: local mean time with seconds into the 20th century (Amsterdam,
# Kathmandu, Casablanca), changes of standard time (Moscow, Caracas, Pyongyang, Nuuk),
# double summer time (St. John's 1988), the date line (Kiritimati, Apia), -11 (Pago Pago).
SPAN_ZONES = sorted({*TRICKY_ZONES, "Europe/Amsterdam", "Asia/Kathmandu", "Europe/Moscow",
                     "America/Caracas", "Asia/Pyongyang", "America/St_Johns",
                     "Pacific/Kiritimati", "Pacific/Pago_Pago", "Antarctica/Casey"})


def plan_of(case: str):
    zone, start, weeks = PLANS[case]
    return make_plan(name=case, start=start, timezone=zone, weeks=weeks, days=("mon", "thu"),
                     time=time(7, 0), minutes=40)


def vtimezone_bytes(data: bytes) -> bytes:
    start = data.index(b"BEGIN:VTIMEZONE\r\n")
    end = data.index(b"END:VTIMEZONE\r\n") + len(b"END:VTIMEZONE\r\n")
    assert data.count(b"BEGIN:VTIMEZONE") == 1
    return data[start:end]


# ------------------------------------------------------------------ one definition a zone

def test_plans_years_apart_carry_the_same_vtimezone(cli, tmp_path):
    """Through `planner build`: the VTIMEZONE of a zone is byte-identical in every plan,
    and so is that of one-week plans at the first and last dates a plan may use."""
    blocks: dict[str, set[bytes]] = {}
    for case, (zone, start, weeks) in PLANS.items():
        result = cli(*BUILD, "--tz", zone, "--start", start.isoformat(), "--weeks", str(weeks),
                     "--name", case)
        assert result.code == 0, result.err
        blocks.setdefault(zone, set()).add(vtimezone_bytes((tmp_path / f"{case}.ics").read_bytes()))
    last_monday = LATEST - timedelta(days=LATEST.weekday())
    for zone in ZONES:
        for start in (EARLIEST, last_monday):
            plan = make_plan(start=start, timezone=zone, weeks=1, days=("mon",), time=time(12))
            blocks[zone].add(vtimezone_bytes(EXPORTER.render(plan, {})))
    assert {zone: len(found) for zone, found in blocks.items()} == {zone: 1 for zone in ZONES}
    berlin, casablanca = (blocks[zone].pop().decode() for zone in ZONES)
    assert berlin != casablanca
    # Compact: the current rule repeats, Morocco's changes are dates.
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r\n" in berlin
    assert "RDATE:20270207T030000\r\n" in casablanca and "RDATE:20280305T020000\r\n" in casablanca


def test_every_zone_gets_a_small_vtimezone():
    """Every zone of the database, read from its TZif file, in at most a few kilobytes."""
    from planner_ics.vtimezone import vtimezone

    sizes = {name: len(vtimezone(name).to_ical())
             for name in sorted(zoneinfo.available_timezones())}
    assert max(sizes.values()) < 12_000, max(sizes, key=sizes.get)
    assert sizes["Europe/Berlin"] < 2_500 and sizes["Asia/Tokyo"] < 1_000


# ------------------------------------------------------------------ right from 1900 to 2200

def zoneinfo_changes(zone: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """Each instant in (start, end) where zoneinfo's offset changes, independently of
    zones.py (which reads the TZif file): sampled every other day, then bisected to the
    second. The database's quickest change and change back (Freetown, 1939) took 4 days."""
    found, cursor, offset = [], start, start.astimezone(zone).utcoffset()
    while cursor < end:
        following = min(cursor + timedelta(days=2), end)
        if following.astimezone(zone).utcoffset() == offset:
            cursor = following
            continue
        low, high = cursor, following
        while high - low > SECOND:
            middle = low + (high - low) // 2
            if middle.astimezone(zone).utcoffset() == offset:
                low = middle
            else:
                high = middle
        found.append(high)
        cursor, offset = high, high.astimezone(zone).utcoffset()
    return found


def readers(data: bytes):
    """The VTIMEZONE in `data` as `ical`, icalendar (khal) and vobject (Radicale) read it."""
    by_ical = IcsTimezoneInfo.from_timezone(
        IcsCalendarStream.calendar_from_ics(data.decode()).timezones[0])
    by_icalendar = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0].to_tz(
        lookup_tzid=False)
    by_vobject = vobject.readOne(data.decode()).vtimezone.gettzinfo()
    return {"ical": by_ical, "icalendar": by_icalendar, "vobject": by_vobject}


@pytest.mark.parametrize("name", SPAN_ZONES)
def test_vtimezone_places_every_wall_time_like_zoneinfo_from_1900_to_2200(name):
    """Under a TZID no reader knows, each reader turns wall times into zoneinfo's offsets:
    either side of each change, three hours after it and half-way to the next, for every
    change from 1900 to 2200. Repeated and skipped wall times are left out: the exporter
    writes times that near a change in UTC."""
    zone = ZoneInfo(name)
    plan = make_plan(start=date(2026, 3, 2), timezone=name, weeks=1, days=("mon",))
    data = EXPORTER.render(plan, {}).replace(name.encode(), b"Test/Renamed-Zone")
    tzinfos = readers(data)
    start = datetime.combine(EARLIEST, time(0), tzinfo=UTC) - timedelta(days=1)
    end = datetime.combine(LATEST, time(0), tzinfo=UTC) + timedelta(days=2)
    edges = [start, *zoneinfo_changes(zone, start, end), end]
    instants = set()
    for this, following in pairwise(edges):
        last = following - SECOND
        instants.update({this, last, min(this + timedelta(hours=3), last),
                         this + (following - this) // 2})
    checked = 0
    for instant in sorted(instants):
        local = instant.astimezone(zone)
        wall = local.replace(tzinfo=None)
        if len({wall.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1)}) > 1:
            continue
        for reader, tzinfo in tzinfos.items():
            assert wall.replace(tzinfo=tzinfo).utcoffset() == local.utcoffset(), (reader, wall)
        checked += 1
    assert checked >= 2 * (len(edges) - 2)


YEARS = [date(1900, 1, 1), date(1916, 4, 24), date(1945, 4, 2), date(1980, 3, 31),
         date(1995, 9, 18), date(2050, 10, 17), date(2200, 12, 1)]


@pytest.mark.parametrize("start", YEARS, ids=str)
@pytest.mark.parametrize("name", ["Europe/Berlin", "Africa/Casablanca", "America/New_York",
                                  "Asia/Kathmandu", "Europe/Moscow"])
def test_sessions_of_any_year_at_their_instants(name, start):
    """Every session's start and end, read by `ical` from the file's VTIMEZONE alone."""
    plan = make_plan(start=start, timezone=name, weeks=4, days=("mon", "thu", "sun"),
                     time=time(7, 30), minutes=45)
    data = EXPORTER.render(plan, {}).replace(name.encode(), b"Test/Renamed-Zone")
    events = IcsCalendarStream.calendar_from_ics(data.decode()).events
    for session, event in zip(sessions(plan), events, strict=True):
        begin = session.start.astimezone(UTC)
        assert event.dtstart.astimezone(UTC) == begin, session.start
        assert event.dtend.astimezone(UTC) == begin + timedelta(minutes=45), session.start


# ------------------------------------------------------------------ real clients, one process

@pytest.mark.slow
def test_one_radicale_process_places_plans_of_other_years_in_a_zone(tmp_path):
    """The earlier plan is uploaded first, so its VTIMEZONE is the one vobject keeps for
    the TZID; the later plan's events must still be where its sessions are."""
    with running_radicale(tmp_path) as radicale:
        for zone, cases in ZONES.items():
            for variant in ("real", "renamed"):
                for case in cases:
                    plan = plan_of(case)
                    objects = [(uid, variants(data, zone)[variant])
                               for uid, data in caldav_objects(EXPORTER.render(plan, {}))]
                    collection = f"/tester/{case}-{variant}/"
                    hrefs = upload(radicale, collection, objects)
                    for session in sessions(plan):
                        assert_stored_at(radicale, collection, hrefs[session.uid], session,
                                         f"{case} {variant}", ends=False)


@pytest.mark.slow
@pytest.mark.parametrize("zone", sorted(ZONES))
def test_one_khal_import_places_plans_of_other_years_in_a_zone(tmp_path, zone):
    """Both plans in one `khal import`, listed in UTC. khal reads a TZID it knows with pytz,
    not with the file's VTIMEZONE, and pytz's Morocco ends in 2026 (zoneinfo's runs to
    2087): with the real TZID there, only that khal takes every event is checked."""
    assert KHAL.exists(), "khal not installed next to the test's Python"
    for calendar in ("real", "renamed"):
        (tmp_path / calendar).mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(root=tmp_path, zone="UTC"))
    expected, paths = Counter(), {"real": [], "renamed": []}
    for case in ZONES[zone]:
        plan = plan_of(case)
        for calendar, data in variants(EXPORTER.render(plan, {}), zone).items():
            path = tmp_path / f"{case}-{calendar}.ics"
            path.write_bytes(data)
            paths[calendar].append(str(path))
            for session in sessions(plan):
                start, end = utc_span(session)
                expected[f"{calendar}|{session.uid}|{start:%Y-%m-%dT%H:%M%z}|"
                         f"{end:%Y-%m-%dT%H:%M%z}"] += 1
    for calendar, files in paths.items():  # both plans in one khal process
        khal(config, "import", "--batch", "-a", calendar, *files)
    listed = Counter()
    for calendar in paths:
        for case in ZONES[zone]:
            first = PLANS[case][1]
            output = khal(config, "list", "-a", calendar, "--day-format", "",
                          "--format", "{calendar}|{uid}|{start}|{end}",
                          first.isoformat(), (first + timedelta(weeks=12)).isoformat())
            listed.update(line for line in output.splitlines() if line.strip())
    if zone == "Africa/Casablanca":
        assert uids_of(listed, "real") == uids_of(expected, "real")
        listed, expected = (Counter({entry: count for entry, count in entries.items()
                                     if not entry.startswith("real|")})
                            for entries in (listed, expected))
    assert listed == expected


def uids_of(entries: Counter, calendar: str) -> Counter:
    return Counter(entry.split("|")[1] for entry in entries.elements()
                   if entry.startswith(f"{calendar}|"))
