"""Text from files on its way to a terminal: control characters made visible."""

from __future__ import annotations

import re

# C0 and C1 controls (ESC starts terminal sequences) and the bidi controls that reorder text.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """`text` on one line, each control character shown as its escape (e.g. `\\x1b`)."""
    return _UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def has_controls(text: str) -> bool:
    return _UNSAFE.search(text) is not None
