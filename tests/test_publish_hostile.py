"""A hostile CalDAV server, started by the test on 127.0.0.1, against the real CLI.

The server records every request it receives. Bystanders (a listener on 127.0.0.2 and one on
another port of 127.0.0.1) record every connection. The answers try to steer the publisher's
PUTs and DELETEs, which carry the login, to other hosts and other collections.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from test_publish import START, isolated  # noqa: F401 - isolated: autouse fixture

from conftest import load_json, ok

pytestmark = pytest.mark.slow

COLLECTION = "/cal/"
_UID = re.compile(r"[0-9-]{10}-[0-9]+-(?P<slug>.+)@band-planner")


class Recorder(ThreadingHTTPServer):
    daemon_threads = True
    # A listen backlog as servers have: socketserver's 5 drops all but 6 connections opened
    # at the same moment, and a publisher sending 8 at once then waits a second for a retry.
    request_queue_size = 64

    def __init__(self, host: str, handler, answers=None):
        super().__init__((host, 0), handler)
        self.seen: list[tuple[str, str, str | None]] = []  # method, path, Authorization
        self.answers = answers or {}
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class Hostile(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status: int, body: bytes = b"", kind="application/xml") -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PROPFIND(self):  # noqa: N802 - http.server's naming
        self._answer(207, self.server.answers["PROPFIND"])

    def do_REPORT(self):  # noqa: N802
        self._answer(207, self.server.answers["REPORT"])

    def do_PUT(self):  # noqa: N802
        self._answer(201)

    def do_DELETE(self):  # noqa: N802
        self._answer(204)

    def do_GET(self):  # noqa: N802
        self._answer(404)

    def log_message(self, *args):
        pass


def multistatus(*responses: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:" '
            'xmlns:C="urn:ietf:params:xml:ns:caldav">' + "".join(responses)
            + "</D:multistatus>").encode()


def listed(href: str, uid: str, slug: str) -> str:
    """One event of the plan (its uid, its marker, an old digest): one the publisher would
    update (a uid of the plan) or delete (a uid no longer in it)."""
    data = (f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:{uid}\r\n"
            f"X-BAND-PLANNER-PLAN:{slug}\r\nX-BAND-PLANNER-HASH:{'0' * 32}\r\n"
            "END:VEVENT\r\nEND:VCALENDAR\r\n")
    href = href.replace("&", "&amp;")
    return (f"<D:response><D:href>{href}</D:href><D:propstat><D:prop>"
            f'<D:getetag>"1"</D:getetag><C:calendar-data>{data}</C:calendar-data>'
            "</D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>")


CALENDAR = multistatus(
    f"<D:response><D:href>{COLLECTION}</D:href><D:propstat><D:prop><D:resourcetype>"
    "<D:collection/><C:calendar/></D:resourcetype></D:prop>"
    "<D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>")


@pytest.fixture
def bystanders():
    """Listeners that nothing may reach: another host (127.0.0.2), another port."""
    running = [Recorder("127.0.0.2", Hostile), Recorder("127.0.0.1", Hostile)]
    yield running
    for bystander in running:
        bystander.stop()


def test_hrefs_outside_the_calendar_get_no_request_and_no_password(cli, tmp_path, monkeypatch,
                                                                   bystanders):
    ok(cli("build", *START, "--weeks", "1"))
    uids = [s["uid"] for w in load_json(tmp_path / "plan.json")["weeks"] for s in w["sessions"]]
    slug = _UID.fullmatch(uids[0])["slug"]
    other, port = bystanders
    far = f"127.0.0.2:{other.port}"
    hostile = [  # (href, uid): each would be a PUT (a uid of the plan) or a DELETE (not)
        (f"//{far}/steal/gone.ics", f"2020-01-01-1-{slug}@band-planner"),
        (f"%2F%2F{far}%2Fsteal%2Fput.ics", uids[0]),
        (f"%2f%2f{far}/steal/lower.ics", f"2020-01-02-1-{slug}@band-planner"),
        (f"http://{far}/steal/absolute.ics", f"2020-01-03-1-{slug}@band-planner"),
        (f"http://127.0.0.1:{port.port}{COLLECTION}other-port.ics", uids[1]),
        (f"https://127.0.0.1:PORT{COLLECTION}other-scheme.ics",
         f"2020-01-04-1-{slug}@band-planner"),
        (f"http://me:pw@127.0.0.1:PORT{COLLECTION}userinfo.ics",
         f"2020-01-05-1-{slug}@band-planner"),
        ("/other-calendar/important.ics", f"2020-01-06-1-{slug}@band-planner"),
        ("../../../../etc/evil.ics", f"2020-01-07-1-{slug}@band-planner"),
        (f"{COLLECTION}../other/dots.ics", uids[2]),
        (f"{COLLECTION}%2E%2E/other/encoded-dots.ics", f"2020-01-08-1-{slug}@band-planner"),
        (f"{COLLECTION}%2e%2e%2fslash.ics", f"2020-01-09-1-{slug}@band-planner"),
        (f"{COLLECTION}sub/deeper.ics", f"2020-01-10-1-{slug}@band-planner"),
        (f"{COLLECTION}..", f"2020-01-11-1-{slug}@band-planner"),
        ("/", f"2020-01-12-1-{slug}@band-planner"),
        (f"{COLLECTION}back\\slash.ics", f"2020-01-13-1-{slug}@band-planner"),
    ]
    fair = [(f"{COLLECTION}ours-gone.ics", f"2020-02-01-1-{slug}@band-planner"),
            (f"http://127.0.0.1:PORT{COLLECTION}ours-absolute.ics",
             f"2020-02-02-1-{slug}@band-planner")]
    server = Recorder("127.0.0.1", Hostile)
    try:
        events = [listed(href.replace("PORT", str(server.port)), uid, slug)
                  for href, uid in hostile + fair]
        server.answers = {"PROPFIND": CALENDAR, "REPORT": multistatus(*events)}
        monkeypatch.setenv("PLANNER_CALDAV_PASSWORD", "hunter2-secret")
        result = ok(cli("publish", "plan.json", "--to", "caldav", "-o",
                        f"caldav.url=http://127.0.0.1:{server.port}{COLLECTION}",
                        "-o", "caldav.user=alice"))
    finally:
        server.stop()
    for bystander in bystanders:
        assert bystander.seen == [], "nothing may reach another host or port"
    for _method, path, auth in server.seen:
        assert auth is not None
        assert path == COLLECTION or re.fullmatch(rf"{COLLECTION}[^/]+\.ics", path), path
        assert ".." not in path and "%2" not in path.lower()
    changes = sorted((m, p) for m, p, _ in server.seen if m in ("PUT", "DELETE"))
    # The two fair hrefs are deleted; the three sessions are created at their own names.
    assert changes == sorted([("DELETE", f"{COLLECTION}ours-gone.ics"),
                              ("DELETE", f"{COLLECTION}ours-absolute.ics"),
                              *(("PUT", f"{COLLECTION}{uid}.ics") for uid in uids)])
    warnings = result.err.splitlines()
    assert warnings == [f"Warning: caldav: ignored {len(hostile)} event(s) the server listed "
                        f"outside http://127.0.0.1:{server.port}{COLLECTION}; nothing was sent "
                        "to them"]
    assert "3 created, 0 updated, 2 deleted" in result.out
