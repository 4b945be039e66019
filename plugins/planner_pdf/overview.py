"""The overview: what the plan is, what you need, how to stay safe, and every week at a glance."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from planner.api import EQUIPMENT

from .fonts import SANS, SANS_BOLD
from .forms import place
from .styles import DELOAD, HATCH, INK, MUTED, RULE, SHADE
from .text import WEEKDAYS, day_month, in_words, long_date, para, plural

BAND_KINDS = {
    "short": "a short flat or tube band (nothing to fix it to)",
    "long": "a long band that can be fixed at its middle",
    "loop": "a loop band, or a band tied into a loop",
}
COVERED_BY = {"long": "tube", "loop": "loop"}  # band kind -> equipment word naming it
CHART_WEEKS = 8  # plans this long get the progression chart


def overview_story(layout) -> list[Flowable]:
    plan, st = layout.plan, layout.styles
    sessions = layout.sessions
    story: list[Flowable] = [Bookmark("overview", "Overview"),
                             Para("Resistance-band back routine", st["kicker"]),
                             Para(para(plan.name), st["title"])]
    if sessions:
        first, last = sessions[0][1].date, sessions[-1][1].date
        story.append(Para(
            f"<b>{long_date(first)}</b> to <b>{long_date(last)}</b>", st["subtitle"]))
    story.append(Para(para(_schedule_line(plan, sessions)), st["subtitle"]))
    story += [Spacer(0, 6), BookletContents(layout), Spacer(0, 2)]

    story.append(Para("What you need", st["h2"]))
    for line in _equipment_lines(layout):
        story.append(Para(line, st["bullet"], bulletText="☐"))
    if plan.safety:
        story.append(Para("Before you start: safety and care", st["h2"]))
        story += [Para(para(t), st["bullet"], bulletText="•") for t in plan.safety]

    if len(plan.weeks) >= CHART_WEEKS:  # a few weeks read at a glance in the grid below
        from .chart import ProgressChart

        chart = ProgressChart(layout)
        story.append(CondPageBreak(chart.HEIGHT + chart.LEGEND_H + 60))
        story.append(Para("How your training climbs", st["h2"]))
        story.append(Para(
            "Each line: the hardest dose of the week for that part of the back. It climbs "
            "with reps, then sets, then a heavier band or less slack; a flat stretch is a "
            "dose held, a dip a deload week (shaded) or an easier step.", st["small"]))
        story += [Spacer(0, 4), chart]
    if sessions:
        grid = WeekGrid.for_plan(layout)
        story.append(CondPageBreak(grid.HEADER_H + 3 * grid.row_h + 60))
        story.append(Para("Your weeks at a glance", st["h2"]))
        focuses = {tuple(s.focus) for _, s in sessions}
        trained = ("the parts of the back trained; " if grid.focus_lines else "")
        every = ("" if grid.focus_lines else
                 f" Every session works the {in_words(next(iter(focuses)))} back.")
        deloads = " Shaded weeks are deload weeks." if grid.deloads else ""
        story.append(Para(para(
            f"Each box: the date and the page of its log sheet; {trained}the band level and "
            f"sets × reps.{every}{deloads}"), st["small"]))
        story += [Spacer(0, 4), grid]
    return story


def _schedule_line(plan, sessions) -> str:
    weeks = len(plan.weeks)
    parts = [plural(weeks, "week"), plural(len(sessions), "session")]
    if sessions:
        start = sessions[0][1].start
        parts.append(f"at {start.strftime('%H:%M')} {sessions[0][1].timezone}")
        minutes = sorted({s.minutes for _, s in sessions})
        parts.append(f"{minutes[0]} minutes" if len(minutes) == 1
                     else f"{minutes[0]}–{minutes[-1]} minutes")
    if plan.settings.level:
        parts.append(f"{plan.settings.level} level")
    return " · ".join(parts)


def _equipment_lines(layout) -> list[str]:
    plan = layout.plan
    bands = plan.bands_used()
    lines = []
    if bands:
        lines.append(f"<b>Bands</b> in {'this level' if len(bands) == 1 else 'these levels'}: "
                     f"{para(', '.join(bands))} (lightest first)")
    kinds: dict[str, list[str]] = {}
    for key, ex in plan.exercises.items():
        # A handled tube band or a loop band is listed below with the equipment.
        if COVERED_BY.get(ex.band) not in plan.equipment_of(key):
            kinds.setdefault(ex.band, []).append(key)
    for kind, keys in kinds.items():
        text = BAND_KINDS.get(kind, f"a {kind} band")
        lines.append(f"{para(text)} <font color='#555555'>({_refs(layout, keys)})</font>")
    for word in plan.equipment():
        keys = [k for k in plan.exercises if word in plan.equipment_of(k)]
        text = EQUIPMENT.get(word, word)
        lines.append(f"{para(text)} <font color='#555555'>({_refs(layout, keys)})</font>")
    return lines


def _refs(layout, keys) -> str:
    return "for " + ", ".join(layout.ref_labels[k] for k in keys)


class Para(Paragraph):
    """A paragraph that is not drawn while the booklet is only being measured (see
    document.MeasuringCanvas): its size is all that counts then.

    It breaks its lines once per width: reportlab wraps a paragraph again each time it is
    asked (by KeepTogether, then the frame, then the real build after the measuring one), and
    the lines depend only on the text, the style and the width."""

    def wrap(self, availWidth, availHeight):
        # `blPara` is gone when a split gave up on this paragraph; then wrap anew.
        if availWidth == self.__dict__.get("_wrapped_width") and "blPara" in self.__dict__:
            return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def draw(self):
        if not self.canv.measuring:
            super().draw()


class Bookmark(Flowable):
    """A zero-size mark: a PDF destination and outline entry at this point."""

    _ZEROSIZE = True

    def __init__(self, key: str, title: str):
        super().__init__()
        self.key, self.title = key, title

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key)


class BookletContents(Flowable):
    """Two fixed-height lines saying where the sheets and the reference start.

    Its size never depends on the numbers, so measuring and drawing agree."""

    LEADING = 14

    def __init__(self, layout):
        super().__init__()
        self.layout = layout

    def wrap(self, aw, ah):
        self.width, self.height = aw, 2 * self.LEADING + 4
        return self.width, self.height

    def draw(self):
        if self.canv.measuring:
            return
        layout = self.layout
        pages, canv, fit = layout.pages, self.canv, layout.fitter
        lines = []
        if pages.sessions:
            lines.append(("Log sheets", _span(pages.first_sheet, pages.sessions),
                          "one per session, in date order: write in what you did", "s0"))
        if pages.reference:
            lines.append(("Exercise reference", _span(pages.first_reference, pages.reference),
                          "dosing advice, then steps and cues for each exercise",
                          f"r-{next(iter(layout.plan.exercises))}"))
        y = self.height - self.LEADING + 3
        for label, span, text, target in lines:
            canv.setFont(SANS_BOLD, 10)
            canv.setFillColor(INK)
            head = f"{label}, {span}: "
            canv.drawString(0, y, head)
            x = canv.stringWidth(head, SANS_BOLD, 10)
            # The page range is a link to the first of those pages.
            canv.linkRect("", target, (0, y - 3, x, y + 10), relative=1, thickness=0)
            canv.setFont(SANS, 10)
            canv.drawString(x, y, fit.line(text, SANS, 10, self.width - x))
            y -= self.LEADING


def _span(first: int, count: int) -> str:
    return f"page {first}" if count == 1 else f"pages {first}–{first + count - 1}"


class WeekGrid(Flowable):
    """Weeks as rows, training weekdays as columns, drawn straight on the canvas.

    Every row has the same height, so wrap and split cost O(1) whatever the number of
    weeks, and a page holds a fixed number of rows; the header repeats on every page.
    Rather than leave a page holding only the last row or two, the grid sets its rows
    tighter, if that lets every row fit where it is."""

    WEEK_W = 80
    HEADER_H = 18
    ORPHANS = 2  # at most this many rows left over: try the tight rows
    METRICS = {False: (4, 9, 11.5), True: (3, 8.5, 10)}  # tight: (padding, size, leading)

    def __init__(self, layout, rows, columns, focus_lines, dose_lines, page_inline,
                 tight: bool = False):
        super().__init__()
        self.layout, self.rows, self.columns = layout, rows, columns
        self.focus_lines, self.dose_lines = focus_lines, dose_lines
        self.page_inline = page_inline  # page number beside the date, or on a line of its own
        self.tight = tight
        self.PAD, self.SIZE, self.LEADING = self.METRICS[tight]
        # The week column needs a third line only to say "deload".
        self.deloads = any(week.deload for week in layout.plan.weeks)
        lines = max(3 if self.deloads else 2,
                    1 + focus_lines + dose_lines + (0 if page_inline else 1))
        self.row_h = 2 * self.PAD + lines * self.LEADING

    def _again(self, rows, tight: bool | None = None) -> WeekGrid:
        return WeekGrid(self.layout, rows, self.columns, self.focus_lines, self.dose_lines,
                        self.page_inline, self.tight if tight is None else tight)

    @classmethod
    def for_plan(cls, layout) -> WeekGrid:
        weekdays = sorted({s.date.weekday() for _, s in layout.sessions})
        index = {id(s): n for n, (_, s) in enumerate(layout.sessions)}
        rows = []
        for week in layout.plan.weeks:
            cells: dict[int, list[tuple[int, object]]] = {}
            for session in week.sessions:
                cells.setdefault(session.date.weekday(), []).append((index[id(session)], session))
            rows.append((week, cells))
        # Every row gets the lines the widest cell needs (at most two each), so all rows
        # are the same height. Page numbers are not known while measuring: size them for
        # the most digits they could have (the overview is shorter than weeks + 50 pages).
        # The tight rows use a smaller size in a cell as wide, so they need no more lines.
        pad, size, _ = cls.METRICS[False]
        width = (layout.geometry.frame_w - cls.WEEK_W) / max(1, len(weekdays)) - 2 * pad
        fit = layout.fitter
        # When every session works the same parts, the caption says so once.
        same = len({_focus(s) for _, s in layout.sessions}) == 1
        focus = 0 if same else max((len(fit.lines(_focus(s), SANS, size, width, 2))
                                    for _, s in layout.sessions), default=1)
        dose = max((len(fit.lines(_session_dose(s), SANS, size, width, 2))
                    for _, s in layout.sessions), default=1)
        digits = len(str(len(layout.sessions) + len(layout.plan.weeks) + 50))
        widest_page = stringWidth("p. " + "8" * digits, SANS, size)
        widest_date = max((stringWidth(day_month(s.date), SANS_BOLD, size)
                           for _, s in layout.sessions), default=0)
        inline = widest_date + 4 + widest_page <= width
        return cls(layout, rows, weekdays, focus, dose, inline)

    def cell_w(self, total_w: float) -> float:
        return (total_w - self.WEEK_W) / max(1, len(self.columns))

    def wrap(self, aw, ah):
        self.width = aw
        self.height = self.HEADER_H + len(self.rows) * self.row_h
        return aw, self.height

    def _fitting(self, height: float) -> int:
        return int((height - self.HEADER_H + 0.01) // self.row_h)

    def split(self, aw, ah):
        fits = self._fitting(ah)
        if fits < 1:
            return []
        if fits >= len(self.rows):
            return [self]
        if not self.tight and len(self.rows) - fits <= self.ORPHANS:
            tight = self._again(self.rows, tight=True)
            if tight._fitting(ah) >= len(self.rows):
                return [tight]
        return [self._again(self.rows[:fits]), self._again(self.rows[fits:])]

    def draw(self):
        if self.canv.measuring:
            return
        canv = self.canv
        cw = self.cell_w(self.width)
        top = self.height
        canv.saveState()
        # header
        canv.setFillColor(SHADE)
        canv.rect(0, top - self.HEADER_H, self.width, self.HEADER_H, stroke=0, fill=1)
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, self.SIZE)
        base = top - self.HEADER_H + 6
        canv.drawString(self.PAD, base, "Week")
        # Full day names only if every one fits: "Mon Tuesday Wed" would look odd.
        short = any(canv.stringWidth(WEEKDAYS[d], SANS_BOLD, self.SIZE) > cw - 2 * self.PAD
                    for d in self.columns)
        for n, weekday in enumerate(self.columns):
            name = WEEKDAYS[weekday]
            canv.drawString(self.WEEK_W + n * cw + self.PAD, base, name[:3] if short else name)
        y = top - self.HEADER_H
        for week, cells in self.rows:
            y -= self.row_h
            if week.deload:
                self._hatch(y)
            self._draw_week(week, y)
            for n, weekday in enumerate(self.columns):
                if weekday in cells:
                    self._draw_cell(cells[weekday], self.WEEK_W + n * cw, y, cw)
        # rules
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        bottom = top - self.HEADER_H - len(self.rows) * self.row_h
        for k in range(len(self.rows) + 1):
            yy = top - self.HEADER_H - k * self.row_h
            canv.line(0, yy, self.width, yy)
        canv.line(0, top, self.width, top)
        xs = [0, self.WEEK_W] + [self.WEEK_W + (n + 1) * cw for n in range(len(self.columns))]
        for x in xs:
            canv.line(x, bottom, x, top)
        canv.restoreState()

    def _hatch(self, y: float) -> None:
        """A deload row: a grey tone with diagonal lines, which survive grayscale and
        toner-saving prints where a pale tint alone disappears."""
        canv = self.canv
        canv.saveState()
        canv.setFillColor(DELOAD)
        clip = canv.beginPath()
        clip.rect(0, y, self.width, self.row_h)
        canv.clipPath(clip, stroke=0, fill=1)
        canv.setStrokeColor(HATCH)
        canv.setLineWidth(0.5)
        step = 10
        x = -self.row_h
        while x < self.width:
            canv.line(x, y, x + self.row_h, y + self.row_h)
            x += step
        canv.restoreState()

    def _first_baseline(self, y: float) -> float:
        return y + self.row_h - self.PAD - self.SIZE

    def _draw_week(self, week, y: float) -> None:
        canv = self.canv
        base = self._first_baseline(y)
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, self.SIZE)
        canv.drawString(self.PAD, base, f"Week {week.number}")
        canv.setFont(SANS, self.SIZE)
        if week.sessions:
            canv.drawString(self.PAD, base - self.LEADING, f"{day_month(week.sessions[0].date)} {week.sessions[0].date.year}")
        if week.deload:
            canv.setFont(SANS_BOLD, self.SIZE)
            canv.drawString(self.PAD, base - 2 * self.LEADING, "deload")

    def _draw_cell(self, entries, x: float, y: float, w: float) -> None:
        canv, fit, pad, size = self.canv, self.layout.fitter, self.PAD, self.SIZE
        index, session = entries[0]
        inner = w - 2 * pad
        line = self._first_baseline(y)
        page = f"p. {self.layout.sheet_page(index)}"
        label = day_month(session.date) + (f" (+{len(entries) - 1})" if len(entries) > 1 else "")
        room = inner - (canv.stringWidth(page, SANS, size) + 4 if self.page_inline else 0)
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, size)
        canv.drawString(x + pad, line, fit.line(label, SANS_BOLD, size, room))
        # What was trained and the dose repeat from week to week: a form, drawn once.
        focus, dose = _focus(session), _session_dose(session)
        place(canv, ("cell", focus, dose, w, self.row_h, self.focus_lines, self.dose_lines),
              lambda: self._cell_text(focus, dose, inner),
              (-10, -10, w + 10, self.row_h + 10), x, y)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, size)
        if self.page_inline:
            canv.drawRightString(x + w - pad, line, page)
        else:
            below = line - (self.focus_lines + self.dose_lines + 1) * self.LEADING
            canv.drawString(x + pad, below, page)
        canv.linkRect("", f"s{index}", (x, y, x + w, y + self.row_h), relative=1, thickness=0)

    def _cell_text(self, focus: str, dose: str, inner: float) -> None:
        """A cell's focus and dose lines, with the cell's lower left corner at (0, 0)."""
        canv, fit, pad, size = self.canv, self.layout.fitter, self.PAD, self.SIZE
        line = self._first_baseline(0)
        canv.setFillColor(INK)
        canv.setFont(SANS, size)
        for text in fit.lines(focus, SANS, size, inner, self.focus_lines) if self.focus_lines else ():
            line -= self.LEADING
            canv.drawString(pad, line, text)
        line = self._first_baseline(0) - self.focus_lines * self.LEADING
        canv.setFillColor(MUTED)
        for text in fit.lines(dose, SANS, size, inner, self.dose_lines):
            line -= self.LEADING
            canv.drawString(pad, line, text)




def _focus(session) -> str:
    return ", ".join(session.focus)


def _session_dose(session) -> str:
    """The session's doses by band and slack, each distinct sets × reps once, in item order:
    "light · 1×10, 2×8"; exercises on another band or slack follow after "; "."""
    groups: dict[tuple[str, str], list[str]] = {}
    for item in session.items:
        doses = groups.setdefault((item.band, item.slack), [])
        dose = f"{item.sets}×{item.reps}"
        if dose not in doses:
            doses.append(dose)
    return "; ".join(f"{band}{'' if slack == 'normal' else f' ({slack} slack)'} · {', '.join(doses)}"
                     for (band, slack), doses in groups.items())
