"""Which server-given hrefs the publisher may act on: calendar objects of the collection.

A server's answer names the resources it holds, and every PUT, DELETE and GET we send to
such a name carries the login. So an href is used only when it resolves to the same scheme,
host and port as `caldav.url` and to one plain name directly inside the collection; anything
else (another host as `//host/…` or `%2F%2Fhost…`, `..` segments, another collection on the
same server) is refused here, before any request can be made to it.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# What a plain name may hold as it is sent: RFC 3986 unreserved, sub-delims, ':', '@' and
# percent escapes; nothing that a client or server could read as structure.
_SEGMENT = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-Fa-f]{2})+")


def origin(url: str) -> tuple[str, str, int]:
    """(scheme, host, port) of an absolute URL, lower-cased, the port made explicit."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    return scheme, (parts.hostname or "").lower(), parts.port or _DEFAULT_PORTS.get(scheme, 0)


def object_url(collection: str, href: str) -> str | None:
    """The URL to act on for `href` (raw, as the server wrote it) if it names an object
    directly inside `collection` (an absolute URL ending in "/"), else None."""
    if not href or any(ord(c) < 33 or ord(c) == 127 or c == "\\" for c in href):
        return None
    if href.lower().startswith(("//", "%2f%2f")):
        return None  # a network-path reference: another host, however it is spelt
    try:
        resolved = urljoin(collection, href)
        parts = urlsplit(resolved)
        if parts.username is not None or parts.password is not None:
            return None
        if origin(resolved) != origin(collection):
            return None
    except ValueError:  # a bad port or an unparseable authority
        return None
    if parts.query or parts.fragment or "?" in href or "#" in href:
        return None
    base = urlsplit(collection).path
    parent, _, name = parts.path.rpartition("/")
    parent += "/"
    if "%2f" in parent.lower() or unquote(parent) != unquote(base):
        return None
    if not _SEGMENT.fullmatch(name) or "%2f" in name.lower() or "%5c" in name.lower():
        return None
    if unquote(name) in (".", ".."):
        return None
    return collection + name


def is_collection(collection: str, href: str) -> bool:
    """Whether `href` names the collection itself (servers list it in a Depth 1 answer)."""
    try:
        resolved = urljoin(collection, href)
    except ValueError:
        return False
    return (origin(resolved) == origin(collection)
            and unquote(urlsplit(resolved).path.rstrip("/") + "/")
            == unquote(urlsplit(collection).path))
