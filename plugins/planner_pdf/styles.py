"""Page geometry, colours and paragraph styles, shared by every part of the booklet."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import SANS, SANS_BOLD

# Dark enough to photocopy, one accent colour that still reads in greyscale.
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#8a8a8a")
SHADE = colors.HexColor("#ececec")
DELOAD = colors.HexColor("#e6e6e6")  # with hatching (overview.WeekGrid._hatch)
HATCH = colors.HexColor("#c4c4c4")
ACCENT = colors.HexColor("#1f4e79")
WHITE = colors.HexColor("#ffffff")
# The drawings' greys (figures.py), chosen to stay apart from black and from each other on a
# laser printer. Colour objects, not strings, like the rest: reportlab parses a colour string
# anew on every use (a few dozen tries at a name, an expression and a literal before the
# hex), about 0.2 ms each time.
FIGURE_FAR = colors.HexColor("#9a9a9a")  # the far arm and leg
FIGURE_BAND = colors.HexColor("#6f6f6f")
FIGURE_BAND_FAR = colors.HexColor("#a6a6a6")  # a band behind the body
FIGURE_PROP = colors.HexColor("#8a8a8a")  # floor, door, chair

MARGIN_X = 15 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 17 * mm  # room for the footer
FOOTER_Y = 11 * mm  # descenders 10 mm from the edge (A4 printed on Letter loses ~9 mm)


@dataclass(frozen=True)
class Geometry:
    """Where the content frame sits on a page of a given size."""

    page_w: float
    page_h: float

    @property
    def frame(self) -> tuple[float, float, float, float]:
        return (MARGIN_X, MARGIN_BOTTOM, self.page_w - 2 * MARGIN_X,
                self.page_h - MARGIN_TOP - MARGIN_BOTTOM)

    @property
    def frame_w(self) -> float:
        return self.frame[2]

    @property
    def frame_h(self) -> float:
        return self.frame[3]


def _style(name: str, **kw) -> ParagraphStyle:
    base = dict(fontName=SANS, fontSize=10, leading=13, textColor=INK, splitLongWords=1)
    base.update(kw)
    return ParagraphStyle(name, **base)


def paragraph_styles() -> dict[str, ParagraphStyle]:
    return {
        "kicker": _style("kicker", fontName=SANS_BOLD, fontSize=10, leading=13,
                         textColor=MUTED),
        "title": _style("title", fontName=SANS_BOLD, fontSize=22, leading=27,
                        textColor=ACCENT, spaceAfter=4),
        "subtitle": _style("subtitle", fontSize=11, leading=15, textColor=INK),
        "h1": _style("h1", fontName=SANS_BOLD, fontSize=16, leading=20, textColor=ACCENT,
                     spaceBefore=4, spaceAfter=8),
        "h2": _style("h2", fontName=SANS_BOLD, fontSize=12, leading=15, textColor=ACCENT,
                     spaceBefore=8, spaceAfter=3),
        "h3": _style("h3", fontName=SANS_BOLD, fontSize=10, leading=13, spaceBefore=5,
                     spaceAfter=1),
        "body": _style("body"),
        "small": _style("small", fontSize=9, leading=12, textColor=MUTED),
        "bullet": _style("bullet", leftIndent=14, bulletIndent=2, bulletFontName=SANS,
                         spaceAfter=1),
        "numbered": _style("numbered", leftIndent=18, bulletIndent=0, bulletFontName=SANS_BOLD,
                           spaceAfter=2),
        "ref_body": _style("ref_body", fontSize=9.5, leading=12.5),
        "ref_bullet": _style("ref_bullet", fontSize=9.5, leading=12.5, leftIndent=12,
                             bulletIndent=1, bulletFontName=SANS, spaceAfter=1),
        "ref_numbered": _style("ref_numbered", fontSize=9.5, leading=12.5, leftIndent=15,
                               bulletIndent=0, bulletFontName=SANS_BOLD, spaceAfter=1),
        "entry": _style("entry", fontName=SANS_BOLD, fontSize=12, leading=15, textColor=ACCENT,
                        spaceBefore=12, spaceAfter=1),
    }
