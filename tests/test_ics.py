"""The `ics` exporter, read back with an independent strict parser (`ical`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from ical.calendar_stream import IcsCalendarStream

from planner.catalog import Catalog, load_catalog
from planner.errors import OptionError
from planner.plan import Plan
from planner.plan_file import plan_from_dict
from planner_ics import IcsExporter, register_exporters
from test_zones import TRICKY_ZONES

import conftest

EXPORTER = IcsExporter()

# (zone, first Monday, training days, time of day): each plan spans a DST change.
DST_PLANS = {
    # Europe springs forward on 2026-03-29 (Sunday).
    "berlin-spring": ("Europe/Berlin", date(2026, 3, 23), ("mon", "wed", "fri", "sun"), time(7, 0)),
    "berlin-fall": ("Europe/Berlin", date(2026, 10, 19), ("mon", "sat", "sun"), time(18, 30)),
    # The US falls back on 2026-11-01 (Sunday).
    "new-york-fall": ("America/New_York", date(2026, 10, 26), ("mon", "thu", "sun"), time(6, 45)),
    # Lord Howe shifts by 30 minutes: back on 2026-04-05, forward on 2026-10-04.
    "lord-howe-april": ("Australia/Lord_Howe", date(2026, 3, 30), ("tue", "sat", "sun"), time(7, 0)),
    "lord-howe-october": ("Australia/Lord_Howe", date(2026, 9, 28), ("mon", "sun"), time(9, 15)),
}

# Wall times next to a change: skipped ones (moved forward by the builder), repeated ones
# (the first occurrence), and a session whose end lies across the change.
EDGE_PLANS = {
    "berlin-skipped": ("Europe/Berlin", date(2026, 3, 23), ("sun",), time(2, 30)),
    "berlin-repeated": ("Europe/Berlin", date(2026, 10, 19), ("sun",), time(2, 30)),
    "berlin-across": ("Europe/Berlin", date(2026, 3, 23), ("sun",), time(1, 45)),
    "new-york-repeated": ("America/New_York", date(2026, 10, 26), ("sun",), time(1, 30)),
    "new-york-skipped": ("America/New_York", date(2026, 3, 2), ("sun",), time(2, 15)),
    "lord-howe-repeated": ("Australia/Lord_Howe", date(2026, 3, 30), ("sun",), time(1, 45)),
    "lord-howe-skipped": ("Australia/Lord_Howe", date(2026, 9, 28), ("sun",), time(2, 10)),
}

# Zones with other VTIMEZONE forms: fixed offset; irregular changes (Morocco's Ramadan
# time, Egypt's "last Thursday 24:00"); rules that are not an nth weekday (Israel: Friday
# >= 23, Chile: Sunday >= 2, Greenland: Saturday 23:00 before the last Sunday); negative
# DST in tzdata (Dublin); a 45-minute offset (Chatham).
OTHER_ZONES = {
    "utc": ("UTC", date(2026, 3, 23), ("mon", "thu"), time(7, 0)),
    "tokyo": ("Asia/Tokyo", date(2026, 3, 23), ("mon", "thu"), time(7, 0)),
    "casablanca": ("Africa/Casablanca", date(2026, 2, 9), ("mon", "thu"), time(7, 0)),
    "cairo": ("Africa/Cairo", date(2026, 10, 26), ("thu", "fri", "sat"), time(7, 0)),
    "jerusalem": ("Asia/Jerusalem", date(2026, 3, 23), ("mon", "fri"), time(7, 0)),
    "santiago": ("America/Santiago", date(2026, 3, 30), ("sat", "sun", "mon"), time(7, 0)),
    "nuuk": ("America/Nuuk", date(2026, 3, 23), ("sat", "sun"), time(7, 0)),
    "dublin": ("Europe/Dublin", date(2026, 10, 19), ("mon", "sun"), time(7, 0)),
    "chatham": ("Pacific/Chatham", date(2026, 9, 14), ("sun",), time(3, 0)),  # 03:00 is skipped
}

ALL_PLANS = {**DST_PLANS, **EDGE_PLANS, **OTHER_ZONES}


def make_plan(zone="Europe/Berlin", start=date(2026, 3, 23), days=("mon", "wed", "fri"),
              at=time(7, 0), weeks=2, **settings) -> Plan:
    return conftest.make_plan(start=start, timezone=zone, weeks=weeks, days=days, time=at,
                              **settings)


def case_plan(case: str) -> Plan:
    zone, start, days, at = ALL_PLANS[case]
    return make_plan(zone, start, days, at, name=case)


def parse(data: bytes):
    return IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


def unfolded_lines(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    # Every line break is CRLF: no bare CR or LF that a loose reader could split on.
    assert text.count("\r") == text.count("\n") == text.count("\r\n")
    return text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")[:-1]


def sessions(plan: Plan):
    return [session for _, session in plan.sessions()]


# ------------------------------------------------------------------ the file

def test_calendar_properties():
    plan = make_plan(name="Morning back")
    calendar = parse(EXPORTER.render(plan, {}))
    assert calendar.version == "2.0"
    # Not an iTIP message: no METHOD (PUBLISH would need an ORGANIZER, RFC 5546).
    assert calendar.method is None
    assert calendar.prodid.startswith("-//band-planner//")
    assert calendar.name == ["Morning back"]
    lines = unfolded_lines(EXPORTER.render(plan, {}))
    assert "X-WR-CALNAME:Morning back" in lines
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert [line for line in lines if line.startswith("VERSION")] == ["VERSION:2.0"]
    assert not any(line.startswith("METHOD") for line in lines)
    assert [tz.tz_id for tz in calendar.timezones] == ["Europe/Berlin"]


def escaped_text(text: str) -> str:
    """`text` as an RFC 5545 TEXT value (section 3.3.11)."""
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")


def check_calendar_name(data: bytes, name: str) -> None:
    """NAME and X-WR-CALNAME are TEXT: escaped as such, and read back as `name` exactly."""
    calendar = parse(data)
    assert calendar.name == [name]
    lines = unfolded_lines(data)
    assert f"NAME:{escaped_text(name)}" in lines
    assert f"X-WR-CALNAME:{escaped_text(name)}" in lines
    # `ical` keeps an X- property's text as written: read it as TEXT here.
    (x_name,) = [extra.value for extra in calendar.extras if extra.name == "x-wr-calname"]
    assert re.sub(r"\\(.)", lambda m: "\n" if m[1] in "nN" else m[1], x_name) == name


@pytest.mark.parametrize("name", ["Back; upper, mid", "a,b;c", ";", ",,;;", "Rücken, oben; unten"])
def test_calendar_name_with_separators_from_the_cli(cli, tmp_path, name):
    result = cli("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "Europe/Berlin",
                 "--format", "ics", "--name", name)
    assert result.code == 0, result.err
    check_calendar_name((tmp_path / f"{name}.ics").read_bytes(), name)


@pytest.mark.parametrize("name", ["back\\slash", "a\\,b", "c\\;d", "ends with \\", "\\n stays",
                                  "a,b;c\\d:e", "\\\\;,"])
def test_calendar_name_with_backslashes_from_the_exporter(name):
    # `--name` and plan files refuse a backslash (names are file names); a plan made with
    # the Python API may hold one.
    check_calendar_name(EXPORTER.render(make_plan(weeks=1, name=name), {}), name)


def test_one_event_per_session_with_session_uid():
    plan = make_plan(weeks=3)
    calendar = parse(EXPORTER.render(plan, {}))
    assert [event.uid for event in calendar.events] == [s.uid for s in sessions(plan)]
    assert len(calendar.events) == 9


def test_event_content():
    plan = make_plan(weeks=2, deload_every=2)
    calendar = parse(EXPORTER.render(plan, {}))
    for (week, session), event in zip(plan.sessions(), calendar.events, strict=True):
        assert event.summary.startswith("Back workout")
        assert f"week {week.number}" in event.summary
        assert "/".join(session.focus) in event.summary
        assert ("deload" in event.summary) == week.deload
        for item in session.items:
            exercise = plan.exercises[item.exercise]
            line = next(line for line in event.description.splitlines()
                        if exercise.name in line)
            assert f"{item.sets} set" in line and f"× {item.reps} reps" in line
            assert ("per side" in line) == item.per_side
            assert f"{item.band} band" in line and f"{item.slack} slack" in line
            assert any(cue in event.description for cue in exercise.cues)
        assert event.categories[:2] == ["Fitness", "Resistance bands"]
        assert {"Upper back", "Mid back", "Lower back"} >= set(event.categories[2:])
        assert event.status.value == "CONFIRMED"
        assert event.sequence == 0
        assert event.dtstamp == datetime(2026, 3, 23, tzinfo=UTC)
    assert any(week.deload for week in plan.weeks)


def test_end_is_start_plus_minutes_not_duration():
    plan = make_plan(minutes=45)
    data = EXPORTER.render(plan, {})
    assert not any(line.startswith("DURATION") for line in unfolded_lines(data))
    for session, event in zip(sessions(plan), parse(data).events, strict=True):
        assert event.end - event.start == timedelta(minutes=45)
        assert event.end.astimezone(UTC) == session.start.astimezone(UTC) + timedelta(minutes=45)


# ------------------------------------------------------------------ times

@pytest.mark.parametrize("case", sorted(ALL_PLANS))
def test_every_event_at_the_sessions_instant(case):
    plan = case_plan(case)
    zone = ZoneInfo(plan.timezone)
    calendar = parse(EXPORTER.render(plan, {}))
    for session, event in zip(sessions(plan), calendar.events, strict=True):
        assert event.dtstart.astimezone(UTC) == session.start.astimezone(UTC)
        assert event.dtend.astimezone(UTC) == (session.start.astimezone(UTC)
                                               + timedelta(minutes=session.minutes))
        local = event.dtstart.astimezone(zone)
        assert (local.replace(tzinfo=None), local.utcoffset()) == (
            session.start.replace(tzinfo=None), session.start.utcoffset())


@pytest.mark.parametrize("case", sorted(ALL_PLANS))
def test_vtimezone_alone_gives_the_right_instants(case):
    """Rename the TZID so the reader cannot fall back on its own zone database."""
    plan = case_plan(case)
    data = EXPORTER.render(plan, {}).replace(plan.timezone.encode(), b"Test/Renamed-Zone")
    calendar = parse(data)
    for session, event in zip(sessions(plan), calendar.events, strict=True):
        assert event.dtstart.astimezone(UTC) == session.start.astimezone(UTC), session.uid
        assert event.dtend.astimezone(UTC) == (session.start.astimezone(UTC)
                                               + timedelta(minutes=session.minutes))


def test_dst_plans_cross_a_change():
    for case in (*DST_PLANS, "casablanca", "cairo", "jerusalem", "santiago", "nuuk", "dublin",
                 "chatham"):
        offsets = {s.start.utcoffset() for s in sessions(case_plan(case))}
        assert len(offsets) == 2, case
    lord_howe = {s.start.utcoffset() for s in sessions(case_plan("lord-howe-april"))}
    assert max(lord_howe) - min(lord_howe) == timedelta(minutes=30)


def test_local_times_with_tzid_and_repeated_wall_times_in_utc():
    lines = unfolded_lines(EXPORTER.render(case_plan("berlin-spring"), {}))
    starts = [line for line in lines if line.startswith("DTSTART;TZID=")]
    assert "DTSTART;TZID=Europe/Berlin:20260329T070000" in starts
    assert "DTSTART;TZID=Europe/Berlin:20260330T070000" in starts
    # 02:30 on 2026-10-25 happens twice in Berlin: written as the UTC instant of the first.
    lines = unfolded_lines(EXPORTER.render(case_plan("berlin-repeated"), {}))
    assert "DTSTART:20261025T003000Z" in lines
    assert "DTSTART;TZID=Europe/Berlin:20261018T023000" not in lines  # before the plan
    assert "DTSTART;TZID=Europe/Berlin:20261101T023000" in lines


def test_repeated_wall_time_second_occurrence_from_a_plan_file():
    """A plan file may name the second 02:30; the fixed offset in it decides."""
    plan = case_plan("berlin-repeated")
    document = plan.to_dict()
    session = document["weeks"][0]["sessions"][0]
    assert session["start"] == "2026-10-25T02:30:00+02:00"
    session["start"] = "2026-10-25T02:30:00+01:00"
    edited = plan_from_dict(json.loads(json.dumps(document)))
    event = parse(EXPORTER.render(edited, {})).events[0]
    assert event.dtstart.astimezone(UTC) == datetime(2026, 10, 25, 1, 30, tzinfo=UTC)


def vtimezone_lines(data: bytes) -> list[str]:
    lines = unfolded_lines(data)
    return lines[lines.index("BEGIN:VTIMEZONE"):lines.index("END:VTIMEZONE") + 1]


def observance_blocks(vtimezone: list[str]) -> list[list[str]]:
    blocks, block = [], None
    for line in vtimezone:
        if line in ("BEGIN:STANDARD", "BEGIN:DAYLIGHT"):
            block = []
        elif line in ("END:STANDARD", "END:DAYLIGHT"):
            blocks.append(block)
            block = None
        elif block is not None:
            block.append(line)
    return blocks


def test_vtimezone_forms():
    def vtimezone(case):
        return vtimezone_lines(EXPORTER.render(case_plan(case), {}))

    berlin = vtimezone("berlin-spring")
    # One definition per zone (see zones.py), not one per plan.
    assert vtimezone("berlin-fall") == vtimezone("berlin-skipped") == berlin
    # The current rules repeat without end; RFC 5545: an onset is the wall time in
    # TZOFFSETFROM (02:00 CET, not 03:00 CEST).
    rules = {tuple(line for line in block if line.startswith(("DTSTART", "RRULE")))
             for block in observance_blocks(berlin)}
    assert ("DTSTART:19810329T020000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3") in rules
    assert ("DTSTART:19961027T030000", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10") in rules
    # An earlier rule ends by COUNT: dateutil (vobject) drops the last onset before a UTC
    # UNTIL east of UTC, and the `ical` parser refuses UNTIL with a local DTSTART.
    assert ("DTSTART:19800928T030000",
            "RRULE:FREQ=YEARLY;COUNT=16;BYDAY=-1SU;BYMONTH=9") in rules
    assert not any("UNTIL" in line for line in berlin)
    # Irregular changes are RDATEs, one value a line: vobject keeps only a list's first.
    assert "RDATE:19160430T230000" in berlin and "RDATE:19450524T020000" in berlin
    assert all("," not in line for line in berlin if line.startswith("RDATE"))
    assert len(berlin) < 100
    assert "RRULE:FREQ=YEARLY;BYDAY=FR;BYMONTHDAY=23,24,25,26,27,28,29;BYMONTH=3" \
        in vtimezone("jerusalem")
    # Morocco's Ramadan changes follow no yearly rule: each onset is listed.
    casablanca = vtimezone("casablanca")
    assert "RDATE:20260215T030000" in casablanca and "RDATE:20260322T020000" in casablanca
    assert not any(line.startswith("RRULE") and "COUNT" not in line for line in casablanca)
    # No changes since 1948: the 1948-1951 summer times, then JST for good.
    tokyo = observance_blocks(vtimezone("tokyo"))
    assert tokyo[-1][-2:] == ["TZOFFSETFROM:+1000", "TZOFFSETTO:+0900"]
    assert vtimezone("utc") == ["BEGIN:VTIMEZONE", "TZID:UTC", "BEGIN:STANDARD",
                                "DTSTART:18991230T000000", "RDATE:18991230T000000",
                                "TZNAME:UTC", "TZOFFSETFROM:+0000", "TZOFFSETTO:+0000",
                                "END:STANDARD", "END:VTIMEZONE"]


def test_long_plan_has_the_same_vtimezone():
    plan = make_plan("America/New_York", date(2026, 1, 5), ("mon",), weeks=520)
    data = EXPORTER.render(plan, {"alarm": "none"})
    lines = unfolded_lines(data)
    assert lines.count("BEGIN:VTIMEZONE") == 1
    one_week = make_plan("America/New_York", date(1931, 6, 1), ("mon",), weeks=1)
    assert vtimezone_lines(data) == vtimezone_lines(EXPORTER.render(one_week, {}))
    calendar = parse(data)
    for session, event in zip(sessions(plan), calendar.events, strict=True):
        assert event.dtstart.astimezone(UTC) == session.start.astimezone(UTC)


# ------------------------------------------------------------------ alarms and options

def triggers(data: bytes) -> list[list[timedelta]]:
    return [[alarm.trigger for alarm in event.alarm] for event in parse(data).events]


def test_default_alarm_is_15_minutes_before():
    plan = make_plan()
    data = EXPORTER.render(plan, {})
    assert triggers(data) == [[timedelta(minutes=-15)]] * len(sessions(plan))
    for event in parse(data).events:
        assert event.alarm[0].action == "DISPLAY"
        assert event.alarm[0].description


@pytest.mark.parametrize("value, minutes", [("30", 30), ("0", 0), (" 90 ", 90), ("10080", 10080)])
def test_alarm_minutes(value, minutes):
    plan = make_plan(weeks=1)
    assert triggers(EXPORTER.render(plan, {"alarm": value})) == \
        [[timedelta(minutes=-minutes)]] * len(sessions(plan))


@pytest.mark.parametrize("value", ["none", "None", "NONE"])
def test_alarm_none(value):
    data = EXPORTER.render(make_plan(weeks=1), {"alarm": value})
    assert b"VALARM" not in data
    assert all(alarms == [] for alarms in triggers(data))


@pytest.mark.parametrize("value", ["x", "", " ", "-5", "+15", "15m", "1e3", "10081", "15.0",
                                   "\uff11\uff15", "1_5", "15\nBEGIN:VEVENT", "off"])
def test_bad_alarm_is_a_one_line_option_error(value):
    with pytest.raises(OptionError) as caught:
        EXPORTER.render(make_plan(weeks=1), {"alarm": value})
    message = str(caught.value)
    assert message.startswith("--option ics.alarm: ")
    assert "use minutes from 0 to 10080 or none" in message
    assert "\n" not in message and "\r" not in message


def test_bad_alarm_message_text():
    with pytest.raises(OptionError, match=r"^--option ics.alarm: 'x' is not allowed; "
                                          r"use minutes from 0 to 10080 or none$"):
        EXPORTER.render(make_plan(weeks=1), {"alarm": "x"})


def test_unknown_option_key(cli, tmp_path):
    # The host refuses keys an exporter does not declare, before any exporter runs.
    result = cli("build", "--weeks", "1", "-f", "ics", "-o", "ics.paper=a4")
    assert result.code == 2 and "ics.paper" in result.err and not list(tmp_path.iterdir())


# ------------------------------------------------------------------ stability

def test_byte_identical_across_renders_and_plan_file_round_trip():
    plan = case_plan("berlin-spring")
    first = EXPORTER.render(plan, {})
    assert EXPORTER.render(plan, {}) == first
    assert EXPORTER.render(case_plan("berlin-spring"), {}) == first
    reread = plan_from_dict(json.loads(json.dumps(plan.to_dict())))
    assert EXPORTER.render(reread, {}) == first


def test_byte_identical_across_processes():
    script = ("import sys, datetime; from datetime import date;"
              "from planner.builder import build_plan; from planner.catalog import load_catalog;"
              "from planner.settings import Settings; from planner_ics import IcsExporter;"
              "plan = build_plan(load_catalog(), Settings(start=date(2026,10,19), weeks=3,"
              " timezone='America/New_York', time=datetime.time(1, 30), days=('sun', 'wed')));"
              "sys.stdout.buffer.write(IcsExporter().render(plan, {}))")
    outputs = set()
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, check=True,
                                   capture_output=True).stdout)
    assert len(outputs) == 1
    assert b"BEGIN:VEVENT" in outputs.pop()


def test_dtstamp_comes_from_the_plan_not_the_clock():
    data = EXPORTER.render(make_plan(start=date(2031, 1, 6)), {})
    stamps = {line for line in unfolded_lines(data) if line.startswith("DTSTAMP")}
    assert stamps == {"DTSTAMP:20310106T000000Z"}


def test_uids_survive_a_rebuild_with_other_length_and_exercises():
    """A rebuild over the same plan file keeps its id (planner.lineage), so its uids."""
    from planner.builder import build_plan
    from planner.lineage import Identity
    from planner.settings import Settings

    short = make_plan(weeks=2, name="Back plan")
    longer = build_plan(conftest.shipped_catalog(), Settings(
        start=date(2026, 3, 23), timezone="Europe/Berlin", weeks=5, name="Back plan",
        level="advanced", seed=7), identity=Identity(short.id, short.stamp))
    assert make_plan(weeks=5, name="Back plan", level="advanced", seed=7).id != short.id
    short_uids = [e.uid for e in parse(EXPORTER.render(short, {})).events]
    long_uids = [e.uid for e in parse(EXPORTER.render(longer, {})).events]
    assert short_uids == long_uids[:len(short_uids)]
    assert len(set(long_uids)) == len(long_uids)


# ------------------------------------------------------------------ hostile text

HOSTILE = [
    "Row, with; commas\\and backslashes",
    "two\nlines",
    "crlf\r\nBEGIN:VEVENT\r\nUID:evil\r\nSUMMARY:injected",
    "bare\rCR\rDTSTART:19700101T000000Z",
    "\r\nEND:VEVENT\r\nEND:VCALENDAR",
    "line\u2028separator\x85NEL\x0bVT\x0cFF\u2029METHOD:REQUEST",
    "nul\x00and\x1bescape\x7fdel",
    "quote\" and colon: and ;PARAM=x",
]
INJECTED = ("UID:EVIL", "SUMMARY:INJECTED", "DTSTART:1970", "METHOD:REQUEST", "PARAM=X")
COMPONENTS = {"VCALENDAR", "VTIMEZONE", "STANDARD", "DAYLIGHT", "VEVENT", "VALARM"}
PROPERTIES = {
    "BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "NAME", "X-WR-CALNAME",
    "X-WR-CALDESC", "TZID", "DTSTART", "RRULE", "RDATE", "TZNAME", "TZOFFSETFROM",
    "TZOFFSETTO", "SUMMARY", "DTEND", "DTSTAMP", "UID", "SEQUENCE", "CATEGORIES", "CLASS",
    "DESCRIPTION", "STATUS", "TRANSP", "ACTION", "TRIGGER"}


def visible(text: str) -> str:
    """What a reader should see of one-line text: breaks as spaces, controls dropped."""
    text = "".join(" " if c in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029" else c for c in text)
    text = "".join(c for c in text if c == "\t" or not (c < " " or "\x7f" <= c <= "\x9f"))
    return " ".join(text.split())


def hostile_catalog() -> Catalog:
    shipped = load_catalog()
    exercises = {}
    for number, (key, exercise) in enumerate(shipped.exercises.items()):
        text = HOSTILE[number % len(HOSTILE)]
        exercises[key] = exercise._replace(
            name=f"{exercise.name} {text}", steps=(text, *exercise.steps),
            cues=tuple(f"{cue} {text}" for cue in exercise.cues))
    return Catalog(exercises=exercises, guidance=(HOSTILE[2],), safety=(HOSTILE[4], HOSTILE[3]))


def check_structure(lines: list[str], events: int) -> None:
    assert lines.count("BEGIN:VEVENT") == lines.count("END:VEVENT") == events
    assert lines.count("BEGIN:VCALENDAR") == lines.count("END:VCALENDAR") == 1
    assert sum(line.startswith("UID:") for line in lines) == events
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0]
        assert name in PROPERTIES, line
        if name in ("BEGIN", "END"):
            assert line.split(":", 1)[1] in COMPONENTS, line
        assert not line.upper().startswith(INJECTED), line
        assert all(c >= " " or c == "\t" for c in line), repr(line)
        assert not any(c in line for c in "\x7f\x85\u2028\u2029"), repr(line)


@pytest.mark.parametrize("name", ["plan", "evil\r\nBEGIN:VEVENT\r\nUID:evil", "a,b;c\\d:e",
                                  "x\r\nMETHOD:REQUEST"])
def test_hostile_text_never_adds_events_or_properties(name):
    plan = make_plan(catalog=hostile_catalog(), weeks=3, name=name)
    data = EXPORTER.render(plan, {})
    check_structure(unfolded_lines(data), len(sessions(plan)))
    assert not any(line.startswith("METHOD") for line in unfolded_lines(data))
    calendar = parse(data)
    assert calendar.name == [visible(name)]
    assert [event.uid for event in calendar.events] == [s.uid for s in sessions(plan)]
    for (_, session), event in zip(plan.sessions(), calendar.events, strict=True):
        for item in session.items:
            assert visible(plan.exercises[item.exercise].name) in event.description
    assert any("Row, with; commas\\and backslashes" in event.description
               for event in calendar.events)


# ------------------------------------------------------------------ plugin contract

def test_exporter_attributes_and_registration():
    registered = []
    register_exporters(register=registered.append)
    (exporter,) = registered
    assert (exporter.name, exporter.suffix) == ("ics", ".ics")
    assert exporter.description and "\n" not in exporter.description
    assert set(exporter.options) == {"alarm"}
    assert "\n" not in exporter.options["alarm"]


def test_builtin_is_found_by_the_plugin_host(monkeypatch):
    from planner.plugin_host import load_exporters, render_with

    monkeypatch.setenv("PLANNER_DISABLE_PLUGINS", "1")
    entry = load_exporters().get("ics")
    data = render_with(entry, make_plan(weeks=1), {"alarm": "none"})
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")


def test_importing_the_plugin_does_not_import_icalendar():
    script = ("import sys, planner_ics; planner_ics.IcsExporter();"
              "bad = [m for m in ('icalendar', 'dateutil', 'pytz') if m in sys.modules];"
              "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_unknown_zone_in_a_plan_built_by_hand_is_named():
    # Plan files with unknown zones are refused on reading (tests/test_hostile.py); a plan
    # made through the Python API reaches the exporter, which must name the zone.
    plan = make_plan(weeks=1)
    weeks = tuple(week._replace(sessions=tuple(
        session._replace(timezone="Mars/Olympus_Mons") for session in week.sessions))
        for week in plan.weeks)
    edited = plan._replace(weeks=weeks,
                           settings=plan.settings._replace(timezone="Mars/Olympus_Mons"))
    with pytest.raises(ValueError, match="Mars/Olympus_Mons"):
        EXPORTER.render(edited, {})


# ------------------------------------------------------------------ VTIMEZONE alone

@pytest.mark.parametrize("zone", TRICKY_ZONES)
def test_vtimezone_reads_like_the_zone_database(zone):
    """Across spring and autumn, under a TZID no zone database knows, two readers of the
    VTIMEZONE agree with zoneinfo: `ical` on wall times (repeated ones skipped: they are
    written in UTC) and icalendar, which turns onsets into UTC instants, every 30 minutes."""
    import icalendar
    from ical.timezone import IcsTimezoneInfo

    for start in (date(2026, 3, 2), date(2026, 9, 7)):
        plan = make_plan(zone, start, ("mon",), weeks=10)
        data = EXPORTER.render(plan, {}).replace(zone.encode(), b"Test/Renamed-Zone")
        (timezone_component,) = parse(data).timezones
        by_wall = IcsTimezoneInfo.from_timezone(timezone_component)
        by_instant = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")[0].to_tz(
            lookup_tzid=False)
        real = ZoneInfo(zone)
        instant = datetime.combine(start, time(0), tzinfo=UTC)
        while instant.date() < start + timedelta(weeks=10):
            local = instant.astimezone(real)
            assert instant.astimezone(by_instant).utcoffset() == local.utcoffset(), instant
            wall = local.replace(tzinfo=None)
            readings = {wall.replace(tzinfo=real, fold=fold).utcoffset() for fold in (0, 1)}
            if len(readings) == 1 and instant.minute == 0 and instant.hour % 3 == 0:
                assert wall.replace(tzinfo=by_wall).utcoffset() == local.utcoffset(), wall
            instant += timedelta(minutes=30)
