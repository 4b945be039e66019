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


def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces (and their family, for <b> in paragraphs)."""
    global _registered
    with _lock:
        if not _registered:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            folder = resources.files(__name__.rpartition(".")[0]).joinpath("fonts")
            for name, filename in _FILES.items():
                # Read through importlib.resources so a zipped or wheel install works too.
                data = folder.joinpath(filename).read_bytes()
                pdfmetrics.registerFont(TTFont(name, io.BytesIO(data)))
            for bold, italic, face in ((0, 0, SANS), (1, 0, SANS_BOLD),
                                       (0, 1, SANS), (1, 1, SANS_BOLD)):
                addMapping(SANS, bold, italic, face)
            _registered = True
    return SANS, SANS_BOLD
