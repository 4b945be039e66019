"""Putting the booklet together: overview, one sheet per session, exercise reference.

Page count (for printing and for tests):

    total = overview pages + number of sessions + reference pages

* The overview (title, equipment, safety, dosing guidance, then the weeks x days grid)
  flows over as many pages as it needs. Grid rows all have one height, so after the
  first page every page holds a fixed number of weeks: with the shipped catalog and the
  default three training days, page 1 holds 4 weeks on A4 (3 on Letter) and every
  further page 17 weeks on A4 (16 on Letter); 520 weeks take 32 (34) overview pages.
  Seven training days, or longer names, need taller rows (fewer weeks a page).
* Every session gets exactly one sheet, in date order, starting on the page after the
  overview. A sheet is one full-frame flowable, so it never splits.
* The reference (one entry per exercise of the plan) starts on a fresh page after the
  last sheet and flows in two columns; with the shipped catalog it takes 4 pages.

`measure()` lays out the overview and the reference without the sheets (cheap) and returns
these numbers; `render_pdf` needs them up front for "page X of Y" footers and for the
"steps: R3, page N" pointers on the sheets, and checks the finished document against them.

Why not one big platypus story: a flowable that splits across many pages is re-wrapped
once per page (quadratic time). Here the grid is a custom flowable with O(1) wrap and
split, sheets are drawn straight on the canvas, so export time grows linearly with weeks.

What keeps it fast (reportlab is pure Python here, without its C accelerator): what
repeats from page to page is drawn once as a form XObject and placed by reference
(forms.py); measuring skips drawing and writing (MeasuringCanvas), and the real build
places the flowables it measured, each paragraph's lines already broken (overview.Para);
links that differ only in their page are formatted once (SharedLink); string widths and a
string's glyph codes are worked out once (fonts.py); reportlab's number and name
formatting remembers what it wrote (formatting.py); a fillable booklet's fields are short
dictionaries written straight into object streams (widgets.py, packing.py), with a font
made at development time (field_font.py).
"""

from __future__ import annotations

import io
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import LinkAnnotation
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate

from .fonts import SANS, register_fonts
from .formatting import remembered
from .forms import place
from .styles import FOOTER_Y, MARGIN_X, MUTED, RULE, Geometry, paragraph_styles
from .text import Fitter, clean

if TYPE_CHECKING:
    from planner.api import Plan

CREATOR = "band-planner"


@dataclass(frozen=True)
class Pages:
    overview: int
    sessions: int
    reference: int

    @property
    def total(self) -> int:
        return self.overview + self.sessions + self.reference

    @property
    def first_sheet(self) -> int:
        return self.overview + 1

    @property
    def first_reference(self) -> int:
        return self.overview + self.sessions + 1


@dataclass
class Layout:
    """What every part of the booklet needs to know while it is laid out and drawn."""

    plan: Plan
    geometry: Geometry
    fitter: Fitter = field(default_factory=Fitter)
    styles: dict = field(default_factory=paragraph_styles)
    pages: Pages | None = None
    ref_labels: dict[str, str] = field(default_factory=dict)  # exercise id -> "R3"
    ref_offsets: dict[str, int] = field(default_factory=dict)  # exercise id -> page in reference
    seen_pages: dict[str, int] = field(default_factory=dict)  # filled while drawing
    fields: bool = True  # session sheets carry fillable form fields
    stories: dict[str, list] = field(default_factory=dict)  # measured flowables (measure())

    def __post_init__(self) -> None:
        self.sessions = list(self.plan.sessions())
        self.ref_labels = {key: f"R{n}" for n, key in enumerate(self.plan.exercises, start=1)}
        # For the sheets' "last time" hints: each exercise's dose in its session before, or
        # what the log holds (plan.logged) where that is later.
        self.before: dict[tuple[int, str], object] = {}
        logged = self.plan.logged
        last: dict[str, tuple] = {}  # exercise -> (date, item)
        for index, (_, session) in enumerate(self.sessions):
            for item in session.items:
                key = item.exercise
                candidates = [found for found in (last.get(key), _dated(logged.get(key)))
                              if found is not None and found[0] < session.date]
                if candidates:
                    self.before[index, key] = max(candidates, key=lambda c: c[:2])[2]
                last[key] = (session.date, 0, item)

    def sheet_page(self, index: int) -> int:
        return self.pages.first_sheet + index if self.pages else 0

    def reference_page(self, exercise_id: str) -> int | None:
        offset = self.ref_offsets.get(exercise_id)
        if offset is None or self.pages is None:
            return None
        return self.pages.first_reference + offset - 1


