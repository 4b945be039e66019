"""Calendar sync as the README's "Publishing to your calendar" says, through the real CLI
against Radicale and xandikos: a user's edit survives `adapt --publish`; two plans of one name
publish side by side; a rebuild raises SEQUENCE; the retry hint works as printed (issue 24)."""

from __future__ import annotations

import re
import shlex

import icalendar
import pytest

import test_publish
from test_publish import START, isolated, query, sessions  # noqa: F401 - isolated: autouse
from test_publish_servers import running_radicale

from conftest import error, load_json, ok

pytestmark = pytest.mark.slow

# test_publish's fixtures: both servers, started once per module; a fresh calendar a test.
server, calendar = test_publish.server, test_publish.calendar


def log_hard_first_week(cli, plan, log) -> None:
    for session in sessions(plan)[:3]:
        for item in session["items"]:
            reps = f"{item['reps']}/{item['reps']}" if item["per_side"] else str(item["reps"])
            ok(cli("log", session["date"], "--exercise", item["exercise"], "--reps",
                   ",".join([reps] * item["sets"]), "--feel", "hard", "--log", log))


def edit(server, path: str, uid: str, event: icalendar.Event, keep_markers: bool) -> None:
    """What a calendar app does: the session moved to 18:00 and a note added, as a separate
    client writes it (markers kept, or dropped as some apps do)."""
    changed = icalendar.Event()
    for key, value in event.items():
        if keep_markers or not key.startswith("X-BAND-PLANNER-"):
            changed.add(key, value) if key not in ("DTSTART", "DTEND") else None
    start = event["DTSTART"].dt.replace(hour=18)
    changed.add("DTSTART", start)
    changed.add("DTEND", start + (event["DTEND"].dt - event["DTSTART"].dt))
    changed["DESCRIPTION"] = "my own note"
    document = icalendar.Calendar()
    document.add("VERSION", "2.0")
    document.add("PRODID", "-//a calendar app//EN")
    document.add_component(changed)
    status, reply, _ = server.request("PUT", f"{path}{uid}.ics", document.to_ical(),
                                      {"Content-Type": "text/calendar"})
    assert status in (201, 204), reply[:300]


@pytest.mark.parametrize("keep_markers", [True, False], ids=["markers-kept", "markers-dropped"])
def test_a_users_edit_survives_adapt_publish(cli, tmp_path, server, calendar, keep_markers):
    ok(cli("build", *START, "--weeks", "3", "--publish", "caldav", *calendar.options))
    plan = load_json(tmp_path / "plan.json")
    log = str(tmp_path / "log.sqlite3")
    log_hard_first_week(cli, plan, log)
    # Every session of week 2 gets new doses from adapt: the user moved the first of them.
    moved = sessions(plan)[3]
    _, event = query(server, calendar.path)[moved["uid"]]
    edit(server, calendar.path, moved["uid"], event, keep_markers)

    adapted = ok(cli("adapt", "plan.json", "--from", "2026-11-30", "--log", log,
                     "--publish", "caldav", *calendar.options))
    changed = {s["uid"] for s in sessions(load_json(tmp_path / "plan.json")) if s["revision"]}
    assert moved["uid"] in changed
    assert "kept your change to Mon 30 Nov; --force to overwrite" in adapted.out
    assert f"{len(changed) - 1} updated" in adapted.out and "1 kept as changed" in adapted.out
    _, now = query(server, calendar.path)[moved["uid"]]
    assert now["DTSTART"].dt.hour == 18 and str(now["DESCRIPTION"]) == "my own note"

    forced = ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options, "--force"))
    assert "1 updated" in forced.out
    _, now = query(server, calendar.path)[moved["uid"]]
    assert now["DTSTART"].dt.hour == 7 and "my own note" not in str(now["DESCRIPTION"])


