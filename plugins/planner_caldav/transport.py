"""HTTP exchanges with one server, each bounded: time, size, and where the login goes.

- The login is sent only to the origin (scheme, host, port) of `caldav.url`; any other URL
  is refused before a connection is made, and redirects are never followed.
- Each whole exchange (connect, send, every byte of the answer) ends by `caldav.timeout`:
  a watchdog shuts the socket when the time is up, so an answer that trickles in a byte at
  a time cannot hold us. One watchdog thread serves all of a Transport's exchanges (a thread
  started for each request cost as much client time as the rest of the request).
- Answers are asked for and accepted in `identity` encoding only, and read up to a cap.
- One keep-alive connection per thread, so a few threads can send at once.
"""

from __future__ import annotations

import base64
import http.client
import math
import socket
import ssl
import threading
import time
from typing import NamedTuple
from urllib.parse import urlsplit

from planner.api import PublishError

from .hrefs import origin

MAX_ANSWER = 32 * 2**20  # bytes: a calendar-query for thousands of events is a few MB
_CHUNK = 64 * 1024


class Answer(NamedTuple):
    status: int
    reason: str
    headers: dict[str, str]  # names lower-cased
    body: bytes


class Transport:
    def __init__(self, url: str, user: str | None, password: str | None, timeout: float,
                 ca: str | None = None):
        self.url, self.timeout = url, timeout
        self.origin = origin(url)
        parts = urlsplit(url)
        self.where = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        self._auth = None
        if password is not None:
            token = base64.b64encode(f"{user or ''}:{password}".encode()).decode("ascii")
            self._auth = f"Basic {token}"
        self._tls = ssl.create_default_context(cafile=ca) if parts.scheme == "https" else None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[http.client.HTTPConnection] = []
        self._watchdog = _Watchdog()
        self.requests = 0

    def close(self) -> None:
        self._watchdog.stop()
        with self._lock:
            connections, self._connections = self._connections, []
        for connection in connections:
            connection.close()

    def request(self, method: str, url: str, body: bytes = b"", headers: dict | None = None,
                dropped: bool = False) -> Answer:
        """One exchange. PublishError for a refused URL, a timeout, a lost connection, an
        untrusted certificate, a compressed or oversized answer. `dropped`: the server was
        reached before (a change may have been made), so a lost connection says so."""
        if origin(url) != self.origin:
            raise PublishError(f"caldav: refused to send a request to {_shown(url)}, outside "
                               f"{self.where}")
        with self._lock:
            self.requests += 1
        sent = {"Accept-Encoding": "identity", "Connection": "keep-alive", **(headers or {})}
        if self._auth:
            sent["Authorization"] = self._auth
        path = urlsplit(url).path or "/"
        deadline = time.monotonic() + self.timeout  # for the request, a retry included
        try:
            return self._exchange(method, path, body, sent, dropped, deadline, retry=True)
        except _Stale:
            return self._exchange(method, path, body, sent, dropped, deadline, retry=False)

    def _exchange(self, method: str, path: str, body: bytes, sent: dict, dropped: bool,
                  deadline: float, retry: bool) -> Answer:
        connection = self._connection()
        reused = connection.sock is not None
        watched = self._watchdog.watch(deadline, connection)
        try:
            if connection.sock is None:
                connection.connect()
            connection.sock.settimeout(self.timeout)  # each wait; the watchdog bounds all
            connection.request(method, path, body=body, headers=sent)
            answer = self._read(connection.getresponse(), method)
            if time.monotonic() >= deadline:  # the watchdog cut it short
                raise TimeoutError
        except PublishError:
            self._drop(connection)
            raise
        except ssl.SSLCertVerificationError as exc:
            self._drop(connection)
            reason = getattr(exc, "verify_message", "") or "not trusted"
            raise PublishError(f"caldav: {self.where}'s certificate is not trusted ({reason}); "
                               "if it is your server's, trust it with --option caldav.ca=FILE "
                               "(the certificate or its CA, PEM)") from None
        except (OSError, http.client.HTTPException) as exc:
            self._drop(connection)
            if retry and reused and isinstance(exc, _CLOSED) and time.monotonic() < deadline:
                raise _Stale from None  # the server closed an idle connection: once more
            if time.monotonic() >= deadline or isinstance(exc, TimeoutError):
                raise PublishError(f"caldav: {self.where} did not answer within "
                                   f"{self.timeout:g} s (--option caldav.timeout)") from None
            if dropped:
                raise PublishError(f"caldav: lost the connection to {self.where}: "
                                   f"{_reason(exc)}") from None
            raise PublishError(f"caldav: cannot reach {self.where}: {_reason(exc)}") from None
        finally:
            self._watchdog.cancel(watched)
        if answer.headers.get("connection", "").lower() == "close":
            self._drop(connection)
        return answer

    def _read(self, response: http.client.HTTPResponse, method: str) -> Answer:
        headers = {name.lower(): value for name, value in response.getheaders()}
        coding = headers.get("content-encoding", "identity").strip().lower()
        if coding not in ("", "identity"):
            raise PublishError(f"caldav: {self.where} answered {method} in '{coding[:20]}' "
                               "encoding though only identity was asked for; check the "
                               "server or proxy")
        if (response.length is None and not response.chunked
                and "close" not in headers.get("connection", "").lower()):
            # An answer is delimited by its length, chunks, or an announced close: with
            # none of them, the headers were cut off with the connection.
            raise http.client.IncompleteRead(b"")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > MAX_ANSWER:
            raise self._too_big(method)
        parts, size = [], 0
        while chunk := response.read(_CHUNK):
            size += len(chunk)
            if size > MAX_ANSWER:
                raise self._too_big(method)
            parts.append(chunk)
        if length.isdigit() and size != int(length):
            raise http.client.IncompleteRead(b"", int(length) - size)
        return Answer(response.status, response.reason or "", headers, b"".join(parts))

    def _too_big(self, method: str) -> PublishError:
        return PublishError(f"caldav: {self.where} answered {method} with more than "
                            f"{MAX_ANSWER // 2**20} MB; not read further")

    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            _, host, port = self.origin
            if self._tls is not None:
                connection = http.client.HTTPSConnection(host, port, timeout=self.timeout,
                                                         context=self._tls)
            else:
                connection = http.client.HTTPConnection(host, port, timeout=self.timeout)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def _drop(self, connection: http.client.HTTPConnection) -> None:
        connection.close()  # the next request on this thread connects afresh


