"""Where to publish: the `--option caldav.*` values checked and turned into a Target.

Stdlib only, so bad options are refused before any network or CalDAV code loads.
"""

from __future__ import annotations

import ipaddress
import re
from typing import NamedTuple
from urllib.parse import urlsplit

from planner.api import OptionError, has_controls, visible

DEFAULT_TIMEOUT = 20  # seconds for each request: a server that hangs must not hang us
MAX_TIMEOUT = 300
MAX_CA = 2**20
DEFAULT_CONNECTIONS, MAX_CONNECTIONS = 4, 8
_SECONDS = re.compile(r"[0-9]{1,3}(\.[0-9]{1,3})?")
_YES, _NO = {"yes", "true", "1", "on"}, {"no", "false", "0", "off", ""}


class Target(NamedTuple):
    url: str  # the calendar collection, ending in "/"
    host: str  # as netrc and messages name it
    user: str | None
    timeout: float
    alarm: int | None  # minutes before each session, as the ics exporter's option
    cleartext: bool  # http:// to another machine: the password would travel unencrypted
    ca: str | None = None  # a PEM file of certificates to trust instead of the system's
    connections: int = DEFAULT_CONNECTIONS  # requests sent at once


def read_target(options: dict[str, str]) -> Target:
    """The options as a Target; OptionError naming the option for anything unusable."""
    from planner_ics import DEFAULT_ALARM, parse_alarm

    url = options.get("url", "").strip()
    if not url:
        raise OptionError("is required: the URL of your calendar, e.g. "
                          "https://dav.example.com/calendars/me/training/", key="caldav.url")
    if has_controls(url) or " " in url:
        raise OptionError("give a URL without spaces or control "
                          "characters", key="caldav.url")
    try:
        parts = urlsplit(url)
    except ValueError:
        raise OptionError("is not a URL", key="caldav.url") from None
    shown = _short(_without_user(url))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OptionError(f"{shown!r} is not an http:// or https:// URL", key="caldav.url")
    if parts.username or parts.password:
        raise OptionError("put no user name or password in the URL; use "
                          "caldav.user and PLANNER_CALDAV_PASSWORD or ~/.netrc", key="caldav.url")
    if parts.query or parts.fragment:
        raise OptionError(f"{shown!r} has a query or fragment; give the "
                          "calendar's own URL", key="caldav.url")
    try:
        parts.port  # noqa: B018 - raises for a port out of range
    except ValueError:
        raise OptionError(f"{shown!r} has a bad port", key="caldav.url") from None
    insecure = _flag(options.get("insecure", "no"), "insecure")
    cleartext = parts.scheme == "http" and not is_local(parts.hostname)
    if cleartext and not insecure:
        raise OptionError(f"http:// to {parts.hostname} would send your "
                          "password in clear text; use https://, or add "
                          "--option caldav.insecure=yes if you accept that", key="caldav.url")
    user = options.get("user")
    if user is not None and (not user.strip() or has_controls(user)):
        raise OptionError("give a user name without control characters", key="caldav.user")
    alarm = options.get("alarm")
    return Target(
        url=url if url.endswith("/") else url + "/", host=parts.hostname, user=user,
        timeout=_timeout(options.get("timeout")),
        alarm=DEFAULT_ALARM if alarm is None else parse_alarm(alarm, "caldav.alarm"),
        cleartext=cleartext, ca=_ca(options.get("ca")),
        connections=_connections(options.get("connections")))


def _connections(text: str | None) -> int:
    if text is None:
        return DEFAULT_CONNECTIONS
    if text.strip().isdigit() and 1 <= int(text) <= MAX_CONNECTIONS:
        return int(text)
    raise OptionError(f"{_short(text)!r} is not allowed; use 1 "
                      f"to {MAX_CONNECTIONS}", key="caldav.connections")


def _without_user(url: str) -> str:
    """`url` for a message: any user info (which may hold a password) cut out."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, path = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{path}"


def _ca(path: str | None) -> str | None:
    """A readable PEM file that loads as trusted certificates."""
    if path is None:
        return None
    import os
    import ssl
    import stat

    path = os.path.expanduser(path.strip())
    try:
        info = os.stat(path)
    except OSError as exc:
        raise OptionError(f"{visible(path)}: cannot be read "
                          f"({exc.strerror or type(exc).__name__})", key="caldav.ca") from None
    if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_CA:
        raise OptionError(f"{visible(path)}: give a PEM file of "
                          "certificates (a regular file under 1 MB)", key="caldav.ca")
    try:
        ssl.create_default_context(cafile=path)
    except (ssl.SSLError, OSError, ValueError):
        raise OptionError(f"{visible(path)}: holds no PEM "
                          "certificate", key="caldav.ca") from None
    return path


def is_local(host: str) -> bool:
    """This machine: a password sent here over http:// does not cross a network."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _timeout(text: str | None) -> float:
    if text is None:
        return DEFAULT_TIMEOUT
    if _SECONDS.fullmatch(text.strip()) and 0 < float(text) <= MAX_TIMEOUT:
        return float(text)
    raise OptionError(f"{_short(text)!r} is not allowed; use seconds "
                      f"from 1 to {MAX_TIMEOUT}", key="caldav.timeout")


def _flag(text: str, key: str) -> bool:
    value = text.strip().lower()
    if value in _YES | _NO:
        return value in _YES
    raise OptionError(f"{_short(text)!r} is not allowed; use yes or no", key=f"caldav.{key}")


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:79] + "…"
