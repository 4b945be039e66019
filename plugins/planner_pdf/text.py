"""Making catalog and plan text safe to print, fitting it into boxes, and writing dates."""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from reportlab.pdfbase.pdfmetrics import stringWidth

ELLIPSIS = "…"
_SPACES = re.compile(r"\s+")

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def clean(text: object) -> str:
    """One line of printable text: line breaks and tabs become spaces, control characters
    and lone surrogates (which cannot be encoded) are dropped or replaced."""
    text = str(text)
    if text.isprintable():
        return text.strip()
    out = []
    for ch in text:
        if ch.isspace():
            out.append(" ")
            continue
        kind = unicodedata.category(ch)
        if kind == "Cs":
            out.append("\ufffd")
        elif kind != "Cc":
            out.append(ch)
    return _SPACES.sub(" ", "".join(out)).strip()


def para(text: object) -> str:
    """Text for a reportlab Paragraph: cleaned and escaped, so <, > and & print literally."""
    # What xml.sax.saxutils.escape does, without the ~15 ms of imports (urllib, http, email).
    return clean(text).replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")


class Fitter:
    """Wraps plain text into lines that fit a width, breaking over-long words and ending
    with an ellipsis when there are more lines than room. Results are cached: the same
    names appear on hundreds of session sheets."""

    def __init__(self) -> None:
        self._cache: dict[tuple, tuple[str, ...]] = {}

    def lines(self, text: str, font: str, size: float, width: float,
              max_lines: int = 1) -> tuple[str, ...]:
        key = (text, font, size, round(width, 2), max_lines)
        found = self._cache.get(key)
        if found is None:
            text = clean(text)
            # Most text fits as it is (widths add up, so every prefix fits too): one
            # measurement instead of one a word.
            if stringWidth(text, font, size) <= width:
                found = (text,)
            else:
                found = _wrap(text, font, size, width, max(1, max_lines))
            self._cache[key] = found
        return found

    def line(self, text: str, font: str, size: float, width: float) -> str:
        return self.lines(text, font, size, width, 1)[0]


def _wrap(text: str, font: str, size: float, width: float, max_lines: int) -> tuple[str, ...]:
    def fits(s: str) -> bool:
        return stringWidth(s, font, size) <= width

    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if fits(candidate):
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        while word and not fits(word):
            cut = _longest_prefix(word, fits)
            lines.append(word[:cut])
            word = word[cut:]
            if len(lines) > max_lines:
                break
        current = word
        if len(lines) > max_lines:
            break
    if current:
        lines.append(current)
    if not lines:
        return ("",)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = _with_ellipsis(lines[-1], fits)
    return tuple(lines)


def _longest_prefix(word: str, fits) -> int:
    low, high = 1, len(word)  # at least one character, so the loop always advances
    while low < high:
        middle = (low + high + 1) // 2
        if fits(word[:middle]):
            low = middle
        else:
            high = middle - 1
    return low


def _with_ellipsis(line: str, fits) -> str:
    while line and not fits(line + ELLIPSIS):
        line = line[:-1]
    return line.rstrip() + ELLIPSIS


# Dates are spelled out here rather than with strftime, whose names follow the locale:
# the same plan must give the same bytes on every machine.

def long_date(day: date) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} {day.year}"


def day_month(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def in_words(words) -> str:
    """"upper", "upper and mid", "upper, mid and lower"."""
    words = list(words)
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


def plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"
