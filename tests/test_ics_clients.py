"""The `ics` export in real calendar software: khal (import into a vdir) and a Radicale
CalDAV server started on 127.0.0.1 for the test.

Each plan spans a daylight-saving change or puts a session on a skipped or repeated wall
time. Every check runs twice: with the real TZID, and with the TZID renamed so that the
client must place the events by the file's VTIMEZONE alone.
"""

from __future__ import annotations

import base64
import http.client
import os
import re
import socket
import subprocess
import sys
import time as clock
from collections import Counter
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner_ics import IcsExporter

from conftest import make_plan

pytestmark = pytest.mark.slow

EXPORTER = IcsExporter()
KHAL = Path(sys.executable).parent / "khal"

# case -> (zone, first Monday, days, time[, weeks])
CASES = {
    "berlin-spring": ("Europe/Berlin", date(2026, 3, 23), ("mon", "wed", "fri", "sun"), time(7, 0)),
    "berlin-repeated": ("Europe/Berlin", date(2026, 10, 19), ("sun",), time(2, 30)),
    "berlin-across": ("Europe/Berlin", date(2026, 3, 23), ("sun",), time(1, 45)),
    "new-york-fall": ("America/New_York", date(2026, 10, 26), ("mon", "thu", "sun"), time(6, 45)),
    "new-york-repeated": ("America/New_York", date(2026, 10, 26), ("sun",), time(1, 30)),
    "new-york-skipped": ("America/New_York", date(2026, 3, 2), ("sun",), time(2, 15)),
    "lord-howe-april": ("Australia/Lord_Howe", date(2026, 3, 30), ("tue", "sat", "sun"), time(7, 0)),
    "lord-howe-october": ("Australia/Lord_Howe", date(2026, 9, 28), ("mon", "sun"), time(9, 15)),
    "lord-howe-repeated": ("Australia/Lord_Howe", date(2026, 3, 30), ("sun",), time(1, 45)),
    "lord-howe-skipped": ("Australia/Lord_Howe", date(2026, 9, 28), ("sun",), time(2, 10)),
    # A "Friday >= 23" rule (BYMONTHDAY in the RRULE) and Morocco's Ramadan changes (no rule).
    "jerusalem-spring": ("Asia/Jerusalem", date(2026, 3, 23), ("mon", "fri", "sun"), time(7, 0)),
    "casablanca-ramadan": ("Africa/Casablanca", date(2026, 2, 9), ("sun",), time(7, 0), 7),
}
ZONES = sorted({zone for zone, *_ in CASES.values()})


def case_plan(case):
    zone, start, days, at, *weeks = CASES[case]
    return make_plan(name=case, start=start, timezone=zone, weeks=weeks[0] if weeks else 2,
                     days=days, time=at, minutes=40)


def renamed(zone: str) -> str:
    """A TZID no zone database knows (one per zone: vobject keeps one tzinfo per TZID)."""
    return "Test/" + zone.replace("/", "-")


def variants(data: bytes, zone: str) -> dict[str, bytes]:
    return {"real": data, "renamed": data.replace(zone.encode(), renamed(zone).encode())}


def sessions(plan):
    return [session for _, session in plan.sessions()]


def utc_span(session):
    start = session.start.astimezone(UTC)
    return start, start + timedelta(minutes=session.minutes)


# ------------------------------------------------------------------ khal

KHAL_CONFIG = """\
[calendars]
[[real]]
path = {root}/real
type = calendar
[[renamed]]
path = {root}/renamed
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M%z
longdatetimeformat = %Y-%m-%dT%H:%M%z
local_timezone = {zone}
default_timezone = {zone}

[sqlite]
path = {root}/khal.db
"""


