"""A WebDAV multistatus answer (RFC 4918) read with the standard library's expat parser.

An answer with a DOCTYPE is refused outright: a CalDAV server has no use for one, and it is
where entity tricks (external entities, exponential expansion) live. Hrefs are kept exactly
as the server wrote them; hrefs.py decides which of them may be acted on.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from xml.etree import ElementTree

DAV = "{DAV:}"
CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_DOCTYPE = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_STATUS = re.compile(r"HTTP/\d(?:\.\d)?\s+(\d{3})")


class Entry(NamedTuple):
    href: str  # raw, as written
    status: int  # 200 when any property came back, else the (prop)status given
    props: dict[str, ElementTree.Element]  # "{ns}name" -> the property element

    def text(self, name: str) -> str | None:
        found = self.props.get(name)
        return None if found is None else "".join(found.itertext())

    def types(self) -> set[str]:
        """The element tags inside DAV:resourcetype."""
        found = self.props.get(f"{DAV}resourcetype")
        return set() if found is None else {child.tag for child in found}


def parse(body: bytes) -> list[Entry]:
    """The entries of a multistatus body; ValueError for anything else."""
    if _DOCTYPE.search(body):
        raise ValueError("an answer with a DOCTYPE")
    try:
        root = ElementTree.fromstring(body)
    except ElementTree.ParseError:
        raise ValueError("an answer that is not XML") from None
    if root.tag != f"{DAV}multistatus":
        raise ValueError("an answer that is not a WebDAV multistatus")
    return [_entry(item) for item in root.iterfind(f"{DAV}response")]


def _entry(item: ElementTree.Element) -> Entry:
    href = (item.findtext(f"{DAV}href") or "").strip()
    props: dict[str, ElementTree.Element] = {}
    statuses = []
    for propstat in item.iterfind(f"{DAV}propstat"):
        status = _status(propstat.findtext(f"{DAV}status"))
        statuses.append(status)
        if status == 200:
            for prop in propstat.iterfind(f"{DAV}prop"):
                props.update((child.tag, child) for child in prop)
    own = item.findtext(f"{DAV}status")
    if own is not None:
        statuses.insert(0, _status(own))
    status = 200 if 200 in statuses and props else (statuses[0] if statuses else 0)
    return Entry(href, status, props)


def _status(line: str | None) -> int:
    found = _STATUS.search(line or "")
    return int(found[1]) if found else 0
