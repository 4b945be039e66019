"""The events' content lines, written by planner_ics itself (contentlines.py, document.py).

The exporter writes its VEVENTs line by line instead of through icalendar's components. These
tests hold it to the bytes icalendar wrote for the same events (`reference_calendar` below
builds them as the exporter did before), check the folding and the time values against
icalendar's own, and read escaped and folded text back with two parsers: icalendar's and
the stricter `ical`'s.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from ical.calendar_stream import IcsCalendarStream
from icalendar import Alarm, Calendar, Event, vCategory, vDDDTypes, vInt, vText
from icalendar.parser import Contentline

from planner_ics import MAX_ALARM, document, wording
from planner_ics.contentlines import date_time, fold, line
from test_ics import ALL_PLANS, case_plan, hostile_catalog, make_plan

# ------------------------------------------------------------------ the reference


def reference_event(plan, alarm, week, session, when) -> Event:
    """One session's VEVENT built with icalendar, as document.py built it before it wrote
    the lines itself."""
    event = Event()
    revision = session.revision
    event["DTSTAMP"] = vDDDTypes(document._stamp(plan) + timedelta(minutes=revision))
    event["SEQUENCE"] = vInt(revision)
    event["STATUS"], event["TRANSP"] = vText("CONFIRMED"), vText("OPAQUE")
    event["CLASS"] = vText("PUBLIC")
    event["UID"] = vText(wording.one_line(session.uid))
    for name, moment in (("DTSTART", when.start), ("DTEND", when.end)):
        if when.tzid is None:
            event[name] = vDDDTypes(moment.astimezone(UTC))
        else:
            value = event[name] = vDDDTypes(moment.replace(tzinfo=None))
            value.params["TZID"] = when.tzid
    title = vText(wording.summary(week, session, plan.name))
    event["SUMMARY"] = title
    event["DESCRIPTION"] = vText(wording.description(plan, week, session))
    event["CATEGORIES"] = vCategory(wording.categories(session))
    if alarm is not None:
        reminder = Alarm()
        reminder["ACTION"] = vText("DISPLAY")
        reminder["TRIGGER"] = vDDDTypes(-timedelta(minutes=alarm))
        reminder["DESCRIPTION"] = title
        event.add_component(reminder)
    return event


def reference_calendar(plan, alarm) -> bytes:
    calendar = document._calendar_head(plan)
    events = document._sessions(plan)
    for component in document._timezones(events):
        calendar.add_component(component)
    for week, session, when in events:
        calendar.add_component(reference_event(plan, alarm, week, session, when))
    return calendar.to_ical()


def reference_objects(plan, alarm) -> list[tuple[str, bytes]]:
    objects = []
    for week, session, when in document._sessions(plan):
        calendar = document._object_head(when.tzid)
        calendar.add_component(reference_event(plan, alarm, week, session, when))
        objects.append((session.uid, calendar.to_ical()))
    return objects


def revised(plan):
    """The plan with sessions at revisions 0, 1 and 2, as `planner adapt` leaves them."""
    weeks = tuple(week._replace(sessions=tuple(
        session._replace(revision=(week.number + n) % 3) for n, session in
        enumerate(week.sessions))) for week in plan.weeks)
    return plan._replace(weeks=weeks, revision=2)


PLANS = {
    **{case: lambda case=case: case_plan(case) for case in ALL_PLANS},
    "hostile": lambda: make_plan(catalog=hostile_catalog(), weeks=3, name="a,b;c \"d\" é😀"),
    "revised": lambda: revised(make_plan(weeks=3, deload_every=2)),
    "kathmandu": lambda: make_plan("Asia/Kathmandu", weeks=2, name="Ünïcödé plan"),
}


@pytest.mark.parametrize("alarm", [15, None, 0, MAX_ALARM])
@pytest.mark.parametrize("case", sorted(PLANS))
def test_same_bytes_as_icalendar_components(case, alarm):
    plan = PLANS[case]()
    assert document.render_calendar(plan, alarm) == reference_calendar(plan, alarm)
    assert list(document.session_objects(plan, alarm)) == reference_objects(plan, alarm)


# ------------------------------------------------------------------ folding

MULTIBYTE = ["é", "€", "😀", "\u0301"]  # 2, 3 and 4 octets; a combining accent (2)
SPECIAL = ["\\", "^", ",", ";", ":", '"', " ", "\t"]


def folded_by_icalendar(text: str) -> bytes:
    return Contentline(text).to_ical()


def check_folded(folded: bytes, original: bytes) -> None:
    """RFC 5545 3.1: lines of at most 75 octets, a continuation starts with one space,
    unfolding gives the line back, and no line splits a UTF-8 sequence."""
    physical = folded.split(b"\r\n")
    assert all(len(piece) <= 75 for piece in physical)
    assert all(piece.startswith(b" ") for piece in physical[1:])
    assert all(len(piece) > 1 for piece in physical[1:])
    assert b"".join([physical[0], *(piece[1:] for piece in physical[1:])]) == original
    for piece in physical:
        piece.decode("utf-8")


def test_fold_splits_like_icalendar_around_every_boundary():
    for char in [*MULTIBYTE, *SPECIAL, "a"]:
        for before in range(55, 160):
            for after in ("", "z", char * 3, "xyz" * 40):
                text = "DESCRIPTION:" + "a" * before + char + after
                folded = fold(text.encode())
                assert folded == folded_by_icalendar(text), (char, before, after)
                check_folded(folded, text.encode())


def test_fold_keeps_a_backslash_with_what_it_escapes():
    text = "DESCRIPTION:" + "a" * 61 + "\\,b" + "c" * 20
    assert fold(text.encode()) == (b"DESCRIPTION:" + b"a" * 61 + b"\r\n \\,b" + b"c" * 20)


def test_short_lines_stay_whole():
    assert fold(b"x" * 74) == b"x" * 74
    assert fold(b"x" * 75) == b"x" * 74 + b"\r\n x"
    assert line(b"UID", b"a") == b"UID:a\r\n"


TEXT = st.lists(st.one_of(
    st.sampled_from([*MULTIBYTE, *SPECIAL, "\n", "a", "\\N", "\\n"]),
    st.characters(blacklist_categories=("Cs", "Cc"))), max_size=300).map("".join)


@hsettings(max_examples=300, deadline=None)
@given(TEXT, st.sampled_from(["DESCRIPTION:", "SUMMARY:", "X:", "DTSTART;TZID=\"a,b\":"]))
def test_fold_is_icalendar_s_fold_on_any_text(text, head):
    escaped = head + vText(text).to_ical().decode()
    folded = fold(escaped.encode())
    assert folded == folded_by_icalendar(escaped)
    check_folded(folded, escaped.encode())


# ------------------------------------------------------------------ times

@hsettings(max_examples=200, deadline=None)
@given(st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31)), st.booleans())
def test_date_time_is_icalendar_s(moment, utc):
    if utc:
        moment = moment.replace(tzinfo=UTC)
    assert date_time(moment) == vDDDTypes(moment).to_ical()


def test_date_time_refuses_other_offsets():
    with pytest.raises(ValueError):
        date_time(datetime(2026, 3, 1, 7, 0, tzinfo=timezone(timedelta(hours=1))))


# ------------------------------------------------------------------ text read back

ONE_SESSION = make_plan(weeks=1, days=("mon",), name="plan")


def render_with(monkeypatch, summary: str, description: str) -> bytes:
    monkeypatch.setattr(wording, "summary", lambda week, session, name: summary)
    monkeypatch.setattr(wording, "description", lambda plan, week, session: description)
    data = document.render_calendar(ONE_SESSION, 15)
    assert data == reference_calendar(ONE_SESSION, 15)
    return data


def read_back(data: bytes) -> list[tuple[str, str, str]]:
    """(summary, description, the reminder's description) as each parser reads them."""
    (ours,) = IcsCalendarStream.calendar_from_ics(data.decode("utf-8")).events
    (theirs,) = Calendar.from_ical(data).walk("VEVENT")
    (reminder,) = theirs.walk("VALARM")
    (alarm,) = ours.alarm
    return [(ours.summary, ours.description, alarm.description),
            (str(theirs["SUMMARY"]), str(theirs["DESCRIPTION"]), str(reminder["DESCRIPTION"]))]


def readable(text: str) -> str:
    """Text as a reader gets it back. (icalendar's escaping turns a backslash before a
    capital N, RFC 5545's other spelling of the newline escape, into a newline.)"""
    return text.replace("\\N", "\n")


@pytest.mark.parametrize("char", [*MULTIBYTE, *SPECIAL, "\n", "\\n", "\\\\", "\\;"])
def test_special_text_at_every_fold_boundary_reads_back(monkeypatch, char):
    for before in range(40, 130, 3):
        text = "a" * before + char + "b" + char * 30 + "end"
        summary = "Title " + char * (before % 17) + " x"
        data = render_with(monkeypatch, summary, text)
        for read in read_back(data):
            assert read == (summary, text, summary)


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
@given(st.text(st.one_of(st.sampled_from([*MULTIBYTE, *SPECIAL, "\n"]),
                         st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"))),
               min_size=1, max_size=300))
def test_any_clean_text_reads_back(monkeypatch, text):
    data = render_with(monkeypatch, text.replace("\n", " "), text)
    for summary, description, reminder in read_back(data):
        assert description == readable(text)
        assert summary == reminder == readable(text.replace("\n", " "))