def test_two_plans_of_one_name_publish_side_by_side(cli, tmp_path, server, calendar):
    """Berlin into a/, New York into b/, both called "plan": publish a, b, a."""
    ok(cli("build", *START, "--weeks", "2", "--out-dir", "a"))
    ok(cli("build", "--start", "2026-11-23", "--tz", "America/New_York", "--weeks", "2",
           "--out-dir", "b"))
    a, b = load_json(tmp_path / "a" / "plan.json"), load_json(tmp_path / "b" / "plan.json")
    assert a["id"] != b["id"]
    runs = [ok(cli("publish", f"{folder}/plan.json", "--to", "caldav", *calendar.options))
            for folder in ("a", "b", "a")]
    assert "6 created, 0 updated, 0 deleted" in runs[0].out
    assert "6 created, 0 updated, 0 deleted" in runs[1].out
    assert "0 created, 0 updated, 0 deleted, 6 unchanged" in runs[2].out
    held = query(server, calendar.path)
    assert set(held) == {s["uid"] for plan in (a, b) for s in sessions(plan)}


def test_a_rebuild_with_another_time_raises_sequence(cli, tmp_path, server, calendar):
    ok(cli("build", *START, "--weeks", "1", "--publish", "caldav", *calendar.options))
    before = query(server, calendar.path)
    ok(cli("build", *START, "--weeks", "1", "--time", "18:00",
           "--publish", "caldav", *calendar.options))
    after = query(server, calendar.path)
    assert after.keys() == before.keys(), "updated in place"
    for uid, (_, event) in after.items():
        old = before[uid][1]
        assert event["DTSTART"].dt.hour == 18
        assert int(event["SEQUENCE"]) > int(old["SEQUENCE"])
        assert event["DTSTAMP"].dt > old["DTSTAMP"].dt


def test_the_retry_hint_works_as_printed(cli, tmp_path, monkeypatch):
    """adapt --publish to a server that is down: the plan is written, and the hint (with
    its -o options) publishes it once the server is back."""
    from test_publish_servers import PASSWORD, USER

    with running_radicale(tmp_path / "radicale") as radicale:
        url = radicale.make_calendar("training")
        monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
        options = ["-o", f"caldav.url={url}", "-o", f"caldav.user={USER}",
                   "-o", "caldav.alarm=30"]
        ok(cli("build", *START, "--weeks", "2", "--publish", "caldav", *options))
        port = radicale.port
    log = str(tmp_path / "log.sqlite3")
    log_hard_first_week(cli, load_json(tmp_path / "plan.json"), log)
    line = error(cli("adapt", "plan.json", "--from", "2026-11-30", "--log", log,
                     "--publish", "caldav", *options), "cannot reach", "plan.json was written")
    hint = re.search(r"publish it again with `([^`]+)`", line)[1]
    words = shlex.split(hint)
    assert words[:2] == ["planner", "publish"] and "caldav.alarm=30" in hint
    with running_radicale(tmp_path / "radicale", port=port) as radicale:
        done = ok(cli(*words[1:]))
        assert "0 created" in done.out and "updated" in done.out
        held = query(radicale, url.removeprefix(radicale.base))
        assert set(held) == {s["uid"] for s in sessions(load_json(tmp_path / "plan.json"))}
        assert all(str(e.walk("VALARM")[0]["TRIGGER"].to_ical().decode()) == "-PT30M"
                   for _, e in held.values())


def test_a_plan_made_before_ids_keeps_its_uids_and_updates_in_place(cli, tmp_path, server,
                                                                     calendar):
    """A plan file without an id (as 0.2 wrote it): published, then rebuilt over at another
    time, its events are updated in place under the same uids."""
    import json

    ok(cli("build", *START, "--weeks", "1"))
    document = load_json(tmp_path / "plan.json")
    del document["id"], document["stamp"]
    for session in sessions(document):
        session["uid"] = f"{session['date']}-1-plan@band-planner"
    (tmp_path / "plan.json").write_text(json.dumps(document))
    ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options))
    before = query(server, calendar.path)
    assert set(before) == {s["uid"] for s in sessions(document)}

    ok(cli("build", *START, "--weeks", "1", "--time", "18:00"))
    rebuilt = load_json(tmp_path / "plan.json")
    assert "id" not in rebuilt
    assert [s["uid"] for s in sessions(rebuilt)] == [s["uid"] for s in sessions(document)]
    done = ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options))
    assert "0 created, 3 updated, 0 deleted, 0 unchanged" in done.out
    after = query(server, calendar.path)
    assert after.keys() == before.keys()
    assert all(event["DTSTART"].dt.hour == 18 for _, event in after.values())