def _dated(done) -> tuple | None:
    """A log entry as a "last time" candidate; on the same day, it beats the plan's dose."""
    return None if done is None else (done.date, 1, done)


COLUMN_GAP = 18


class Booklet(BaseDocTemplate):
    """Two page templates: "page" (one frame) and "columns" (the reference, two frames)."""

    def __init__(self, out, layout: Layout, first: str = "page"):
        plan = layout.plan
        g = layout.geometry
        super().__init__(
            out, pagesize=(g.page_w, g.page_h), invariant=1, pageCompression=1,
            title=f"{clean(plan.name)}: resistance-band back routine",
            author=CREATOR, creator=CREATOR, subject="Training plan and log",
            lang="en", leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            # Otherwise every page starts in Helvetica, a font the PDF would not embed.
            initialFontName=SANS, initialFontSize=10, initialLeading=12,
        )
        self.layout = layout
        x, y, w, h = g.frame
        half = (w - COLUMN_GAP) / 2
        flat = dict(leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        templates = {
            "page": PageTemplate("page", frames=[Frame(x, y, w, h, id="content", **flat)],
                                 onPageEnd=self._footer),
            "columns": PageTemplate("columns", onPageEnd=self._footer, frames=[
                Frame(x, y, half, h, id="left", **flat),
                Frame(x + half + COLUMN_GAP, y, half, h, id="right", **flat)]),
        }
        self.addPageTemplates([templates[first]] + [t for k, t in templates.items() if k != first])

    def _footer(self, canv, doc) -> None:
        if canv.measuring:
            return
        layout = self.layout
        g = layout.geometry
        assert layout.pages is not None  # measured before the real build
        canv.saveState()
        number = f"page {canv.getPageNumber()} of {layout.pages.total}"
        width = canv.stringWidth(number, SANS, 9)
        name = layout.fitter.line(layout.plan.name, SANS, 9, g.frame_w - width - 20)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 9)
        canv.drawString(g.page_w - MARGIN_X - width, FOOTER_Y, number)  # right-aligned
        # The rule and the plan's name are the same on (nearly) every page: one form.
        place(canv, ("footer", name, g.page_w), lambda: self._footer_rule(name),
              (0, 0, g.page_w, FOOTER_Y + 20))
        canv.restoreState()

    def _footer_rule(self, name: str) -> None:
        canv, g = self.canv, self.layout.geometry
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, FOOTER_Y + 11, g.page_w - MARGIN_X, FOOTER_Y + 11)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 9)
        canv.drawString(MARGIN_X, FOOTER_Y, name)


class SharedLink(LinkAnnotation):
    """A link whose PDF text is worked out once per document for all its twins.

    Row n of every sheet that lists an exercise links the same rectangle to the same
    reference entry; only the page holding the link differs, and that is not part of the
    link's text. reportlab would format each of those hundreds of dictionaries anew."""

    def format(self, document):
        try:
            border = self.Border
            key = (tuple(self.Rect), id(self.Destination), self.Contents,
                   tuple(getattr(border, "sequence", (border,))), not self.otherkw)
            hash(key)
        except (AttributeError, TypeError):  # a reportlab that builds links differently
            return super().format(document)
        cache = document.__dict__.setdefault("_band_planner_links", {})
        text = cache.get(key)
        if text is None:
            text = cache[key] = super().format(document)
        return text


class BookletCanvas(Canvas):
    """The canvas of the real build: its links are SharedLinks.

    reportlab has no public way to choose the class of the links `linkRect` makes, so this
    hooks its private `_addAnnotation`. The major version is pinned in pyproject.toml, and
    tests/test_pdf_links.py shows the bytes are the same without the hook: if a reportlab
    renames the method, the booklet is only slower."""

    measuring = False

    def _addAnnotation(self, annotation, name=None, addtopage=1):
        if type(annotation) is LinkAnnotation:  # what canvas.linkRect makes
            annotation.__class__ = SharedLink
        return super()._addAnnotation(annotation, name, addtopage)


