"""Content lines written directly (RFC 5545 3.1): the events' lines, for document.py.

icalendar builds a Contentline object for every property and folds it a character at a
time; for a year's events (some 2,900 lines, a long DESCRIPTION each) that was most of the
time spent. document.py writes its own events' lines with `line` instead: the names are its
own, and the values come already serialised (TEXT escaped by icalendar's vText). `fold`
breaks a line exactly where icalendar 7 does, so the file stays byte for byte the same:

- a line of at most 74 octets stays whole; a longer one is cut into pieces of at most 74
  octets (a continuation line is a space and a piece: 75 octets), each as long as it can be
  without splitting a UTF-8 sequence;
- a piece that would end in a backslash or a caret, which may begin an escape (TEXT's `\\,`
  or RFC 6868's `^n`), leaves it to the next piece, as icalendar does (issue #1501).

Stdlib only.
"""

from __future__ import annotations

from datetime import datetime

FOLD = b"\r\n "  # CRLF and one space: the next octets continue the line (RFC 5545 3.1)
CRLF = b"\r\n"
PIECE = 74  # octets of a line or continuation piece; the continuation's space makes 75
_ESCAPES = b"\\^"


def fold(line: bytes) -> bytes:
    """A content line (UTF-8, no CRLF) folded as RFC 5545 3.1 and icalendar 7 fold it."""
    size = len(line)
    if size <= PIECE:
        return line
    pieces = []
    start = 0
    while size - start > PIECE:
        end = start + PIECE
        while line[end] & 0xC0 == 0x80:  # a continuation byte: the character starts earlier
            end -= 1
        if line[end - 1] in _ESCAPES:
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return FOLD.join(pieces)


def line(head: bytes, value: bytes) -> bytes:
    """`head:value` folded, with its CRLF. `head` is the name and any parameters
    (`DTSTART;TZID=Europe/Berlin`); `value` is serialised already (e.g. TEXT escaped) and
    holds no line break."""
    return fold(head + b":" + value) + CRLF


def date_time(moment: datetime) -> bytes:
    """A DATE-TIME value (RFC 5545 3.3.5): local time for a naive `moment`, UTC ("Z") for
    an aware one, which must be in UTC. Seconds are kept, microseconds dropped."""
    text = (f"{moment.year:04}{moment.month:02}{moment.day:02}"
            f"T{moment.hour:02}{moment.minute:02}{moment.second:02}")
    if moment.tzinfo is None:
        return text.encode()
    if moment.utcoffset():
        raise ValueError(f"{moment} is neither local time nor UTC")
    return (text + "Z").encode()
