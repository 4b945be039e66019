"""Text from files on its way to a terminal: control characters made visible."""

from __future__ import annotations

import functools
import re

# Every character the patterns look for is unprintable to str.isprintable (controls are
# category Cc, the bidi marks Cf, the line and paragraph separators Zl and Zp), so printable
# text, by far the most common, needs none; the patterns, whose Unicode ranges take a while
# to compile, are compiled the first time other text comes by.


@functools.cache
def _pattern(kind: str) -> re.Pattern[str]:
    return re.compile({
        # C0 and C1 controls (ESC starts terminal sequences) and the bidi controls that
        # reorder text.
        "unsafe": r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]",
        "controls": r"[\x00-\x1f\x7f-\x9f]",
        # what json.dumps leaves raw (it escapes C0 itself)
        "json": r"[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]",
    }[kind])


def visible(text: str) -> str:
    """`text` on one line, each control character shown as its escape (e.g. `\\x1b`)."""
    if text.isprintable():
        return text
    return _pattern("unsafe").sub(
        lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def has_controls(text: str, bidi: bool = True) -> bool:
    """Whether `text` holds C0 or C1 controls (or, with `bidi`, bidi controls too)."""
    if text.isprintable():
        return False
    return _pattern("unsafe" if bidi else "controls").search(text) is not None


def visible_lines(text: str) -> str:
    """`visible` for each line of a multi-line text; the line breaks stay."""
    if not has_controls(text.replace("\n", "")):
        return text
    return "\n".join(visible(line) for line in text.split("\n"))


def for_stdout(text: str) -> str:
    """Text for standard output that must stay as it is in a file or pipe (CSV, for
    instance): on a terminal, its control characters are made visible instead."""
    import sys

    return visible_lines(text) if sys.stdout.isatty() else text


def safe_json(text: str) -> str:
    """JSON text (as json.dumps writes it with ensure_ascii=False) with DEL, C1 and bidi
    controls written as \\u escapes: the same document, safe to show in a terminal."""
    if text.isprintable():  # never so with line breaks: json.dumps' indent has them
        return text
    return _pattern("json").sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def say(quiet: bool, text: str) -> None:
    """Print `text`, control characters made visible, unless --quiet; nothing when empty."""
    if text and not quiet:
        print(visible_lines(text))


def warn(lines) -> None:
    """Print each line as a warning on stderr, control characters made visible."""
    import sys

    for line in lines:
        print(f"Warning: {visible(line)}", file=sys.stderr)


def wrap(text: str, prefix: str, width: int) -> list[str]:
    """`text` after `prefix` in lines of at most `width` columns, broken at spaces only (never
    inside a word or at a hyphen), later lines indented under the prefix."""
    import textwrap

    return textwrap.wrap(text, width=width, initial_indent=prefix,
                         subsequent_indent=" " * len(prefix), break_long_words=False,
                         break_on_hyphens=False) or [prefix.rstrip()]


def width(fallback: int = 80, most: int | None = None) -> int:
    """The terminal's width in columns (`fallback` when it is not a terminal), at least 40
    and at most `most`."""
    import shutil

    columns = shutil.get_terminal_size((fallback, 24)).columns
    return max(40, min(most, columns) if most else columns)

