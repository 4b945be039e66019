"""`planner publish` against real CalDAV servers (Radicale with a login, and xandikos), run
through the real CLI in-process; plus the plugin hook with a third-party fake publisher.

One calendar per test in a server shared by the module, so the servers start once.
"""

from __future__ import annotations

import re
import socket
import threading
import types
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote
from xml.etree import ElementTree

import icalendar
import pytest

from planner import hookimpl
from planner.publishing import PublishReport
from test_publish_servers import PASSWORD, RUNNERS, USER, CuttingProxy, running_radicale
from test_startup import CALDAV, loaded

from conftest import FakeEntryPoint, error, load_json, ok

pytestmark = pytest.mark.slow

START = ("--start", "2026-11-23", "--tz", "Europe/Berlin")
NS = {"D": "DAV:", "C": "urn:ietf:params:xml:ns:caldav"}


@pytest.fixture(scope="module", params=sorted(RUNNERS))
def server(request, tmp_path_factory):
    with RUNNERS[request.param](tmp_path_factory.mktemp(request.param)) as running:
        yield running


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No real ~/.netrc, log or password of the person running the tests."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    monkeypatch.delenv("PLANNER_LOG", raising=False)


@pytest.fixture
def calendar(server, monkeypatch, request):
    """A fresh calendar for this test; the options that reach it; the password in the env."""
    name = re.sub(r"[^a-z0-9]+", "-", request.node.name.lower()).strip("-")[:60]
    url = server.make_calendar(name)
    options = ["-o", f"caldav.url={url}"]
    if server.user:
        options += ["-o", f"caldav.user={server.user}"]
        monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", server.password)
    return types.SimpleNamespace(url=url, path=url.removeprefix(server.base), options=options)


@pytest.fixture
def proxy(server):
    """A proxy in front of the server that counts the requests a publish sends (never cut):
    the etags alone cannot show that nothing was sent, since the same event sent again gets
    the same content-hash etag."""
    running = CuttingProxy(server.port)
    try:
        yield running
    finally:
        running.close()
    assert running.problems == []


def through(proxy, calendar) -> list[str]:
    """The calendar's options, its URL through `proxy`."""
    return ["-o", f"caldav.url=http://127.0.0.1:{proxy.port}{calendar.path}",
            *calendar.options[2:]]


def sent_uids(lines: list[str]) -> list[str]:
    """The uids in "PUT /…/<uid>.ics" lines, as the proxy saw them."""
    return sorted(unquote(line.rsplit("/", 1)[1]).removesuffix(".ics") for line in lines)


# -- reading the server as an independent client ---------------------------------------------

