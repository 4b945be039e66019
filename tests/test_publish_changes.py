"""The caldav publisher without a server: which events it would create, update, delete or
leave alone (changes.plan_changes), how it reads a server's object (events.read_stored) and
which uids it counts as this plan's (events.owned_uid); and that what it publishes is the
.ics file's events.
"""

from __future__ import annotations

from datetime import date

import icalendar
import pytest

from planner.builder import build_plan
from planner.lineage import Identity
from planner.settings import Settings
from planner_caldav.changes import plan_changes
from planner_caldav.events import (
    HASH_MARK,
    PLAN_MARK,
    SEEN_MARK,
    owned_uid,
    plan_slug,
    read_stored,
    wanted_objects,
)
from planner_ics import DEFAULT_ALARM, IcsExporter
from planner_ics.document import session_objects
from test_ics_clients import caldav_objects, case_plan

from conftest import make_plan, shipped_catalog

CAL = "https://dav.example.com/cal/"


@pytest.fixture(scope="module")
def plan():
    """A plan made before plan ids: 6 sessions, uids 2026-11-2x-1-plan@band-planner. The
    rules are the same for a plan with an id, whose slug is "plan-<id>"."""
    return build_plan(shipped_catalog(), Settings(start=date(2026, 11, 23), weeks=2,
                                                  timezone="Europe/Berlin"),
                      identity=Identity("", ""))


@pytest.fixture(scope="module")
def wanted(plan):
    return wanted_objects(plan, DEFAULT_ALARM, plan_slug(plan))


def obj(uid: str, *lines: str, etag: str = '"1"', href: str | None = None):
    """A server's object as the publisher reads it: one VEVENT with `uid` and `lines`."""
    text = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//someone//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261125T180000Z\r\n"
            + "".join(f"{line}\r\n" for line in lines)
            + "END:VEVENT\r\nEND:VCALENDAR\r\n")
    return read_stored(href or f"{CAL}{uid}.ics", etag, text)


def ours(uid: str, digest: str = "0" * 32, **kw):
    """An object this publisher put there: both markers."""
    return obj(uid, f"{PLAN_MARK}:plan", f"{HASH_MARK}:{digest}", **kw)


def published(wanted):
    """The calendar right after a publish: every wanted object, as sent."""
    return [read_stored(f"{CAL}{uid}.ics", f'"{uid}"', want.data.decode())
            for uid, want in wanted.items()]


def actions(todo) -> list[tuple[str, str, str | None]]:
    return [(change.action, change.uid, change.href) for change in todo.changes]


def test_plans_with_ids_of_the_same_name_never_touch_each_others_events():
    """Two plans called "plan" built differently (another zone): each publish leaves the
    other's events alone, and neither loses any."""
    berlin, new_york = make_plan(weeks=1), make_plan(weeks=1, timezone="America/New_York")
    slugs = plan_slug(berlin), plan_slug(new_york)
    assert slugs[0] != slugs[1] and all(slug.startswith("plan-") for slug in slugs)
    theirs = published(wanted_objects(new_york, DEFAULT_ALARM, slugs[1]))
    mine = wanted_objects(berlin, DEFAULT_ALARM, slugs[0])
    todo = plan_changes(mine, theirs, slugs[0])
    assert {action for action, *_ in actions(todo)} == {"create"}
    assert plan_changes({}, [*theirs, *published(mine)], slugs[0]).changes[0].uid in mine
    assert {c.uid for c in plan_changes({}, [*theirs, *published(mine)], slugs[0]).changes} \
        == set(mine)


def test_the_slug_and_the_plans_uids(plan, wanted):
    assert plan_slug(plan) == "plan"
    assert sorted(wanted) == sorted(session.uid for _, session in plan.sessions())
    assert len(wanted) == 6


def test_a_calendar_in_step_needs_nothing(wanted):
    todo = plan_changes(wanted, published(wanted), "plan")
    assert (todo.changes, todo.unchanged) == ([], 6)


def test_an_empty_calendar_gets_every_session_created(wanted):
    todo = plan_changes(wanted, [], "plan")
    assert actions(todo) == [("create", uid, None) for uid in wanted]
    assert [change.data for change in todo.changes] == [want.data for want in wanted.values()]


