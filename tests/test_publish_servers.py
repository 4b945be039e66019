"""Real CalDAV servers for the publish tests and benchmark: Radicale and xandikos, each
started on 127.0.0.1 at a free port in a temporary folder, and stopped on leaving.

Also CuttingProxy, a TCP proxy in front of a server that counts the requests going through
(tests assert how many PUTs a publish sent) and can cut the connection (test_publish_drop).

Radicale checks a login against an htpasswd file (plain method: no bcrypt needed). xandikos
has no authentication of its own over plain HTTP (it leaves that to a reverse proxy), so
it is reached without a login and the wrong-password case runs against Radicale only.
The tests at the end check the servers themselves, so a failing publish test is not a
server that never started.
"""

from __future__ import annotations

import base64
import http.client
import select
import socket
import struct
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

USER, PASSWORD = "alice", "band-secret-42"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """A running server: where its calendars live and how to talk to it directly."""

    kind: str
    port: int
    home: str  # the user's collection path, e.g. "/alice/"
    user: str | None
    password: str | None
    process: subprocess.Popen | None = field(default=None, repr=False)
    scheme: str = "http"

    @property
    def base(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def calendar_url(self, name: str) -> str:
        return f"{self.base}{self.home}{name}/"

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, bytes, dict]:
        """One request as a test's own CalDAV client (not the publisher's)."""
        headers = dict(headers or {})
        if self.user:
            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            headers["Authorization"] = f"Basic {token}"
        if self.scheme == "https":  # the test's own client trusts the test's certificate
            import ssl

            context = ssl.create_default_context()
            context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                "127.0.0.1", self.port, timeout=10, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            connection.close()

    def make_calendar(self, name: str) -> str:
        status, reply, _ = self.request("MKCALENDAR", f"{self.home}{name}/")
        assert status in (200, 201), (status, reply[:300])
        return self.calendar_url(name)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _wait_until_up(server: Server, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{server.kind} did not start: "
                               f"{process.stderr.read().decode()[-800:]}")
        try:
            with socket.create_connection(("127.0.0.1", server.port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"{server.kind} did not start within 20 s")


@contextmanager
def running_radicale(root: Path, extra: tuple[str, ...] = (), scheme: str = "http",
                     port: int | None = None, program: tuple[str, ...] = ("-m", "radicale")):
    """Radicale on `port` (default: a free one); started again on the same root and port,
    it serves the same calendars. `program`: what python runs, given Radicale's arguments
    (the publish benchmark's timed Radicale)."""
    port = port or free_port()
    root.mkdir(parents=True, exist_ok=True)
    users = root / "users"
    users.write_text(f"{USER}:{PASSWORD}\n")
    process = subprocess.Popen(
        [sys.executable, *program, "--config", "",
         "--server-hosts", f"127.0.0.1:{port}",
         "--storage-filesystem-folder", str(root / "data"),
         "--auth-type", "htpasswd", "--auth-htpasswd-filename", str(users),
         "--auth-htpasswd-encryption", "plain", "--auth-delay", "0",
         "--rights-type", "owner_only", "--logging-level", "warning", *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server("radicale", port, f"/{USER}/", USER, PASSWORD, process, scheme)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        server.stop()


@contextmanager
def running_xandikos(root: Path, extra: tuple[str, ...] = ()):
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "xandikos", "serve", "-d", str(root / "data"), "--defaults",
         "-l", "127.0.0.1", "-p", str(port), "--no-detect-systemd",
         "--state-dir", str(root / "state"), *extra],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    server = Server("xandikos", port, "/user/calendars/", None, None, process)
    try:
        _wait_until_up(server, process)
        yield server
    finally:
        server.stop()


def running_xandikos_unindexed(root: Path):
    """xandikos 0.4.10 answers time-range queries from an index once a calendar has been
    queried a few times, and that index misplaced events with a TZID by hours (an event at
    06:00Z was found between 03:00Z and 09:00Z but not between 05:00Z and 07:00Z), while the
    unindexed answer is right. The tests check our instants, so they keep it unindexed."""
    return running_xandikos(root, ("--index-threshold", "1000000"))


RUNNERS = {"radicale": running_radicale, "xandikos": running_xandikos_unindexed}


# -- a proxy that counts requests and, told to, cuts the connection ------------------------

@dataclass(frozen=True)
class Cut:
    """Where to cut. `count` requests of `method` (None: of any method) go through whole;
    then:
    - reply None: the next one, once fully received, is not forwarded: every connection cut;
    - reply n: `count` counts the request whose reply is cut: it is forwarded, and when the
      server's answer arrives only its first n bytes are relayed before the cut.
    `close` is how the client's side is closed: "reset" (RST) or "eof" (a plain FIN); or
    "stall": nothing more is relayed and the connection stays open until the client leaves."""

    count: int
    reply: int | None = None
    close: str = "reset"
    method: str | None = "PUT"


def _abort(sock: socket.socket) -> None:
    """Close with a TCP reset instead of an orderly FIN."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    except OSError:
        pass
    sock.close()


def _complete_request(buffer: bytes) -> tuple[int, str, str] | None:
    """(size, method, target) of the first whole request in `buffer`, or None for not yet."""
    end = buffer.find(b"\r\n\r\n")
    if end < 0:
        return None
    request_line, *headers = buffer[:end].decode("latin-1").split("\r\n")
    method, target, _ = request_line.split(" ", 2)
    length = 0
    for header in headers:
        name, _, value = header.partition(":")
        name = name.strip().lower()
        if name == "transfer-encoding":
            raise AssertionError("a chunked request: the proxy cannot count it")
        if name == "content-length":
            length = int(value)
    size = end + 4 + length
    return (size, method, target) if len(buffer) >= size else None


class CuttingProxy:
    """127.0.0.1:`port` -> 127.0.0.1:`upstream`. One thread accepts; one thread per
    connection relays both directions with select(), so every socket is closed by the thread
    that uses it (closing a socket another thread is blocked on does not reliably reset it).
    Without `cut_at`, it only relays and counts (`forwarded`, `puts`).
    """

    def __init__(self, upstream: int):
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.forwarded: list[str] = []  # "PUT /alice/cal/x.ics", every request relayed
        self.refused = 0  # connections reset on arrival while cut
        self.problems: list[str] = []  # a proxy failure, reported by the fixture
        self._rule: Cut | None = None
        self._matched = 0  # requests the rule counts, since it was set
        self._lock = threading.Lock()
        self._cut = threading.Event()
        self._stop = threading.Event()
        self._connections: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)
        self._acceptor.start()

    @property
    def puts(self) -> int:
        return sum(line.startswith("PUT ") for line in self.forwarded)

    def sent(self, since: int = 0) -> list[str]:
        """The requests that change the calendar (PUT, DELETE) relayed after the first
        `since` of `forwarded`."""
        return [line for line in self.forwarded[since:] if line.startswith(("PUT ", "DELETE "))]

    @property
    def is_cut(self) -> bool:
        return self._cut.is_set()

    def cut_at(self, rule: Cut) -> None:
        with self._lock:
            self._rule, self._matched = rule, 0

    def heal(self) -> None:
        """Pass traffic again: the old connections are all gone first."""
        self._join_connections()
        with self._lock:
            self._rule = None
        self._cut.clear()

    def close(self) -> None:
        self._stop.set()
        self._acceptor.join(timeout=5)
        self.listener.close()
        self._join_connections()
        assert not self._acceptor.is_alive()

    def _join_connections(self) -> None:
        for thread in self._connections:
            thread.join(timeout=5)
            if thread.is_alive():
                self.problems.append("a connection thread did not stop")

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if self._cut.is_set():
                self.refused += 1
                _abort(client)
                continue
            thread = threading.Thread(target=self._relay, args=(client,), daemon=True)
            self._connections.append(thread)
            thread.start()

    def _decide(self, method: str) -> str | int | None:
        """For a whole request about to be forwarded: "cut" (do not forward it), a number
        of reply bytes to relay before cutting, or None (just forward it)."""
        with self._lock:
            rule = self._rule
            if rule is None or rule.method not in (None, method):
                return None
            self._matched += 1
            if rule.reply is None:
                return "cut" if self._matched > rule.count else None
            return rule.reply if self._matched == rule.count else None

    def _relay(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(("127.0.0.1", self.upstream), timeout=5)
        except OSError as exc:
            self.problems.append(f"upstream: {exc}")
            _abort(client)
            return
        pending = b""  # client bytes of a request not yet whole
        reply_limit: int | None = None  # relay this many reply bytes, then cut
        reply = b""
        orderly = True  # the connection ended without a cut
        close = "reset"  # how to close if cut: the rule's, read when this connection is cut
        try:
            while not self._stop.is_set() and not self._cut.is_set():
                ready, _, _ = select.select([client, upstream], [], [], 0.02)
                if client in ready:
                    data = client.recv(65536)
                    if not data:
                        break
                    pending += data
                    while (whole := _complete_request(pending)) is not None:
                        size, method, target = whole
                        decision = self._decide(method)
                        if decision == "cut":
                            self._cut.set()
                            break
                        if isinstance(decision, int):
                            reply_limit = decision  # set before the server can answer
                        upstream.sendall(pending[:size])
                        pending = pending[size:]
                        self.forwarded.append(f"{method} {target}")
                if upstream in ready and not self._cut.is_set():
                    data = upstream.recv(65536)
                    if not data:
                        break
                    if reply_limit is None:
                        client.sendall(data)
                        continue
                    reply += data
                    if len(reply) >= reply_limit:
                        client.sendall(reply[:reply_limit])
                        self._cut.set()
            orderly = not self._cut.is_set()
            with self._lock:
                close = self._rule.close if self._rule else "reset"
            if not orderly and close == "stall":
                self._hold(client)
        except Exception as exc:  # noqa: BLE001 - reported by the fixture, not lost
            if not isinstance(exc, OSError):
                self.problems.append(f"{type(exc).__name__}: {exc}")
            orderly = False
        finally:
            if orderly or close != "reset":
                client.close()
            else:
                _abort(client)
            if orderly:
                upstream.close()
            else:
                _abort(upstream)


    def _hold(self, client: socket.socket) -> None:
        """A stalled connection: whatever the client sends is dropped, nothing comes back,
        until it gives up and closes (or the proxy stops)."""
        while not self._stop.is_set():
            ready, _, _ = select.select([client], [], [], 0.02)
            if ready and not client.recv(65536):
                return


# -- the servers themselves -----------------------------------------------------------------

@pytest.mark.parametrize("kind", sorted(RUNNERS))
def test_server_starts_and_keeps_a_calendar(tmp_path, kind):
    with RUNNERS[kind](tmp_path) as server:
        url = server.make_calendar("probe")
        status, _, _ = server.request("PROPFIND", url.removeprefix(server.base), b"",
                                      {"Depth": "0"})
        assert status == 207
    assert server.process.poll() is not None, "stopped on leaving"


def test_radicale_refuses_a_wrong_password(tmp_path):
    with running_radicale(tmp_path) as server:
        server.password = "wrong"
        status, _, _ = server.request("PROPFIND", server.home, b"", {"Depth": "0"})
        assert status == 401
