"""How changes go out (issue 24, issue 25 item 5): a few at a time, never more than
caldav.connections at once, with progress on a terminal. A server started by the test on
127.0.0.1 counts the requests it is answering at any moment."""

from __future__ import annotations

import os
import pty
import select
import sys
import threading
import time

import pytest

from test_publish import START, isolated  # noqa: F401 - isolated: autouse fixture
from test_publish_hostile import CALENDAR, Hostile, Recorder, multistatus

from conftest import ok

pytestmark = pytest.mark.slow


class Slow(Hostile):
    """A calendar that takes 50 ms over each PUT and notes how many are in hand at once."""

    def do_PUT(self):  # noqa: N802 - http.server's naming
        with self.server.lock:
            self.server.now += 1
            self.server.most = max(self.server.most, self.server.now)
        time.sleep(0.05)
        with self.server.lock:
            self.server.now -= 1
        self._answer(201)


@pytest.fixture
def slow():
    server = Recorder("127.0.0.1", Slow, {"PROPFIND": CALENDAR, "REPORT": multistatus()})
    server.lock, server.now, server.most = threading.Lock(), 0, 0
    yield server
    server.stop()


@pytest.mark.parametrize("connections", [None, "1", "8"])
def test_at_most_the_given_number_of_requests_at_once(cli, slow, connections):
    ok(cli("build", *START, "--weeks", "8"))
    more = [] if connections is None else ["-o", f"caldav.connections={connections}"]
    done = ok(cli("publish", "plan.json", "--to", "caldav", "-o",
                  f"caldav.url=http://127.0.0.1:{slow.port}/cal/", *more))
    assert "24 created" in done.out
    assert slow.most == int(connections or 4)
    assert sum(method == "PUT" for method, _, _ in slow.seen) == 24


def test_progress_on_a_terminal(cli, tmp_path, slow):
    ok(cli("build", *START, "--weeks", "8"))
    env = {**os.environ, "HOME": str(tmp_path / "home")}
    pid, terminal = pty.fork()
    if pid == 0:
        os.chdir(tmp_path)
        os.execve(sys.executable, [sys.executable, "-m", "planner", "publish", "plan.json",
                                   "--to", "caldav", "-o",
                                   f"caldav.url=http://127.0.0.1:{slow.port}/cal/"], env)
    shown = b""
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if select.select([terminal], [], [], 0.5)[0]:
                try:
                    chunk = os.read(terminal, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                shown += chunk
        _, status = os.waitpid(pid, 0)
    finally:
        os.close(terminal)
    text = shown.decode()
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "\rcaldav: 1 of 24 changes sent" in text and "caldav: 24 of 24 changes sent" in text
    assert text.rstrip().endswith("24 created, 0 updated, 0 deleted, 0 unchanged"), text


def test_one_watchdog_thread_bounds_every_exchange(slow):
    """Each exchange is bounded by caldav.timeout through one thread per transport, not a
    thread started for each request (which cost as much client time as the request)."""
    from planner_caldav.sending import Pool
    from planner_caldav.transport import Transport

    def watchdogs() -> list[threading.Thread]:
        return [t for t in threading.enumerate() if t.name == "caldav-watchdog"]

    transport = Transport(f"http://127.0.0.1:{slow.port}/cal/", None, None, 5)
    before = len(watchdogs())
    url = f"http://127.0.0.1:{slow.port}/cal/"
    for _, answer, error in Pool(4, list(range(12)),
                                 lambda i: transport.request("PUT", f"{url}{i}.ics", b"x")):
        assert error is None and answer.status == 201
    assert len(watchdogs()) == before + 1
    transport.close()
    deadline = time.monotonic() + 5
    while len(watchdogs()) > before and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(watchdogs()) == before