_CLOSED = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class _Stale(Exception):
    """A kept-alive connection the server had closed before our request reached it."""


class _Watchdog:
    """Shuts the socket of each exchange still running at its deadline: one daemon thread,
    started at the first exchange, for all of a Transport's exchanges."""

    def __init__(self) -> None:
        self._wake = threading.Condition()
        self._due: dict[int, tuple[float, http.client.HTTPConnection]] = {}
        self._count = 0
        self._until = math.inf  # when the thread looks next without being woken
        self._thread: threading.Thread | None = None  # the one watching; None: none is

    def watch(self, deadline: float, connection: http.client.HTTPConnection) -> int:
        with self._wake:
            self._count += 1
            self._due[self._count] = (deadline, connection)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="caldav-watchdog")
                self._thread.start()
            elif deadline < self._until:  # sooner than it would look again
                self._wake.notify()
            return self._count

    def cancel(self, token: int) -> None:
        with self._wake:
            self._due.pop(token, None)

    def stop(self) -> None:
        """The thread ends; a later exchange starts another."""
        with self._wake:
            self._thread = None
            self._wake.notify_all()

    def _run(self) -> None:
        me = threading.current_thread()
        with self._wake:
            while self._thread is me:
                now = time.monotonic()
                for token, (deadline, connection) in list(self._due.items()):
                    if deadline <= now:
                        del self._due[token]
                        _shut(connection)
                self._until = min((deadline for deadline, _ in self._due.values()),
                                  default=math.inf)
                self._wake.wait(None if self._until == math.inf else self._until - now)


def _shut(connection: http.client.HTTPConnection) -> None:
    """The watchdog: end a blocked exchange by shutting its socket."""
    sock = connection.sock
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def _shown(url: str) -> str:
    """A URL for a message: never its user info."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    return f"{parts.scheme}://{host}{'' if parts.port is None else f':{parts.port}'}"


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLError):
        return f"TLS failed ({getattr(exc, 'reason', None) or 'handshake'})"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the server running?)"
    if isinstance(exc, socket.gaierror):
        return "the host name does not resolve"
    if isinstance(exc, (ConnectionResetError, ConnectionAbortedError, BrokenPipeError,
                        http.client.BadStatusLine, http.client.IncompleteRead)):
        return "the connection was dropped"
    return "the connection failed"