def test_our_event_with_another_digest_is_updated_if_it_is_still_as_read(wanted):
    stored = published(wanted)
    uid = stored[2].uid
    stored[2] = ours(uid, etag='"old"', href=f"{CAL}elsewhere.ics")
    todo = plan_changes(wanted, stored, "plan")
    (change,) = todo.changes
    assert (change.action, change.uid, change.href, change.etag) == (
        "update", uid, f"{CAL}elsewhere.ics", '"old"')
    assert change.data == wanted[uid].data and todo.unchanged == 5


def unmarked(want, **kw):
    """`want` as an app that dropped our markers (or a hand import of the .ics) keeps it."""
    lines = [line for line in want.data.decode().split("\r\n")
             if not line.startswith("X-BAND-PLANNER-")]
    return read_stored(kw.get("href", f"{CAL}{want.uid}.ics"), '"1"', "\r\n".join(lines))


def test_an_unmarked_event_of_the_plan_is_updated_in_place_only_as_published(wanted):
    """The plan's .ics imported by hand, or an app that dropped the markers: same uid, no
    markers. Looking as we publish it, it becomes the session's event (updated under its
    own name, gaining the markers), not a duplicate; changed, it is the user's: kept."""
    uid, want = next(iter(wanted.items()))
    imported = unmarked(want, href=f"{CAL}imported-by-my-app.ics")
    todo = plan_changes(wanted, [imported, *published(wanted)[1:]], "plan")
    assert actions(todo) == [("update", uid, f"{CAL}imported-by-my-app.ics")]
    assert todo.changes[0].etag == '"1"' and todo.kept == []
    assert f"{PLAN_MARK}:plan".encode() in todo.changes[0].data

    moved = obj(uid, "SUMMARY:Back workout at six", href=f"{CAL}imported-by-my-app.ics")
    todo = plan_changes(wanted, [moved, *published(wanted)[1:]], "plan")
    assert (todo.changes, todo.unchanged) == ([], 5)
    assert todo.kept == ["kept your change to Mon 23 Nov; --force to overwrite"]
    todo = plan_changes(wanted, [moved, *published(wanted)[1:]], "plan", force=True)
    assert actions(todo) == [("update", uid, f"{CAL}imported-by-my-app.ics")]

    # The session left the plan (or the plan was rebuilt shorter): the event stays.
    rest = {key: value for key, value in wanted.items() if key != uid}
    todo = plan_changes(rest, [moved, *published(rest)], "plan")
    assert (todo.changes, todo.unchanged) == ([], 5)


def test_an_event_the_user_changed_is_kept_unless_forced(wanted):
    """Our event, edited in an app (markers kept): its visible fields differ from those we
    published. A plan that changes that session, or drops it, leaves it alone."""
    uid, want = next(iter(wanted.items()))
    text = want.data.decode().replace("DTSTART;TZID=Europe/Berlin:20261123T070000",
                                      "DTSTART;TZID=Europe/Berlin:20261123T180000")
    assert text != want.data.decode()
    edited = read_stored(f"{CAL}{uid}.ics", '"2"', text.replace(
        f"{HASH_MARK}:{want.digest}", f"{HASH_MARK}:{'0' * 32}"))  # the plan changed since
    assert edited.edited
    calendar = [edited, *published(wanted)[1:]]
    todo = plan_changes(wanted, calendar, "plan")
    assert (todo.changes, todo.unchanged) == ([], 5)
    assert todo.kept == ["kept your change to Mon 23 Nov; --force to overwrite"]
    assert actions(plan_changes(wanted, calendar, "plan", force=True)) == [
        ("update", uid, f"{CAL}{uid}.ics")]
    rest = {key: value for key, value in wanted.items() if key != uid}
    todo = plan_changes(rest, calendar, "plan")
    assert todo.changes == [] and len(todo.kept) == 1
    # Re-serialised by a server (folded differently, escapes, parameters in another
    # order) is not an edit.
    folded = want.data.decode().replace("\r\nDESCRIPTION:", "\r\nDESCRIPTION;LANGUAGE=en:")
    assert not read_stored("h", None, folded).edited