def query(server, path, start=None, end=None) -> dict[str, tuple[str, icalendar.Event]]:
    """uid -> (etag, VEVENT) of the events a calendar-query finds, in a time range if given."""
    span = ""
    if start is not None:
        span = (f'<C:time-range start="{start:%Y%m%dT%H%M%SZ}" '
                f'end="{end:%Y%m%dT%H%M%SZ}"/>')
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:prop><D:getetag/><C:calendar-data/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">{span}
</C:comp-filter></C:comp-filter></C:filter></C:calendar-query>""".encode()
    status, reply, _ = server.request("REPORT", path, body, {"Depth": "1",
                                                            "Content-Type": "text/xml"})
    assert status == 207, reply[:300]
    found = {}
    for response in ElementTree.fromstring(reply).iterfind("D:response", NS):
        data = response.findtext(".//C:calendar-data", namespaces=NS)
        if not data:
            continue
        etag = response.findtext(".//D:getetag", namespaces=NS)
        (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
        found[str(event["UID"])] = (etag, event)
    return found


def sessions(document):
    return [s for week in document["weeks"] for s in week["sessions"]]


def put_event(server, path, uid, summary):
    body = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
            f"UID:{uid}\r\nDTSTAMP:20261101T000000Z\r\nDTSTART:20261125T180000Z\r\n"
            f"DURATION:PT1H\r\nSUMMARY:{summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()
    status, reply, _ = server.request("PUT", f"{path}{uid}.ics", body,
                                      {"Content-Type": "text/calendar"})
    assert status in (201, 204), reply[:300]


# -- the whole sequence, on each server -------------------------------------------------------

def test_publish_keeps_the_calendar_in_step(cli, tmp_path, server, calendar, proxy):
    options = through(proxy, calendar)  # the proxy counts what each publish sends
    # Someone's own event, and a second plan whose name ends like this one's, share the calendar.
    put_event(server, calendar.path, "dentist-1@example.com", "Dentist")
    ok(cli("build", *START, "--weeks", "2", "--name", "my-plan", "--time", "18:30",
           "--out-dir", "other"))
    ok(cli("publish", "other/my-plan.json", "--to", "caldav", *calendar.options))

    theirs = {s["uid"] for s in sessions(load_json(tmp_path / "other" / "my-plan.json"))}

    ok(cli("build", *START))
    plan = load_json(tmp_path / "plan.json")
    slug = re.fullmatch(r"[0-9-]{10}-1-(.+)@band-planner", sessions(plan)[0]["uid"])[1]
    assert slug == f"plan-{plan['id']}"
    first = ok(cli("publish", "plan.json", "--to", "caldav", *options))
    assert "12 created, 0 updated, 0 deleted, 0 unchanged" in first.out
    assert proxy.puts == 12 and len(proxy.sent()) == 12
    held = query(server, calendar.path)
    ours = {uid: item for uid, item in held.items()
            if uid in {s["uid"] for s in sessions(plan)}}
    assert len(ours) == 12 and len(held) == 12 + 6 + 1
    for session in sessions(plan):  # each event found exactly at its UTC instant
        start = datetime.fromisoformat(session["start"]).astimezone(UTC)
        assert set(query(server, calendar.path, start, start + timedelta(minutes=1))) == {
            session["uid"]}, session["uid"]
        assert set(query(server, calendar.path, start - timedelta(minutes=1), start)) == set()
        event = ours[session["uid"]][1]
        assert event["DTSTART"].dt.astimezone(UTC) == start
        assert str(event["X-BAND-PLANNER-PLAN"]) == slug

    # The published event is the .ics file's event (markers aside), VTIMEZONE included.
    ok(cli("export", "plan.json", "-f", "ics"))
    exported = {str(e["UID"]): e for e in
                icalendar.Calendar.from_ical((tmp_path / "plan.ics").read_bytes()).walk("VEVENT")}
    for uid, (_, event) in ours.items():
        for key in ("DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "SEQUENCE", "DTSTAMP"):
            assert event[key].to_ical() == exported[uid][key].to_ical(), key

    before = len(proxy.forwarded)
    again = ok(cli("publish", "plan.json", "--to", "caldav", *options))
    assert "0 created, 0 updated, 0 deleted, 12 unchanged" in again.out
    assert len(proxy.forwarded) > before, "the publish read the calendar through the proxy"
    assert proxy.sent(before) == [], "nothing sent: no PUT, no DELETE"
    assert query(server, calendar.path) == held, "every etag is the same"

    # A hard first week, then adapt --publish: only the re-dosed sessions are sent.
    log = str(tmp_path / "log.sqlite3")
    for session in sessions(plan)[:3]:
        for item in session["items"]:
            reps = f"{item['reps']}/{item['reps']}" if item["per_side"] else str(item["reps"])
            ok(cli("log", session["date"], "--exercise", item["exercise"], "--reps",
                   ",".join([reps] * item["sets"]), "--feel", "hard", "--log", log,
                   "--no-adapt"))
    before = len(proxy.forwarded)
    adapted = ok(cli("adapt", "plan.json", "--from", "2026-11-30", "--log", log,
                     "--publish", "caldav", *options))
    changed = {s["uid"] for s in sessions(load_json(tmp_path / "plan.json")) if s["revision"]}
    assert changed
    assert (f"0 created, {len(changed)} updated, 0 deleted, {12 - len(changed)} unchanged"
            in adapted.out)
    sent = proxy.sent(before)  # xandikos answers 423 to a write while it commits another:
    assert all(line.startswith("PUT ") for line in sent), sent  # those are sent again
    assert sorted(set(sent_uids(sent))) == sorted(changed), "only the re-dosed sessions"
    after = query(server, calendar.path)
    assert {uid for uid in held if after[uid][0] != held[uid][0]} == changed

    # Rebuilt shorter: the last two weeks go; the other plan and the dentist stay.
    ok(cli("build", *START, "--weeks", "2", "--force"))
    before = len(proxy.forwarded)
    shorter = ok(cli("publish", "plan.json", "--to", "caldav", *options))
    assert "0 created, 6 updated, 6 deleted, 0 unchanged" in shorter.out  # "of 2 weeks" now
    sent = proxy.sent(before)
    kept = {s["uid"] for s in sessions(load_json(tmp_path / "plan.json"))}
    assert sorted(set(sent_uids([line for line in sent if line.startswith("PUT ")]))) == sorted(
        kept)
    assert sorted(set(sent_uids([line for line in sent if line.startswith("DELETE ")]))) == (
        sorted(set(ours) - kept))
    left = query(server, calendar.path)
    assert "dentist-1@example.com" in left
    assert theirs <= set(left) and len(theirs) == 6
    assert set(left) - theirs - {"dentist-1@example.com"} == {
        s["uid"] for s in sessions(load_json(tmp_path / "plan.json"))}
    # Every update carried a higher SEQUENCE than the copy it replaced.
    for uid in kept:
        assert left[uid][1]["SEQUENCE"] > after[uid][1].get("SEQUENCE", 0), uid


def test_dry_run_says_what_would_change_and_sends_nothing(cli, server, calendar):
    ok(cli("build", *START, "--weeks", "1"))
    result = ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options, "--dry-run"))
    assert "would create 3, update 0, delete 0; 0 unchanged" in result.out
    assert "create 2026-11-23 07:00 Europe/Berlin" in result.out
    assert query(server, calendar.path) == {}


def test_a_change_on_the_server_meanwhile_is_skipped_unless_forced(cli, server, calendar,
                                                                   monkeypatch):
    """A user edit between our read and our write is not overwritten (If-Match), and is
    reported; --force overwrites it."""
    from planner_caldav.server import Server

    ok(cli("build", *START, "--weeks", "1"))
    ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options))
    ok(cli("build", *START, "--weeks", "1", "--minutes", "45"))  # every event changes
    (uid, (_, event)), *_ = sorted(query(server, calendar.path).items())
    edited = event.to_ical().decode().replace("SUMMARY:", "SUMMARY:Moved by me - ")

    real = Server.list_events

    def read_then_user_edits(self):  # the user edits on the server once the publisher read it
        found = real(self)
        body = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n{edited}END:VCALENDAR\r\n"
        status, reply, _ = server.request("PUT", f"{calendar.path}{uid}.ics", body.encode(),
                                          {"Content-Type": "text/calendar"})
        assert status in (201, 204), reply
        return found

    monkeypatch.setattr(Server, "list_events", read_then_user_edits)
    result = ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options))
    assert "2 updated" in result.out and "1 kept as changed there" in result.out
    assert ("2026-11-23 07:00 Europe/Berlin: changed on the server while publishing; not "
            "updated; --force to overwrite") in result.out
    assert str(query(server, calendar.path)[uid][1]["SUMMARY"]).startswith("Moved by me")
    monkeypatch.setattr(Server, "list_events", real)
    forced = ok(cli("publish", "plan.json", "--to", "caldav", *calendar.options, "--force"))
    assert "1 updated, 0 deleted, 2 unchanged" in forced.out
    assert not str(query(server, calendar.path)[uid][1]["SUMMARY"]).startswith("Moved")


def test_build_publish_and_missing_calendar(cli, server, calendar):
    ok(cli("build", *START, "--weeks", "1", "--publish", "caldav", *calendar.options))
    assert len(query(server, calendar.path)) == 3
    missing = calendar.url.rstrip("/") + "-typo/"
    line = error(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={missing}",
                     *calendar.options[2:]), "no calendar at", missing)
    assert calendar.url.rstrip("/").rsplit("/", 1)[1] in line, "names the calendars there"


# -- failures that need one server or none ---------------------------------------------------

@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    with running_radicale(tmp_path_factory.mktemp("radicale-alone")) as running:
        yield running


def test_wrong_password_is_one_line_and_never_shown(cli, radicale, monkeypatch):
    url = radicale.make_calendar("wrong-password")
    ok(cli("build", *START, "--weeks", "1"))
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "not-the-password")
    result = cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={url}",
                 "-o", f"caldav.user={USER}")
    error(result, "refused the login as alice (401)", "$PLANNER_CALDAV_PASSWORD")
    assert "not-the-password" not in result.err + result.out


def test_password_from_netrc(cli, radicale, tmp_path):
    url = radicale.make_calendar("netrc")
    home = tmp_path / "home"
    home.mkdir()
    (home / ".netrc").write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
    (home / ".netrc").chmod(0o600)
    ok(cli("build", *START, "--weeks", "1"))
    result = ok(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={url}"))
    assert "3 created" in result.out and PASSWORD not in result.out + result.err


def test_password_from_the_hidden_prompt(cli, radicale, monkeypatch):
    """In a terminal, with no password in the environment or ~/.netrc, it is asked for
    without echo; it logs in and is shown nowhere."""
    import getpass

    import planner_caldav.password as password

    url = radicale.make_calendar("prompt")
    prompts = []

    def typed(prompt=""):
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr(password, "_interactive", lambda: True)
    monkeypatch.setattr(getpass, "getpass", typed)
    ok(cli("build", *START, "--weeks", "1"))
    result = ok(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={url}",
                    "-o", f"caldav.user={USER}"))
    assert prompts == [f"CalDAV password for {USER} at 127.0.0.1: "]
    assert "3 created" in result.out, "the typed password logged in"
    assert PASSWORD not in result.out + result.err
    assert len(query(radicale, url.removeprefix(radicale.base))) == 3


def test_http_to_another_machine_with_insecure_yes_warns_on_stderr(cli, radicale, monkeypatch):
    """caldav.insecure=yes allows http:// to a host that is not this machine, with a warning.
    The host name is made to resolve to the local Radicale, so nothing leaves the machine."""
    host = "calendar.example.test"
    real = socket.getaddrinfo

    def resolve(name, *args, **kwargs):
        return real("127.0.0.1" if name == host else name, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    path = radicale.make_calendar("cleartext").removeprefix(radicale.base)
    monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", PASSWORD)
    ok(cli("build", *START, "--weeks", "1"))
    url = f"http://{host}:{radicale.port}{path}"
    result = ok(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={url}",
                    "-o", f"caldav.user={USER}", "-o", "caldav.insecure=yes"))
    assert result.err == (f"Warning: caldav: http:// to {host}: the password travels in "
                          "clear text\n")
    assert result.out.strip() == f"{url}: 3 created, 0 updated, 0 deleted, 0 unchanged"
    assert PASSWORD not in result.out + result.err
    assert len(query(radicale, path)) == 3


def test_no_password_and_no_terminal_is_a_clear_error(cli, radicale):
    ok(cli("build", *START, "--weeks", "1"))
    error(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={radicale.base}/x/",
              "-o", "caldav.user=bob"), "no password for bob", "PLANNER_CALDAV_PASSWORD")


def test_server_stopped(cli, tmp_path):
    ok(cli("build", *START, "--weeks", "1"))
    with running_radicale(tmp_path / "gone") as stopped:
        url = stopped.make_calendar("soon-gone")
    error(cli("publish", "plan.json", "--to", "caldav", "-o", f"caldav.url={url}"),
          "cannot reach 127.0.0.1", "connection refused")


def test_time_out_is_bounded(cli):
    ok(cli("build", *START, "--weeks", "1"))
    with socket.socket() as silent:  # accepts connections (backlog) and never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        started = datetime.now()
        error(cli("publish", "plan.json", "--to", "caldav", "-o",
                  f"caldav.url=http://127.0.0.1:{port}/cal/", "-o", "caldav.timeout=1"),
              "did not answer within 1 s")
        assert datetime.now() - started < timedelta(seconds=8)


class Garbage(BaseHTTPRequestHandler):
    def do_PROPFIND(self):  # noqa: N802 - http.server's naming
        body = b"<html><body>Welcome to my router</body></html>"
        self.send_response(207)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_server_answering_garbage(cli):
    ok(cli("build", *START, "--weeks", "1"))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Garbage)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        error(cli("publish", "plan.json", "--to", "caldav", "-o",
                  f"caldav.url=http://127.0.0.1:{httpd.server_port}/cal/"),
              "is not answering like a CalDAV server")
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.parametrize("options, words", [
    ([], ["caldav.url", "required"]),
    (["-o", "caldav.url=http://calendar.example.com/me/"], ["password in clear", "https://"]),
    (["-o", "caldav.url=ftp://x/"], ["caldav.url", "not an http"]),
    (["-o", "caldav.url=https://me:pw@x/"], ["caldav.url", "no user name or password"]),
    (["-o", "caldav.url=https://x/", "-o", "caldav.timeout=0"], ["caldav.timeout"]),
    (["-o", "caldav.url=https://x/", "-o", "caldav.alarm=soon"],
     ["--option caldav.alarm: 'soon' is not allowed"]),
    (["-o", "caldav.url=https://x/", "-o", "caldav.colour=red"], ["caldav.colour", "accepts"]),
    (["-o", "pdf.paper=a4"], ["'pdf' is not the chosen publisher"]),
])
def test_bad_options_fail_before_any_network(cli, options, words):
    ok(cli("build", *START, "--weeks", "1"))
    error(cli("publish", "plan.json", "--to", "caldav", *options), *words)


def test_unknown_publisher_and_build_publish_writes_nothing_on_bad_options(cli, tmp_path):
    error(cli("publish", "plan.json", "--to", "gcal"), "--to: unknown publisher 'gcal'",
          "caldav")
    error(cli("build", *START, "--publish", "caldav", "-o", "caldav.timeout=2"), "caldav.url")
    assert list(tmp_path.glob("plan.*")) == []


# -- the hook, with a third-party publisher from an entry point ------------------------------

class NotePublisher:
    """Publishes a plan as a note: counts what it got, keeps the plans in a list."""

    name, description = "notes", "test publisher"
    options = {"folder": "where the notes go"}

    def __init__(self):
        self.calls = []

    def publish(self, plan, options, dry_run=False):
        self.calls.append((plan.name, len(list(plan.sessions())), dict(options), dry_run))
        return PublishReport(created=len(list(plan.sessions())), dry_run=dry_run,
                             where=options.get("folder", ""))


def _install(entry_points, publisher) -> None:
    module = types.SimpleNamespace()

    @hookimpl
    def register_publishers(register):
        register(publisher)

    module.register_publishers = register_publishers
    entry_points.append(FakeEntryPoint("notes", lambda: module, dist="band-planner-fake",
                                       version="2.0"))


def test_hook_register_publishers_third_party_publisher(entry_points, cli):
    publisher = NotePublisher()
    _install(entry_points, publisher)
    ok(cli("build", *START, "--weeks", "1"))
    result = ok(cli("publish", "plan.json", "--to", "notes", "-o", "folder=~/Notes"))
    assert result.out.strip() == "~/Notes: 3 created, 0 updated, 0 deleted, 0 unchanged"
    assert publisher.calls == [("plan", 3, {"folder": "~/Notes"}, False)]
    error(cli("publish", "plan.json", "--to", "notes", "--force"),
          "--force: the notes publisher", "band-planner-fake==2.0", "does not support it")
    built = ok(cli("build", *START, "--weeks", "2", "--publish", "notes",
                   "-o", "notes.folder=N", "-f", "json"))
    assert "6 created" in built.out and publisher.calls[-1][:3] == ("plan", 6, {"folder": "N"})


def test_a_crashing_publisher_is_exit_1_naming_it(entry_points, cli):
    class Crashing(NotePublisher):
        def publish(self, plan, options):
            raise SystemExit("bye")

    _install(entry_points, Crashing())
    ok(cli("build", *START, "--weeks", "1"))
    result = cli("publish", "plan.json", "--to", "notes")
    assert result.code == 1
    assert result.err == ("Error: publisher 'notes' from plugin 'notes' "
                          "(band-planner-fake==2.0) failed: SystemExit: bye\n")


def test_publish_help_stays_lean(tmp_path):
    """The caldav library (and its HTTP and XML stack) loads only when publishing; the
    other commands are checked with it in test_startup.py."""
    assert not loaded(tmp_path, "publish", "--help") & (CALDAV | {"icalendar"})


# -- the config file's [publish] table ---------------------------------------------------------

def write_config(tmp_path, monkeypatch, text: str):
    path = tmp_path / "config.toml"
    path.write_text(text)
    monkeypatch.setenv("PLANNER_CONFIG", str(path))
    return path


def test_publish_and_adapt_take_the_calendar_from_the_config_file(cli, calendar, server,
                                                                  tmp_path, monkeypatch):
    """Once the calendar is in the config file, the weekly `adapt --publish caldav` and a bare
    `planner publish PLAN` need no options; the command line still wins."""
    user = f'user = "{server.user}"\n' if server.user else ""
    write_config(tmp_path, monkeypatch,
                 f'[publish]\nto = "caldav"\n\n[publish.caldav]\nurl = "{calendar.url}"\n{user}')
    ok(cli("build", *START, "--weeks", "1"))
    first = ok(cli("publish", "plan.json"))
    assert first.out.strip() == f"{calendar.url}: 3 created, 0 updated, 0 deleted, 0 unchanged"
    assert len(query(server, calendar.path)) == 3
    again = ok(cli("adapt", "plan.json", "--from", "2026-11-23", "--publish", "caldav"))
    assert "0 created, 0 updated, 0 deleted, 3 unchanged" in again.out
    elsewhere = server.make_calendar("config-overridden")
    moved = ok(cli("publish", "plan.json", "-o", f"caldav.url={elsewhere}"))
    assert moved.out.startswith(f"{elsewhere}: 3 created")


@pytest.mark.parametrize("table, message", [
    ('[publish.caldav]\nurl = "https://dav.example.com/"\nusr = "anna"\n',
     "publish.caldav.usr: did you mean 'user'? the caldav publisher has no option 'usr'"),
    ('[publish.caldav]\nurl = "ftp://dav.example.com/"\n',
     "publish.caldav.url: 'ftp://dav.example.com/' is not an http:// or https:// URL"),
    ('[publish.caldav]\nurl = "https://dav.example.com/"\npassword = "hunter2"\n',
     "publish.caldav.password: passwords are never kept in the config file"),
    ('[publish.caldav]\nurl = 5\n', "publish.caldav.url: expected a string, not a whole number (5)"),
    ('[publish]\nto = 5\n', "publish.to: expected a publisher's name"),
    ('[publish]\nfolder = "x"\n', "publish.folder: unknown key"),
    ('[publsh]\nto = "caldav"\n', "[publsh]: unknown table; did you mean [publish]?"),
])
def test_bad_publish_settings_name_the_file_and_key(cli, tmp_path, monkeypatch, table, message):
    monkeypatch.setenv("PLANNER_CONFIG", str(tmp_path / "none.toml"))
    ok(cli("build", "--weeks", "1", "-f", "json", "--out-dir", "plans"))
    config = write_config(tmp_path, monkeypatch, table)
    result = cli("publish", "plans/plan.json", "--to", "caldav")
    assert result.code == 2
    assert result.err.startswith(f"Error: {config}: {message}"), result.err
    assert "hunter2" not in result.out + result.err


def test_publish_without_a_publisher_says_how_to_name_one(cli, tmp_path, monkeypatch):
    write_config(tmp_path, monkeypatch, "[build]\nweeks = 1\n")
    ok(cli("build"))
    result = cli("publish", "plan.json")
    assert result.code == 2
    assert result.err.strip() == ("Error: --to: name where to publish, e.g. --to caldav (or set "
                                  "`to` in the config file's [publish] table)")



@pytest.mark.parametrize("command", [("publish", "plan.json", "--to", "notes"),
                                     ("adapt", "plan.json", "--publish", "notes")])
def test_an_interrupt_while_publishing_says_what_may_have_been_sent(entry_points, cli, command):
    """Not "nothing was written": events may be on the server, the plan file on disk."""
    class Interrupted(NotePublisher):
        def publish(self, plan, options):
            raise KeyboardInterrupt

    _install(entry_points, Interrupted())
    ok(cli("build", *START, "--weeks", "1"))
    result = cli(*command)
    assert result.code == 130
    wrote = "plan.json was written; " if command[0] == "adapt" else ""
    assert result.err == (f"Error: interrupted while publishing: {wrote}some events may have "
                          "been sent; run `planner publish plan.json --to notes` to finish\n")
