"""The embedded DejaVu Sans fonts (Latin, Cyrillic, Greek and more), registered once per process."""

from __future__ import annotations

import io
import threading
from importlib import resources

# Names private to band-planner, so another reportlab user's "DejaVuSans" cannot clash.
SANS = "BandPlanner-DejaVuSans"
SANS_BOLD = "BandPlanner-DejaVuSans-Bold"
_FILES = {SANS: "DejaVuSans.ttf", SANS_BOLD: "DejaVuSans-Bold.ttf"}

_lock = threading.Lock()
_registered = False
_WIDTHS_KEPT = 20_000  # strings per face (a 10-year plan measures ~6,000); then start over


def _font_class():
    from reportlab.pdfbase.ttfonts import TTFont

    class RememberingTTFont(TTFont):
        """A TrueType font that remembers the width of every string it measured.

        reportlab measures each string drawn (for alignment) and every word it wraps, in
        pure Python, and a booklet prints the same words and labels hundreds of times.
        The width is cached in font units, so any size gives exactly the float reportlab
        would compute."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._units: dict[str, float] = {}

        def stringWidth(self, text, size, encoding="utf8"):
            if not isinstance(text, str):
                return super().stringWidth(text, size, encoding)
            units = self._units.get(text)
            if units is None:
                if len(self._units) >= _WIDTHS_KEPT:
                    self._units.clear()
                # 0.001 * 1000 == 1.0, so this is the exact sum of the glyph widths
                units = self._units[text] = super().stringWidth(text, 1000)
            return 0.001 * size * units

        def splitString(self, text, doc, encoding="utf-8"):
            """The text as (subset, codes) runs, for drawing: each string once per document.

            reportlab maps every character of every string drawn to its place in the
            embedded subset, in pure Python, and a booklet draws the same labels on every
            page. A character keeps the place it got the first time, so the runs of a
            string seen before are what they were then."""
            if not isinstance(text, str):
                return super().splitString(text, doc, encoding)
            cache = doc.__dict__.setdefault("_band_planner_runs", {})
            key = (self.fontName, text)
            runs = cache.get(key)
            if runs is None:
                runs = cache[key] = tuple(super().splitString(text, doc, encoding))
            return list(runs)

    return RememberingTTFont


def register_fonts() -> None:
    """Register the regular and bold faces (and their family, for <b> in paragraphs)."""
    global _registered
    with _lock:
        if not _registered:
            from reportlab.pdfbase import pdfmetrics

            font_class = _font_class()
            folder = resources.files(__name__.rpartition(".")[0]).joinpath("fonts")
            for name, filename in _FILES.items():
                # Read through importlib.resources so a zipped or wheel install works too.
                data = folder.joinpath(filename).read_bytes()
                pdfmetrics.registerFont(font_class(name, io.BytesIO(data)))
            # <b> in paragraphs picks the bold face; italics fall back to the upright ones.
            pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD)
            _registered = True


FIELD_FONT = "BPSans"  # the fields' font, by its name in the form's resources


def field_font(doc):
    """The fields' font in the form's resources: DejaVu Sans, embedded (see field_font.py)."""
    from .field_font import font_objects

    return font_objects(doc, "DejaVuSans")
