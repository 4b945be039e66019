"""The CalDAV conversation with one calendar collection: what each request means.

Bytes and bounds are transport.py's job; which hrefs may be acted on is hrefs.py's; reading
a multistatus answer is multistatus.py's. This module turns answers into Stored events and
statuses into one PublishError line naming the host.
"""

from __future__ import annotations

import time
from typing import NamedTuple
from urllib.parse import quote, urljoin

from planner.api import PublishError

from .events import Stored, read_stored
from .hrefs import is_collection, object_url, origin
from .multistatus import CALDAV, DAV, Entry, parse
from .password import Login
from .target import Target
from .transport import Answer, Transport

_XML = {"Content-Type": "application/xml; charset=utf-8"}
_PROPFIND = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>"""
_HOME = b"""<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:prop><D:current-user-principal/><C:calendar-home-set/></D:prop></D:propfind>"""
_QUERY = b"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:prop><D:getetag/><C:calendar-data/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>
</C:filter></C:calendar-query>"""
_CALENDAR = f"{CALDAV}calendar"
_MOST_LISTED = 20
_BUSY_PAUSES = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 0)  # seconds; the last answer stands


class Listing(NamedTuple):
    events: list[Stored]
    ignored: int  # hrefs outside the collection, never acted on


class Server:
    """One calendar collection on one server."""

    def __init__(self, target: Target, login: Login):
        self.target, self.login = target, login
        self.http = Transport(target.url, login.user, login.password, target.timeout,
                              target.ca)
        self.where = self.http.where

    @property
    def requests(self) -> int:
        return self.http.requests

    def close(self) -> None:
        self.http.close()

    # -- requests ---------------------------------------------------------------------------

    def check_calendar(self) -> None:
        """PublishError when the URL is missing or not a calendar; the message lists the
        calendars found under it (an account or server URL) or beside it."""
        answer = self._send("PROPFIND", self.target.url, _PROPFIND, {"Depth": "0"})
        if answer.status != 404:
            self._expect(answer, (207,), "PROPFIND")
            entries = self._parsed(answer)
            if not entries:
                raise self._garbage("an empty answer to PROPFIND")
            if entries[0].status == 200 and _CALENDAR in entries[0].types():
                return
            if entries[0].status == 200:
                raise PublishError(f"caldav: {self.target.url} is not a calendar"
                                   f"{self._calendars_under(self.target.url)}")
        parent = urljoin(self.target.url, "..")
        raise PublishError(f"caldav: no calendar at {self.target.url}"
                           f"{self._listed(self._calendars_in(parent), parent)}")

    def list_events(self) -> Listing:
        """Every event in the calendar: href, etag, uid and markers, and how many hrefs
        the answer gave outside the collection (ignored)."""
        answer = self._send("REPORT", self.target.url, _QUERY, {"Depth": "1"})
        self._expect(answer, (207,), "REPORT")
        found, ignored = [], 0
        for entry in self._parsed(answer):
            if is_collection(self.target.url, entry.href):
                continue
            url = object_url(self.target.url, entry.href)
            if url is None:
                ignored += 1
                continue
            data = entry.text(f"{CALDAV}calendar-data")
            if entry.status == 200 and data is not None:
                found.append(read_stored(url, entry.text(f"{DAV}getetag"), data))
        return Listing(found, ignored)

    def put(self, href: str, data: bytes, etag: str | None, create: bool) -> str:
        """"done" or "changed" (412: the server's copy is not the one we read)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        answer = self._send("PUT", href, data, headers, dropped=True)
        if answer.status == 412:
            return "changed"
        self._expect(answer, (200, 201, 204), "PUT")
        return "done"

    def delete(self, href: str, etag: str | None) -> str:
        """"done" (also when already gone) or "changed"."""
        headers = {"If-Match": etag} if etag else {}
        answer = self._send("DELETE", href, b"", headers, dropped=True)
        if answer.status == 412:
            return "changed"
        self._expect(answer, (200, 204, 404), "DELETE")
        return "done"

    def href_for(self, uid: str) -> str:
        return self.target.url + quote(uid, safe="@-_.~") + ".ics"

    # -- plumbing ---------------------------------------------------------------------------

    def _send(self, method: str, url: str, body: bytes, headers: dict,
              dropped: bool = False) -> Answer:
        """One request; a 423 (the collection busy with another of our writes, as xandikos
        says while it commits one) is tried again after a short, growing pause."""
        if method in ("PROPFIND", "REPORT"):
            headers = {**_XML, **headers}
        for pause in _BUSY_PAUSES:
            answer = self.http.request(method, url, body, headers, dropped=dropped)
            if answer.status != 423:
                break
            time.sleep(pause)
        return answer

    def _expect(self, answer: Answer, statuses: tuple[int, ...], method: str) -> None:
        if answer.status in statuses:
            return
        if answer.status == 401:
            who = f" as {self.login.user}" if self.login.user else " without a login"
            hint = (f"check caldav.user and the password from {self.login.source}"
                    if self.login.password else "set caldav.user and a password")
            raise PublishError(f"caldav: {self.where} refused the login{who} (401): {hint}")
        if answer.status == 403:
            doing = "read" if method in ("PROPFIND", "REPORT") else "change"
            user = self.login.user or "this client (no login)"
            granted = "accepted the login but " if self.login.password else ""
            raise PublishError(f"caldav: {self.where} {granted}does not allow "
                               f"{user} to {doing} {self.target.url} (403 forbidden): check "
                               "that caldav.url is a calendar of this account that you may "
                               "write to")
        if 300 <= answer.status < 400:
            raise PublishError(f"caldav: {self.where} answered {method} with a redirect "
                               f"({answer.status}), which is not followed; give the "
                               "calendar's final URL as caldav.url")
        reason = " ".join(answer.reason.split())[:60]
        reason = "".join(c for c in reason if c.isprintable())
        raise PublishError(f"caldav: {self.where} answered {method} with {answer.status}"
                           f"{' ' + reason if reason else ''}")

    def _parsed(self, answer: Answer) -> list[Entry]:
        try:
            return parse(answer.body)
        except ValueError as exc:
            raise self._garbage(str(exc)) from None

    def _garbage(self, what: str) -> PublishError:
        return PublishError(f"caldav: {self.where} is not answering like a CalDAV server "
                            f"({what}); check --option caldav.url")

    # -- finding calendars, for messages ----------------------------------------------------

    def _calendars_under(self, url: str) -> str:
        """"; calendars under it: …" for an account or server URL."""
        found = self._calendars_in(url)
        if not found:
            home = self._home(url)
            if home is not None:
                found = self._calendars_in(home)
        return self._listed(found, None)

    def _calendars_in(self, url: str) -> list[str]:
        """The calendar collections directly in the collection at `url` (same server)."""
        try:
            answer = self._send("PROPFIND", url, _PROPFIND, {"Depth": "1"})
            if answer.status != 207:
                return []
            entries = parse(answer.body)
        except (PublishError, ValueError):  # only a hint for a message: never its own error
            return []
        found = []
        for entry in entries:
            if entry.status == 200 and _CALENDAR in entry.types():
                where = urljoin(url, entry.href)
                if origin(where) == origin(url) and where.startswith(url):
                    found.append(where)
        return sorted(found)[:_MOST_LISTED]

    def _home(self, url: str) -> str | None:
        """The user's calendar home, found from a server URL through the principal."""
        for _ in range(2):  # the URL may name the home, or the principal that names it
            try:
                answer = self._send("PROPFIND", url, _HOME, {"Depth": "0"})
                entries = parse(answer.body) if answer.status == 207 else []
            except (PublishError, ValueError):
                return None
            if not entries:
                return None
            for name in (f"{CALDAV}calendar-home-set", f"{DAV}current-user-principal"):
                found = entries[0].props.get(name)
                href = found.findtext(f"{DAV}href") if found is not None else None
                if href:
                    nxt = urljoin(url, href.strip())
                    if origin(nxt) != origin(url):
                        return None
                    if name.endswith("calendar-home-set"):
                        return nxt
                    url = nxt
                    break
            else:
                return None
        return None

    def _listed(self, found: list[str], beside: str | None) -> str:
        if not found:
            return "; the server lists no calendar beside it" if beside else ""
        where = "there" if beside else "under it"
        return f"; calendars {where}: {', '.join(found)}"