def test_sequence_never_goes_down_and_dtstamp_rises_with_it(wanted):
    uid, want = next(iter(wanted.items()))
    there = read_stored(f"{CAL}{uid}.ics", '"1"', want.data.decode()
                        .replace("SEQUENCE:0", "SEQUENCE:4")
                        .replace("DTSTAMP:20261123T000000Z", "DTSTAMP:20261123T000400Z")
                        .replace(f"{HASH_MARK}:{want.digest}", f"{HASH_MARK}:{'0' * 32}"))
    (change,) = plan_changes(wanted, [there, *published(wanted)[1:]], "plan").changes
    event = icalendar.Calendar.from_ical(change.data).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 5
    assert event["DTSTAMP"].dt > there.stamp
def test_a_second_copy_of_our_uid_is_removed_only_if_marked_ours(wanted):
    uid = next(iter(wanted))
    calendar = published(wanted)
    marked = ours(uid, href=f"{CAL}copy-ours.ics")
    unmarked = obj(uid, "SUMMARY:my copy", href=f"{CAL}copy-mine.ics")
    other_plans = obj(uid, f"{PLAN_MARK}:my-plan", href=f"{CAL}copy-other.ics")
    todo = plan_changes(wanted, [*calendar, marked, unmarked, other_plans], "plan")
    assert actions(todo) == [("delete", uid, f"{CAL}copy-ours.ics")]
    assert todo.changes[0].etag == '"1"' and todo.unchanged == 6

    # Whichever copy the server lists first is the session's event (updated); the other,
    # marked ours, goes.
    todo = plan_changes(wanted, [marked, *calendar], "plan")
    assert [action for action, *_ in actions(todo)] == ["update", "delete"]
    assert {href for *_, href in actions(todo)} == {f"{CAL}copy-ours.ics", f"{CAL}{uid}.ics"}


def test_our_events_no_longer_in_the_plan_are_deleted(wanted):
    stale = ours("2026-12-07-1-plan@band-planner")
    todo = plan_changes(wanted, [*published(wanted), stale], "plan")
    assert actions(todo) == [("delete", stale.uid, stale.href)]
    assert todo.changes[0].what == "2026-12-07 session, no longer in the plan"


def test_another_plan_whose_name_ends_like_ours_is_never_touched(wanted):
    """Plan "my-plan" (uids …-1-my-plan@band-planner) beside plan "plan" (…-1-plan@…)."""
    other = [obj(f"2026-11-{day}-1-my-plan@band-planner", f"{PLAN_MARK}:my-plan",
                 f"{HASH_MARK}:{'1' * 32}") for day in (23, 25, 27, 30)]
    # Even carrying our marker, a uid of the other plan's shape is not ours.
    confused = obj("2026-12-02-1-my-plan@band-planner", f"{PLAN_MARK}:plan")
    todo = plan_changes(wanted, [*other, confused, *published(wanted)], "plan")
    assert (todo.changes, todo.unchanged) == ([], 6)
    todo = plan_changes({}, [*other, confused, *published(wanted)], "plan")
    assert {uid for _, uid, _ in actions(todo)} == set(wanted), "only our own are deleted"
    assert {action for action, *_ in actions(todo)} == {"delete"}