class PackingCanvas(BookletCanvas):
    """The canvas of a fillable booklet: its document writes itself with its small objects
    in object streams (packing.packed_file), as `pack` would have rewritten it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        doc = self._doc
        classic = doc.format

        def packed() -> bytes:
            from .packing import pack, packed_file

            data = packed_file(doc)
            return data if data is not None else pack(classic())

        doc.format = packed  # what doc.GetPDFData calls, once every object is made


class MeasuringCanvas(Canvas):
    """The canvas of a measuring build: flowables skip drawing where they can (they check
    `canv.measuring`) and nothing is written out; only the page breaks count."""

    measuring = True

    def save(self) -> None:
        pass


_build_lock = threading.Lock()


def _build(layout: Layout, story: list, first: str = "page",
           measuring: bool = False) -> tuple[bytes, int]:
    out = io.BytesIO()
    doc = Booklet(out, layout, first)
    if measuring:
        doc.build(story, canvasmaker=MeasuringCanvas)
        return b"", doc.page
    # reportlab wraps every compressed stream in ASCII85 by default: 25% bigger files and,
    # without its optional C accelerator, a fifth of the export time. The switch is a
    # process-wide setting, so it is flipped only for this build and put back after; so
    # are reportlab's number and name formatting (formatting.py).
    with _build_lock:
        saved = rl_config.useA85
        rl_config.useA85 = 0
        try:
            with remembered():
                doc.build(story, canvasmaker=PackingCanvas if layout.fields else BookletCanvas)
        finally:
            rl_config.useA85 = saved
    return out.getvalue(), doc.page


def measure(plan, page_size: tuple[float, float], fields: bool = True) -> Layout:
    """Lay out the flowing parts alone to learn the page numbers the sheets refer to.

    The overview and reference flowables are kept in the layout (`stories`): the real build
    places the same ones, so their text is parsed once and each paragraph is broken into
    lines once per width (overview.Para), not again for the real build."""
    from .overview import overview_story
    from .reference import reference_story

    register_fonts()
    layout = Layout(plan, Geometry(*page_size), fields=fields)
    reference_pages = 0
    reference = reference_story(layout) if plan.exercises else []
    if reference:
        _, reference_pages = _build(layout, list(reference), "columns", measuring=True)
        layout.ref_offsets = dict(layout.seen_pages)
    layout.seen_pages = {}
    overview = overview_story(layout)
    _, overview_pages = _build(layout, list(overview), measuring=True)
    layout.pages = Pages(overview_pages, len(layout.sessions), reference_pages)
    layout.stories = {"overview": overview, "reference": reference}
    return layout


def _laid_out_again(story: list) -> list:
    """The measured flowables, ready for another build: reportlab marks a flowable it had to
    move to the next frame (`_postponed`) and refuses to move a marked one again, which the
    real build, laying out the same pages, would do at the same places."""
    pending = list(story)
    while pending:
        flowable = pending.pop()
        flowable.__dict__.pop("_postponed", None)
        pending.extend(getattr(flowable, "_content", ()))  # KeepTogether's flowables
    return list(story)


def render_pdf(plan, page_size: tuple[float, float], fields: bool = True) -> bytes:
    from .sheet import sheet_story

    layout = measure(plan, page_size, fields)
    story = _laid_out_again(layout.stories["overview"]) + sheet_story(layout)
    if plan.exercises:
        # Ends the last sheet's (full) page; never leaves a blank one.
        story += ([NextPageTemplate("columns"), PageBreak()]
                  + _laid_out_again(layout.stories["reference"]))
    data, pages = _build(layout, story)
    # The footers and the sheets' "page N" pointers were written from the measurement.
    assert layout.pages is not None
    expected = {key: layout.reference_page(key) for key in layout.ref_offsets}
    if pages != layout.pages.total or layout.seen_pages != expected:
        raise RuntimeError(f"laid out {pages} pages, expected {layout.pages.total}")
    # A fillable booklet's thousands of small field dictionaries went into compressed
    # object streams as it was written (PackingCanvas).
    return data
