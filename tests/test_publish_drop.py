"""Issue 15: "If the connection drops mid-publish, what was done is reported, and running the
command again finishes the job without duplicates."

Radicale (with its login) sits behind a small TCP proxy (CuttingProxy, in
test_publish_servers.py), which relays the bytes unchanged but reads the HTTP/1.1 requests
going through so it can count them. Told to, it cuts every connection at a chosen PUT (or DELETE): either before forwarding it (the server
never sees it), or after forwarding it, once the server's reply starts coming back (the
server has made the change but the publisher never learns it), relaying none or part of that
reply and closing with a reset or a plain end; or it holds the reply back for good (a
time-out). Until healed it then resets every new connection, so the publisher cannot quietly
carry on over a fresh one. Each failed publish must be one `Error:` line, exit 2, saying how
many changes were made and to run the command again; the rerun must finish the job with
every session's event exactly once, and a third run must send nothing.
"""

from __future__ import annotations

import base64
import re
import time
from datetime import UTC, datetime, timedelta
from xml.etree import ElementTree

import pytest

from test_publish import NS, START, isolated, query  # noqa: F401 - isolated: autouse fixture
from test_publish_servers import PASSWORD, USER, Cut, CuttingProxy, running_radicale

from conftest import error, load_json, ok

pytestmark = pytest.mark.slow

TIMEOUT = 5  # caldav.timeout: a publish that hangs instead of failing fails the test


# -- fixtures -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    with running_radicale(tmp_path_factory.mktemp("radicale-drop")) as running:
        yield running


@pytest.fixture
def proxy(radicale):
    running = CuttingProxy(radicale.port)
    try:
        yield running
    finally:
        running.close()
    assert running.problems == []