def test_a_foreign_event_is_never_touched(wanted):
    foreign = [obj("dentist-1@example.com", "SUMMARY:Dentist"),
               obj("dentist-2@example.com", f"{PLAN_MARK}:plan", f"{HASH_MARK}:{'2' * 32}"),
               obj("x-plan@band-planner", f"{PLAN_MARK}:plan"),
               read_stored(f"{CAL}no-uid.ics", '"1"', "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
               read_stored(f"{CAL}empty.ics", '"1"', None)]
    for plan_now in (wanted, {}):
        todo = plan_changes(plan_now, [*foreign, *published(wanted)], "plan")
        assert not {uid for _, uid, _ in actions(todo)} & {item.uid for item in foreign}


@pytest.mark.parametrize("uid, owned", [
    ("2026-11-23-1-plan@band-planner", True),
    ("2026-11-23-12-plan@band-planner", True),
    ("2026-11-23-1-my-plan@band-planner", False),  # ends with "-plan@band-planner"
    ("x-2026-11-23-1-plan@band-planner", False),
    ("2026-11-23-plan@band-planner", False),  # no slot
    ("plan@band-planner", False),
    ("2026-11-23-1-plan@band-planner.example.com", False),
    ("2026-11-23-1-plan@example.com", False),
    ("", False),
    (None, False),
])
def test_owned_uid_wants_the_plans_whole_shape(uid, owned):
    assert owned_uid("plan")(uid) is owned


def test_read_stored_reads_the_first_events_uid_and_markers(wanted):
    uid, want = next(iter(wanted.items()))
    item = read_stored(f"{CAL}a.ics", '"e"', want.data.decode())
    assert (item.href, item.etag, item.uid, item.plan, item.digest) == (
        f"{CAL}a.ics", '"e"', uid, "plan", want.digest)

    # Folded lines (CRLF or LF), parameters, lower-case names, and a marker outside the
    # event (ignored); only the first VEVENT counts.
    text = ("BEGIN:VCALENDAR\nX-BAND-PLANNER-PLAN:calendar-level\nBEGIN:VTODO\nUID:todo-1\n"
            "END:VTODO\nBEGIN:VEVENT\nuid;X-P=1:2026-11-23-1-\r\n pl\n\tan@band-planner\n"
            "x-band-planner-plan:plan\r\nX-BAND-PLANNER-HASH:abc\nEND:VEVENT\n"
            "BEGIN:VEVENT\nUID:second\nX-BAND-PLANNER-PLAN:other\nEND:VEVENT\nEND:VCALENDAR\n")
    item = read_stored("h", None, text)
    assert (item.uid, item.plan, item.digest) == ("2026-11-23-1-plan@band-planner", "plan", "abc")
    assert read_stored("h", None, "").uid is None


# -- what is published is the .ics file's events -----------------------------------------------

def parts(data: bytes) -> tuple[list[bytes], bytes]:
    """The VTIMEZONEs and the one VEVENT of a CalDAV object, as icalendar writes them."""
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return [tz.to_ical() for tz in calendar.walk("VTIMEZONE")], event.to_ical()


@pytest.mark.parametrize("case", ["berlin-spring", "berlin-repeated", "new-york-skipped",
                                  "lord-howe-october", "casablanca-ramadan"])
@pytest.mark.parametrize("alarm", [None, "none", "30"])
def test_session_objects_are_the_exported_files_events(case, alarm):
    """Per uid, the same VEVENT (alarm included) and VTIMEZONE as in the .ics file the
    exporter writes, split into CalDAV objects as a sync tool would."""
    plan = case_plan(case)
    options = {} if alarm is None else {"alarm": alarm}
    minutes = IcsExporter().check_options(options)["alarm"]
    exported = caldav_objects(IcsExporter().render(plan, options))
    objects = list(session_objects(plan, minutes))
    assert [uid for uid, _ in objects] == [uid for uid, _ in exported]
    assert len({uid for uid, _ in objects}) == len(objects)
    from_file = dict(exported)
    for uid, data in objects:
        assert parts(data) == parts(from_file[uid]), uid


def test_the_publisher_adds_only_its_three_markers(plan, wanted):
    slug = plan_slug(plan)
    for uid, data in session_objects(plan, DEFAULT_ALARM):
        want = wanted[uid]
        marks = (f"{PLAN_MARK}:{slug}\r\n{HASH_MARK}:{want.digest}\r\n{SEEN_MARK}:{want.seen}"
                 "\r\nEND:VEVENT\r\n").encode()
        assert want.data == data.replace(b"END:VEVENT\r\n", marks), uid


def test_a_publish_that_fails_part_way_says_how_far_it_got(wanted):
    """A 507 (or any refusal) on the third change: the message counts what was done."""
    from planner.publishing import PublishError
    from planner_caldav.publish import _apply
    from planner_caldav.target import Target

    class Refusing:
        def __init__(self):
            self.sent = 0
            self.requests = 0

        def href_for(self, uid):
            return CAL + uid

        def put(self, href, data, etag, create):
            self.sent += 1
            if self.sent == 3:
                raise PublishError("caldav: dav.example.com answered PUT with 507")
            return "done"

    todo = plan_changes(wanted, [], "plan")
    target = Target(CAL, "dav.example.com", None, 20, DEFAULT_ALARM, False, connections=1)
    with pytest.raises(PublishError) as caught:
        _apply(Refusing(), todo.changes, todo.unchanged, [], target, force=False)
    assert str(caught.value).startswith(
        f"caldav: dav.example.com answered PUT with 507 after 2 of {len(wanted)} changes "
        f"({CAL}: 2 created, 0 updated, 0 deleted, 0 unchanged;")
    assert str(caught.value).endswith("run the same command again to finish")