def khal(config: Path, *args: str) -> str:
    env = {**os.environ, "XDG_CONFIG_HOME": str(config.parent), "XDG_DATA_HOME": str(config.parent),
           "TZ": "UTC"}
    result = subprocess.run([str(KHAL), "-c", str(config), *args], capture_output=True,
                            text=True, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("zone", ZONES)
def test_khal_imports_twice_one_event_per_session_at_local_times(tmp_path, zone):
    assert KHAL.exists(), f"khal not installed next to {sys.executable}"
    cases = [case for case, (z, *_) in CASES.items() if z == zone]
    for calendar in ("real", "renamed"):
        (tmp_path / calendar).mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(KHAL_CONFIG.format(root=tmp_path, zone=zone))
    files: dict[str, list[str]] = {"real": [], "renamed": []}
    expected = Counter()
    local = ZoneInfo(zone)
    for case in cases:
        plan = case_plan(case)
        for calendar, data in variants(EXPORTER.render(plan, {}), zone).items():
            path = tmp_path / f"{case}-{calendar}.ics"
            path.write_bytes(data)
            files[calendar].append(str(path))
            for session in sessions(plan):
                start, end = (moment.astimezone(local) for moment in utc_span(session))
                expected[f"{calendar}|{session.uid}|{start:%Y-%m-%dT%H:%M%z}|{end:%Y-%m-%dT%H:%M%z}"] += 1
    for _ in range(2):  # a second import must update the events, not add to them
        for calendar, paths in files.items():
            khal(config, "import", "--batch", "-a", calendar, *paths)

    listed = Counter()
    for calendar in files:  # one calendar at a time: `khal list` shows a UID only once
        output = khal(config, "list", "-a", calendar, "--day-format", "",
                      "--format", "{calendar}|{uid}|{start}|{end}", "2026-01-01", "2027-01-01")
        listed.update(line for line in output.splitlines() if line.strip())
    assert listed == expected
    for calendar in ("real", "renamed"):  # khal leaves temp files; only *.ics are events
        stored = [p for p in (tmp_path / calendar).iterdir() if p.name.endswith(".ics")]
        assert len(stored) == sum(len(sessions(case_plan(c))) for c in cases)


# ------------------------------------------------------------------ Radicale

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class CalDav:
    def __init__(self, port: int):
        self.port = port
        self.auth = "Basic " + base64.b64encode(b"tester:any").decode()

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body,
                               headers={"Authorization": self.auth, **(headers or {})})
            response = connection.getresponse()
            return response.status, response.read()
        finally:
            connection.close()

    def hrefs(self, body: bytes) -> set[str]:
        tree = ElementTree.fromstring(body)
        return {unquote(response.findtext("{DAV:}href"))
                for response in tree.iter("{DAV:}response")}

    def query(self, collection: str, start: datetime, end: datetime) -> set[str]:
        body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start:%Y%m%dT%H%M%SZ}" end="{end:%Y%m%dT%H%M%SZ}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>""".encode()
        status, reply = self.request("REPORT", collection, body,
                                     {"Depth": "1", "Content-Type": "application/xml"})
        assert status == 207, reply
        return self.hrefs(reply)


@contextmanager
def running_radicale(root: Path):
    """A Radicale server on 127.0.0.1 keeping its data under `root`; stopped on leaving."""
    port = free_port()
    env = {**os.environ, "XDG_CONFIG_HOME": str(root), "HOME": str(root)}
    server = subprocess.Popen(
        [sys.executable, "-m", "radicale", "--config", "",
         "--server-hosts", f"127.0.0.1:{port}", "--storage-filesystem-folder", str(root / "data"),
         "--auth-type", "none", "--logging-level", "warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    try:
        client = CalDav(port)
        deadline = clock.monotonic() + 20
        while True:
            try:
                if client.request("OPTIONS", "/")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None or clock.monotonic() > deadline:
                raise RuntimeError(f"Radicale did not start: {server.stderr.read().decode()[-500:]}")
            clock.sleep(0.05)
        yield client
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    with running_radicale(tmp_path_factory.mktemp("radicale")) as client:
        yield client


def caldav_objects(data: bytes) -> list[tuple[str, bytes]]:
    """Split an exported calendar into CalDAV objects, (uid, bytes) per event, as a sync
    tool would: CalDAV stores one event per resource and forbids METHOD in it (RFC 4791).

    Each object keeps VERSION and PRODID, gets the VTIMEZONEs its event's times name and
    exactly one VEVENT (with its VALARM). Done here with icalendar, not by the exporter.
    """
    calendar = icalendar.Calendar.from_ical(data)
    zones = {str(tz["TZID"]): tz for tz in calendar.walk("VTIMEZONE")}
    objects = []
    for event in calendar.walk("VEVENT"):
        part = icalendar.Calendar()
        for name in ("VERSION", "PRODID", "CALSCALE"):
            if name in calendar:
                part[name] = calendar[name]
        tzids = {event[name].params["TZID"] for name in ("DTSTART", "DTEND")
                 if name in event and "TZID" in event[name].params}
        for tzid in sorted(tzids):
            part.add_component(zones[tzid])
        part.add_component(event)
        objects.append((str(event["UID"]), part.to_ical()))
    return objects


def check_caldav_object(data: bytes, tzids: set[str]) -> None:
    part = icalendar.Calendar.from_ical(data)
    assert part.name == "VCALENDAR"
    assert str(part["VERSION"]) == "2.0" and str(part["PRODID"]).startswith("-//band-planner//")
    assert {str(tz["TZID"]) for tz in part.walk("VTIMEZONE")} == tzids


@pytest.mark.parametrize("case", sorted(CASES))
def test_radicale_stores_one_object_per_event_at_the_right_instant(radicale, case):
    plan = case_plan(case)
    zone = plan.timezone
    exported = EXPORTER.render(plan, {})  # the plan.ics `planner build --format ics` writes
    objects = caldav_objects(exported)
    assert [uid for uid, _ in objects] == [session.uid for session in sessions(plan)]
    for _, data in objects:
        # Times near a DST change are written in UTC, without TZID (see document.py).
        local = f";TZID={zone}:".encode() in data
        check_caldav_object(data, {zone} if local else set())
        assert b"BEGIN:VALARM" in data
    for variant in ("real", "renamed"):
        collection = f"/tester/{case}-{variant}/"
        hrefs = upload(radicale, collection, [(uid, variants(data, zone)[variant])
                                              for uid, data in objects])
        for session in sessions(plan):
            assert_stored_at(radicale, collection, hrefs[session.uid], session, variant)


def upload(radicale: CalDav, collection: str, objects: list[tuple[str, bytes]]) -> dict[str, str]:
    """MKCALENDAR `collection` and PUT each (uid, object) twice (the second replaces it in
    place); the href of each uid."""
    status, reply = radicale.request("MKCALENDAR", collection)
    assert status == 201, reply
    hrefs = {}
    for _ in range(2):
        for uid, body in objects:
            href = f"{collection}{re.sub(r'[^A-Za-z0-9.@-]', '_', uid)}.ics"
            status, reply = radicale.request(
                "PUT", href, body, {"Content-Type": "text/calendar; charset=utf-8"})
            assert status in (201, 204), reply
            hrefs[uid] = href
    status, reply = radicale.request("PROPFIND", collection, b"", {"Depth": "1"})
    assert status == 207, reply
    assert radicale.hrefs(reply) - {collection} == set(hrefs.values())
    return hrefs


def assert_stored_at(radicale: CalDav, collection: str, href: str, session, note: str,
                     ends: bool = True) -> None:
    """Radicale's time-range queries find the event exactly from the session's start (UTC)
    (to its end, with `ends`): the server read its times as the plan meant them."""
    second, (start, end) = timedelta(seconds=1), utc_span(session)
    where = (note, session.start)
    assert href in radicale.query(collection, start, start + second), where
    assert href not in radicale.query(collection, start - second, start), where
    if ends:
        assert href in radicale.query(collection, end - second, end), where
        assert href not in radicale.query(collection, end, end + second), where
