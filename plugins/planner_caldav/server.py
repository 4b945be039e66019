"""The CalDAV conversation, through the `caldav` library (imported here and nowhere else).

Every request goes through `_send`, which counts it and turns whatever the network, the
HTTP client or the XML parser raise into one PublishError line naming the host.
"""

from __future__ import annotations

from urllib.parse import quote, urljoin, urlsplit

from planner.publishing import PublishError

from .events import Stored, read_stored
from .password import Login
from .target import Target

_PROPFIND = """<?xml version="1.0" encoding="utf-8"?>
<D:propfind xmlns:D="DAV:"><D:prop><D:resourcetype/></D:prop></D:propfind>"""
_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
<D:prop><D:getetag/><C:calendar-data/></D:prop>
<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/></C:comp-filter>
</C:filter></C:calendar-query>"""
_CALENDAR = "{urn:ietf:params:xml:ns:caldav}calendar"


class Server:
    """One calendar collection on one server."""

    def __init__(self, target: Target, login: Login):
        from caldav import DAVClient

        self.target, self.login = target, login
        self.where = f"{urlsplit(target.url).netloc}"
        self.requests = 0  # HTTP exchanges, including a 401 that negotiates the login
        self.client = DAVClient(url=target.url, username=login.user, password=login.password,
                                timeout=target.timeout, enable_rfc6764=False)
        self._count_exchanges()

    def close(self) -> None:
        self.client.close()

    def _count_exchanges(self) -> None:
        """Count every HTTP exchange the library makes (its auth retry included)."""
        session = self.client.session
        original = session.request

        def counted(*args, **kwargs):
            self.requests += 1
            return original(*args, **kwargs)

        session.request = counted

    # -- requests ---------------------------------------------------------------------------

    def check_calendar(self) -> None:
        """PublishError when the URL is missing or not a calendar."""
        response = self._send("PROPFIND", self.target.url, _PROPFIND, {"Depth": "0"})
        missing = response.status == 404
        if not missing:
            self._expect(response, (207,), "PROPFIND")
            results = self._parsed(response, "parse_propfind")
            if not results:
                raise self._garbage("an empty answer to PROPFIND")
            types = results[0].properties.get("{DAV:}resourcetype")
            missing = results[0].status == 404 or types is None  # a 404 inside a 207
            if not missing and _CALENDAR not in _tags(types):
                raise PublishError(f"caldav: {self.target.url} is not a calendar"
                                   f"{self._calendars_nearby()}")
        if missing:
            raise PublishError(f"caldav: no calendar at {self.target.url}"
                               f"{self._calendars_nearby()}")

    def list_events(self) -> list[Stored]:
        """Every event in the calendar: href, etag, uid and markers."""
        response = self._send("REPORT", self.target.url, _QUERY, {"Depth": "1"})
        self._expect(response, (207,), "REPORT")
        found = []
        for result in self._parsed(response, "parse_calendar_query"):
            if result.status == 200 and result.calendar_data is not None:
                href = urljoin(self.target.url, result.href)
                found.append(read_stored(href, result.etag, str(result.calendar_data)))
        return found

    def put(self, href: str, data: bytes, etag: str | None, create: bool) -> str:
        """"done" or "changed" (412: the server's copy is not the one we read)."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        response = self._send("PUT", href, data, headers, dropped=True)
        if response.status == 412:
            return "changed"
        self._expect(response, (200, 201, 204), "PUT")
        return "done"

    def delete(self, href: str, etag: str | None) -> str:
        """"done" (also when already gone) or "changed"."""
        headers = {"If-Match": etag} if etag else {}
        response = self._send("DELETE", href, None, headers, dropped=True)
        if response.status == 412:
            return "changed"
        self._expect(response, (200, 204, 404), "DELETE")
        return "done"

    def href_for(self, uid: str) -> str:
        return self.target.url + quote(uid, safe="@-_.~") + ".ics"

    # -- plumbing ---------------------------------------------------------------------------

    def _send(self, method: str, url: str, body, headers: dict, dropped: bool = False):
        import niquests  # the HTTP client caldav 3 uses (pinned in pyproject.toml)
        from caldav.lib import error

        try:
            return self.client.request(url, method, body or "", headers)
        except error.AuthorizationError as exc:
            status = getattr(exc, "status", None) or 401
            who = f" as {self.login.user}" if self.login.user else " without a login"
            hint = (f"check caldav.user and the password from {self.login.source}"
                    if self.login.password else "set caldav.user and a password")
            raise PublishError(f"caldav: {self.where} refused the login{who} ({status}): "
                               f"{hint}") from None
        except niquests.exceptions.Timeout:
            raise PublishError(f"caldav: {self.where} did not answer within "
                               f"{self.target.timeout:g} s (--option caldav.timeout)") from None
        except niquests.exceptions.ConnectionError as exc:
            if dropped:  # mid-publish: the server was reached, changes were made
                raise PublishError(f"caldav: lost the connection to {self.where}: "
                                   f"{_reason(exc)}") from None
            raise PublishError(f"caldav: cannot reach {self.where}: {_reason(exc)}") from None
        except error.DAVError as exc:
            raise self._garbage(f"{type(exc).__name__}") from None
        except Exception as exc:  # noqa: BLE001 - an unparseable answer (lxml, ValueError…)
            raise self._garbage(type(exc).__name__) from None

    def _expect(self, response, statuses: tuple[int, ...], method: str) -> None:
        if response.status in statuses:
            return
        if response.status in (401, 403):
            raise PublishError(f"caldav: {self.where} refused access to {self.target.url} "
                               f"({response.status})")
        reason = " ".join(str(getattr(response, "reason", "") or "").split())[:60]
        raise PublishError(f"caldav: {self.where} answered {method} with {response.status}"
                           f"{' ' + reason if reason else ''}")

    def _parsed(self, response, how: str):
        if getattr(response, "tree", None) is None:
            raise self._garbage("an answer that is not WebDAV XML")
        try:
            return getattr(response, how)()
        except Exception as exc:  # noqa: BLE001 - any shape the parser cannot read
            raise self._garbage(type(exc).__name__) from None

    def _garbage(self, what: str) -> PublishError:
        return PublishError(f"caldav: {self.where} is not answering like a CalDAV server "
                            f"({what}); check --option caldav.url")

    def _calendars_nearby(self) -> str:
        """"; calendars there: …" from the parent collection, where the server lists them."""
        parent = urljoin(self.target.url, "..")
        try:
            response = self.client.request(parent, "PROPFIND", _PROPFIND, {"Depth": "1"})
            if response.status != 207 or response.tree is None:
                return ""
            names = []
            for result in response.parse_propfind():
                if _CALENDAR in _tags(result.properties.get("{DAV:}resourcetype") or []):
                    href = urljoin(parent, result.href)
                    names.append(href.removeprefix(parent).strip("/") or href)
        except Exception:  # noqa: BLE001 - only a hint for the message: never its own error
            return ""
        if not names:
            return "; the server lists no calendar beside it"
        return f"; calendars there: {', '.join(sorted(names)[:20])}"


def _tags(value) -> set[str]:
    """Element tags in a parsed resourcetype, whatever shape the library gives it."""
    items = value if isinstance(value, (list, tuple, set)) else [value]
    tags = set()
    for item in items:
        tag = getattr(item, "tag", item)
        if isinstance(tag, str):
            tags.add(tag)
    return tags


def _reason(exc: BaseException) -> str:
    text = str(exc).lower()
    if "refused" in text:
        return "connection refused (is the server running?)"
    if "name or service" in text or "resolve" in text or "getaddrinfo" in text:
        return "the host name does not resolve"
    if "reset" in text or "aborted" in text or "closed" in text or "remote end" in text:
        return "the connection was dropped"
    return "the connection failed"