@pytest.fixture
def calendar(radicale, proxy, monkeypatch, request):
    """A fresh calendar; the options that reach it through the proxy; the password."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]
    path = radicale.make_calendar(name).removeprefix(radicale.base)
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    # One request at a time, so each test knows which request the cut meets and can count
    # what was done exactly; the last test drops a publish sending several at once.
    options = ["-o", f"caldav.url=http://127.0.0.1:{proxy.port}{path}",
               "-o", f"caldav.user={USER}", "-o", f"caldav.timeout={TIMEOUT}",
               "-o", "caldav.connections=1"]
    return path, options


PROPFIND = (b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop><D:getetag/>'
            b'</D:prop></D:propfind>')
SECRETS = (PASSWORD, base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode())


def publish(cli, options):
    started = time.monotonic()
    result = cli("publish", "plan.json", "--to", "caldav", *options)
    assert time.monotonic() - started < TIMEOUT, "no waiting for a time-out"
    for secret in SECRETS:
        assert secret not in result.out + result.err
    return result


def interrupted(cli, proxy, options, rule: Cut, done: int, planned: int,
                why: str = "the connection was dropped"):
    """Publish through a proxy cut at `rule`: exit 2 and one line that says why, that `done`
    of `planned` changes were made, and to run the command again. The line."""
    proxy.cut_at(rule)
    result = publish(cli, options)
    line = error(result, why, f"after {done} of {planned} changes",
                 "run the same command again to finish")
    assert result.out == ""
    assert proxy.is_cut, "the publish failed because of the cut, not before it"
    return line


def finished(radicale, path, plan) -> dict:
    """The calendar holds every session of `plan` exactly once (each uid in one resource,
    nothing else), at its UTC instant. The events, uid -> (etag, VEVENT)."""
    held = query(radicale, path)
    sessions = [s for week in plan["weeks"] for s in week["sessions"]]
    assert sorted(held) == sorted(s["uid"] for s in sessions)
    assert len(calendar_files(radicale, path)) == len(sessions), "no second copy anywhere"
    for session in sessions:
        start = datetime.fromisoformat(session["start"]).astimezone(UTC)
        assert held[session["uid"]][1]["DTSTART"].dt.astimezone(UTC) == start
        assert set(query(radicale, path, start, start + timedelta(minutes=1))) == {
            session["uid"]}
    return held


def calendar_files(radicale, path) -> list[str]:
    """Every resource in the collection, as the server lists it (not only what a
    calendar-query finds): a second copy under another name would show here."""
    status, reply, _ = radicale.request("PROPFIND", path, PROPFIND, {"Depth": "1"})
    assert status == 207, reply[:300]
    hrefs = [href.text or "" for href in ElementTree.fromstring(reply).iterfind(
        "D:response/D:href", NS)]
    return sorted(href for href in hrefs if href.rstrip("/") != path.rstrip("/"))


# -- the tests ------------------------------------------------------------------------------

def test_a_drop_between_puts_is_reported_and_the_rerun_finishes(cli, tmp_path, radicale, proxy,
                                                                calendar):
    path, options = calendar
    ok(cli("build", *START))
    plan = load_json(tmp_path / "plan.json")

    interrupted(cli, proxy, options, Cut(3), done=3, planned=12)
    assert proxy.puts == 3
    assert len(query(radicale, path)) == 3, "exactly what the message says was done"
    assert proxy.refused == 0, "the publisher stopped at the drop: it did not carry on"

    # Still cut off: a plain connection failure, before anything is read or sent.
    error(publish(cli, options), "cannot reach 127.0.0.1")
    assert proxy.refused >= 1 and proxy.puts == 3

    proxy.heal()
    again = ok(publish(cli, options))
    assert "9 created, 0 updated, 0 deleted, 3 unchanged" in again.out
    assert proxy.puts == 3 + 9
    held = finished(radicale, path, plan)

    third = ok(publish(cli, options))
    assert "0 created, 0 updated, 0 deleted, 12 unchanged" in third.out
    assert proxy.puts == 12, "nothing sent"
    assert query(radicale, path) == held


@pytest.mark.parametrize("rule", [
    Cut(4, reply=0),  # nothing of the answer, then a reset
    Cut(4, reply=9),  # "HTTP/1.1 ", then a reset
    Cut(4, reply=9, close="eof"),  # "HTTP/1.1 ", then the connection closes
    Cut(4, reply=30, close="eof"),  # the status line and part of a header, then closes
], ids=["no-reply-reset", "half-status-reset", "half-status-eof", "half-headers-eof"])
def test_a_drop_in_the_middle_of_a_reply(cli, tmp_path, radicale, proxy, calendar, rule):
    """The 4th PUT reaches the server, which creates the event, but its answer is cut: the
    publisher knows of 3. The rerun finds the 4th already there and sends only the rest."""
    path, options = calendar
    ok(cli("build", *START))
    plan = load_json(tmp_path / "plan.json")

    interrupted(cli, proxy, options, rule, done=3, planned=12)
    assert proxy.puts == 4
    assert len(query(radicale, path)) == 4

    proxy.heal()
    again = ok(publish(cli, options))
    assert "8 created, 0 updated, 0 deleted, 4 unchanged" in again.out
    finished(radicale, path, plan)
    third = ok(publish(cli, options))
    assert "0 created, 0 updated, 0 deleted, 12 unchanged" in third.out
    assert proxy.puts == 12


def test_a_drop_while_updating_and_deleting(cli, tmp_path, radicale, proxy, calendar):
    """A rebuilt plan changes every event and drops a week: updates (If-Match) then deletes.
    A reply cut during the updates, then a drop before a delete: each rerun finishes."""
    path, options = calendar
    ok(cli("build", *START))
    ok(publish(cli, options))
    ok(cli("build", *START, "--weeks", "3", "--minutes", "45"))  # 9 updates, 3 deletes
    plan = load_json(tmp_path / "plan.json")

    interrupted(cli, proxy, options, Cut(2, reply=0), done=1, planned=12)
    proxy.heal()
    # The 2nd update was made on the server: this run finds 7 updates and 3 deletes to do.
    interrupted(cli, proxy, options, Cut(1, method="DELETE"), done=8, planned=10)
    proxy.heal()
    last = ok(publish(cli, options))
    assert "0 created, 0 updated, 2 deleted, 9 unchanged" in last.out
    finished(radicale, path, plan)
    assert "0 created, 0 updated, 0 deleted, 9 unchanged" in ok(publish(cli, options)).out


def test_a_reply_that_never_comes_is_a_bounded_wait(cli, tmp_path, radicale, proxy, calendar):
    """The connection stays open but the 4th PUT's answer never comes (the server made the
    change): the time-out ends the wait, reported like a drop; the rerun finishes."""
    path, options = calendar
    options = [*options, "-o", "caldav.timeout=1"]  # the last one given wins
    ok(cli("build", *START))
    started = time.monotonic()
    interrupted(cli, proxy, options, Cut(4, reply=0, close="stall"), done=3, planned=12,
                why="did not answer within 1 s")
    assert time.monotonic() - started < 3
    assert len(query(radicale, path)) == 4
    proxy.heal()
    again = ok(publish(cli, options))
    assert "8 created, 0 updated, 0 deleted, 4 unchanged" in again.out
    finished(radicale, path, load_json(tmp_path / "plan.json"))


def test_a_drop_while_sending_several_at_once(cli, tmp_path, radicale, proxy, calendar):
    """Four requests at a time, cut after the 6th PUT: the message counts what the publisher
    knows was made (the others in flight may have been made too); the rerun finishes with
    every session exactly once, and a third run sends nothing."""
    path, options = calendar
    options = [*options[:-2], "-o", "caldav.connections=4"]
    ok(cli("build", *START))
    plan = load_json(tmp_path / "plan.json")
    proxy.cut_at(Cut(6))
    line = error(publish(cli, options), "the connection was dropped", "of 12 changes",
                 "those being sent may have been made too", "run the same command again")
    done = int(re.search(r"after ([0-9]+) of 12", line)[1])
    assert done <= len(query(radicale, path)) <= 6
    proxy.heal()
    ok(publish(cli, options))
    finished(radicale, path, plan)
    third = ok(publish(cli, options))
    assert "0 created, 0 updated, 0 deleted, 12 unchanged" in third.out
