"""reportlab's number, name and text encoding, made cheaper while a booklet is written.

reportlab (pure Python here, without its C accelerator) writes every number of every page,
form and PDF object through `fp_str` and every dictionary key through `PDFName`, a
character at a time, and every string of the file through `pdfdocEnc`, a codec registered
in Python. A booklet writes the same few thousand values (line widths, positions, colours,
form and font names) hundreds of times over: together they took a fifth of the export
time. While a booklet is built, `remembered()` puts in their place versions that work each
number and name out once, by calling reportlab's own function, and look it up after that,
and that encode plain ASCII text with Python's own codec. The bytes are the same, and
anything unusual (a value of another type, a long name, a name with other bounds, text
with other characters) goes straight to reportlab's function.

The functions are module-level names in several reportlab modules, so the switch is
process-wide: it is made only for the build and undone after (as document._build does with
`rl_config.useA85`), and another thread drawing with reportlab meanwhile gets the same
results from them.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

LONGEST_REMEMBERED = 100  # characters of a name; a longer one is escaped as it comes
MOST_REMEMBERED = 100_000  # values per table; then it starts over


def remembering_fp_str(original: Callable[..., str]) -> Callable[..., str]:
    """`fp_str(*numbers)` (or one list or tuple of them): each number formatted once."""
    known: dict[float, str] = {}

    def fp_str(*args: Any) -> str:
        values = args[0] if len(args) == 1 and type(args[0]) in (list, tuple) else args
        parts = []
        for value in values:
            kind = type(value)
            if kind is not float and kind is not int:  # a bool, a Decimal, ...: as it was
                return original(*args)
            text = known.get(value)
            if text is None:
                if len(known) >= MOST_REMEMBERED:
                    known.clear()
                # reportlab formats each number on its own and joins them with spaces
                text = known[value] = original(value)
            parts.append(text)
        return " ".join(parts)

    return fp_str


def remembering_name(original: Callable[..., str]) -> Callable[..., str]:
    """`PDFName(text)`: each name escaped once."""
    known: dict[str, str] = {}

    def PDFName(data: Any, *bounds: Any, **named: Any) -> str:  # noqa: N802 (reportlab's name)
        if bounds or named or type(data) is not str or len(data) > LONGEST_REMEMBERED:
            return original(data, *bounds, **named)
        name = known.get(data)
        if name is None:
            if len(known) >= MOST_REMEMBERED:
                known.clear()
            name = known[data] = original(data)
        return name

    return PDFName


def ascii_encoding(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`pdfdocEnc(text)`: text of the ASCII characters that PDFDocEncoding maps to
    themselves encoded by Python's own ASCII codec, anything else by `original`. Which
    characters those are is asked of `original` itself, one by one (its codec maps each
    character on its own), so the bytes are the same. (Remembering strings instead was
    slower: most are object headers and references, each written once.)"""
    same = []
    for code in range(128):
        try:
            if original(chr(code)) == bytes([code]):
                same.append(chr(code))
        except UnicodeError:
            pass
    others = re.compile("[^" + re.escape("".join(same)) + "]")

    def pdfdocEnc(x: Any) -> Any:  # noqa: N802 (reportlab's name)
        if type(x) is str and x.isascii() and others.search(x) is None:
            return x.encode("ascii")
        return original(x)

    return pdfdocEnc


@contextmanager
def remembered() -> Iterator[None]:
    """Within the block, reportlab's modules use the remembering functions. The caller
    holds a lock: two builds at once must not put each other's originals back."""
    from reportlab.lib import rl_accel
    from reportlab.pdfbase import pdfdoc

    originals = {"fp_str": rl_accel.fp_str, "PDFName": pdfdoc.PDFName,
                 "pdfdocEnc": pdfdoc.pdfdocEnc}
    faster = {"fp_str": remembering_fp_str(originals["fp_str"]),
              "PDFName": remembering_name(originals["PDFName"]),
              "pdfdocEnc": ascii_encoding(originals["pdfdocEnc"])}
    # Every module that imported the function by name holds its own reference.
    swapped = [(module, name) for key, module in list(sys.modules.items())
               if key == "reportlab" or key.startswith("reportlab.")
               for name, function in originals.items()
               if getattr(module, name, None) is function]
    for module, name in swapped:
        setattr(module, name, faster[name])
    try:
        yield
    finally:
        for module, name in swapped:
            setattr(module, name, originals[name])
