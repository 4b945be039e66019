"""One page per session: what to do, and boxes to write down what was done.

A sheet is one flowable exactly the size of the content frame, drawn straight on the
canvas: it never splits, it always starts a new page, and it costs the same for every
session (names are wrapped once per render and reused, see text.Fitter). Only the lines
naming the session are drawn per sheet; the rest is form XObjects (see forms.py), each
drawn once per document and placed on every sheet that shows the same thing.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from .fonts import SANS, SANS_BOLD
from .forms import place
from .styles import ACCENT, INK, MUTED, RULE, SHADE
from .text import long_date

HEAD_H = 30  # table header row
ROW_H = 58  # one exercise, at full size
MIN_NOTES_H = 70
HOW_TO_INDENT = 62
HOW_TO_LEADING = 12.5
BLEED = 10  # forms' boxes reach this far past what they draw (line ends, glyph overhang)

SLACK_WORDS = {
    "added": "added (easier)",
    "normal": "normal",
    "reduced": "reduced (harder)",
    "minimal": "minimal (hardest)",
}

HOW_TO = (
    ("Log:", "write the reps you did in each box (L and R: each side); leave a skipped "
             "exercise blank. Write the band or slack you used only if it was not the planned one."),
    ("Felt:", "mark easy, ok or hard. Hard: the next session gets easier (more slack, then a "
              "lighter band). Easy counts at 3 sets of the top of the range: the next band "
              "at once, where ok repeats that dose once more first."),
    ("Then:", "run `planner log` with what you did{fillable}; `planner next` shows the next "
              "doses."),
    ("Every rep:", "breathe out as you pull, breathe in on the way back, let the band "
                   "return slowly, keep your stomach braced."),
)
FILLABLE = ", or fill this sheet in a PDF app and run `planner import` on the file"
FEEL_LABELS = (("easy", "easy"), ("ok", "ok"), ("hard", "hard"))
NOTE_FIELDS = (("Done on", 150), ("Time taken (min)", 70), ("Effort 1–10", 50))


TOP_OUT = ("next: a", "heavier band")  # in place of "easy" at the hardest dose the bands allow


def _at_ceiling(plan, item) -> bool:
    """3 sets of the top of the range on the heaviest band with minimal slack."""
    exercise = plan.exercises.get(item.exercise)
    bands = plan.settings.get("bands") or [item.band]
    return (exercise is not None and item.band == bands[-1] and item.slack == "minimal"
            and item.sets >= 3 and item.reps >= exercise.reps[1])


def _last_time(before, item) -> str:
    """The exercise's dose in its session before, as a hint for judging how this one felt;
    its band and slack only where they differ from this session's."""
    if before is None:
        return ""
    text = f"last: {before.sets} × {before.reps}"
    if before.band != item.band:
        text += f" {before.band}"
    if before.slack != item.slack:
        text += f", {before.slack} slack"
    return text


def _work_minutes(plan, session) -> int:
    """Minutes the session's exercises take as planned: reps, rests and setting up."""
    from planner.builder import item_seconds

    seconds = sum(item_seconds(plan.exercises[item.exercise], item.sets, item.reps)
                  for item in session.items if item.exercise in plan.exercises)
    return max(1, round(seconds / 60))


def sheet_story(layout) -> list[Flowable]:
    story = []
    for week in layout.plan.weeks:
        for nth, session in enumerate(week.sessions, start=1):
            story.append(SessionSheet(layout, len(story), week, session, nth))
    return story


class SessionSheet(Flowable):
    def __init__(self, layout, index: int, week, session, nth_in_week: int):
        super().__init__()
        self.layout, self.index, self.week, self.session = layout, index, week, session
        self.nth = nth_in_week

    def wrap(self, aw, ah):
        # Always the whole frame: never fits below other content, so it starts a page.
        g = self.layout.geometry
        self.width, self.height = g.frame_w, g.frame_h
        return self.width, self.height

    def split(self, aw, ah):
        return []

    def draw(self):
        canv = self.canv
        canv.saveState()
        self._outline()
        left, details = self._header(self.height)
        self._body(self.height, left, details)
        canv.restoreState()

    # ------------------------------------------------------------------ parts

    def _outline(self) -> None:
        canv, s, week = self.canv, self.session, self.week
        key = f"s{self.index}"
        canv.bookmarkPage(key)
        if self.nth == 1:
            # The week's entry needs a key of its own: reportlab titles an outline entry by
            # its key, so sharing the first session's key lost "Week N" to the date.
            week_key = f"w{week.number}"
            canv.bookmarkPage(week_key)
            label = f"Week {week.number}" + (" (deload)" if week.deload else "")
            canv.addOutlineEntry(label, week_key, 0, closed=True)
            if self.index == 0:
                canv.showOutline()  # open the file with the bookmarks shown
        canv.addOutlineEntry(long_date(s.date), key, 1)

    def _header(self, top: float) -> tuple[str, str]:
        """Draws the two header lines that differ from sheet to sheet and returns the two
        that (nearly always) do not: those go into a form shared by many sheets."""
        canv, fit, s, week = self.canv, self.layout.fitter, self.session, self.week
        w = self.width
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 9)
        count = len(self.layout.sessions)
        right = f"session {self.index + 1} of {count} · {self.nth} of {len(week.sessions)} this week"
        width = canv.stringWidth(right, SANS, 9)
        canv.drawString(w - width, top - 9, right)  # right-aligned
        left = fit.line(f"{self.layout.plan.name} · training log", SANS, 9, w - width - 12)
        canv.setFillColor(ACCENT)
        canv.setFont(SANS_BOLD, 18)
        title = f"Week {week.number} · {long_date(s.date)}"
        canv.drawString(0, top - 32, fit.line(title, SANS_BOLD, 18, w))
        focus = ", ".join(s.focus[:-1]) + (" and " if len(s.focus) > 1 else "") + s.focus[-1] \
            if s.focus else ""
        details = (f"{s.start.strftime('%H:%M')} ({s.timezone}) · about {_work_minutes(self.layout.plan, s)} "
                   f"of {s.minutes} minutes · {focus} back")
        return left, fit.line(details, SANS, 11, w)

    def _header_lines(self, top: float, left: str, details: str) -> None:
        canv = self.canv
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 9)
        canv.drawString(0, top - 9, left)
        canv.setFillColor(INK)
        canv.setFont(SANS, 11)
        canv.drawString(0, top - 50, details)

    def _deload(self, y: float) -> None:
        canv, w = self.canv, self.width
        text = "Deload week: easier on purpose. One set each, same band; back to normal next week."
        line = self.layout.fitter.line(text, SANS_BOLD, 10, w - 16)
        canv.setStrokeColor(INK)
        canv.setLineWidth(1)
        canv.rect(0, y - 20, w, 18, stroke=1, fill=0)
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, 10)
        canv.drawString(8, y - 14.5, line)

    def _columns(self) -> list[tuple[str, float]]:
        w = self.width
        fixed = [("#", 18), ("dose", 66), ("band", 78), ("boxes", 132), ("feel", 50)]
        name_w = w - sum(width for _, width in fixed)
        return [fixed[0], ("name", name_w)] + fixed[1:]

    def _body(self, top: float, left: str, details: str) -> None:
        """What does not depend on the exercises (the header lines above, the deload note,
        the table's head and rules, how-to and notes) is two forms shared by every sheet
        with as many rows; each row is two more, shared with every row that shows the
        same: the exercise's number and name, and its dose with the boxes."""
        canv, items = self.canv, self.session.items
        deload = bool(self.week.deload)
        table_top = (top - 58 - (24 if deload else 0)) - 10
        cols = self._columns()
        xs, x = {}, 0.0
        for key, width in cols:
            xs[key] = (x, width)
            x += width
        room = table_top - HEAD_H - self._how_to_height() - 22 - MIN_NOTES_H
        row_h = min(ROW_H, room / max(1, len(items)))
        scale = row_h / ROW_H
        bottom = table_top - HEAD_H - row_h * len(items)
        max_sets = max((item.sets for item in items), default=1)

        def above():
            self._header_lines(top, left, details)
            if deload:
                self._deload(top - 58)
            self._table_head(table_top, xs, max_sets)

        def below():
            self._rules(table_top, bottom, cols, xs, len(items), row_h)
            y = self._how_to(bottom - 12)
            self._notes(y - 10)

        # Two forms rather than one keep the reading order: header, rows, how-to, notes.
        key = (left, details, self.width, self.height, deload, len(items), max_sets, row_h)
        sheet = (-BLEED, -BLEED, self.width + BLEED, self.height + BLEED)
        place(canv, ("above",) + key, above, sheet)
        y = table_top - HEAD_H
        for number, item in enumerate(items, start=1):
            self._row(number, item, xs, y, row_h, scale)
            y -= row_h
        place(canv, ("below",) + key, below, sheet)
        if self._fillable():
            self._session_fields(bottom - 12)

    def _table_head(self, top: float, xs, max_sets: int) -> None:
        canv = self.canv
        canv.setFillColor(SHADE)
        canv.rect(0, top - HEAD_H, self.width, HEAD_H, stroke=0, fill=1)
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, 9)
        first, second = top - 12, top - 24
        canv.drawString(xs["#"][0] + 4, first, "#")
        canv.drawString(xs["name"][0] + 5, first, "Exercise")
        canv.setFont(SANS, 9)
        canv.drawString(xs["name"][0] + 5, second, "steps and cues: see reference")
        canv.setFont(SANS_BOLD, 9)
        canv.drawString(xs["dose"][0] + 5, first, "Sets × reps")
        canv.drawString(xs["band"][0] + 5, first, "Band")
        canv.setFont(SANS, 9)
        canv.drawString(xs["band"][0] + 5, second, "and slack")
        canv.setFont(SANS_BOLD, 9)
        bx, bw = xs["boxes"]
        canv.drawString(bx + 5, first, "Reps done")
        canv.setFont(SANS, 9)
        for n, (cx, _) in enumerate(self._box_slots(bx, bw, max_sets, 1.0)):
            canv.drawString(cx + 1, second, f"set {n + 1}" if max_sets <= 3 else f"{n + 1}")
        ex, ew = xs["feel"]
        canv.setFont(SANS_BOLD, 9)
        canv.drawString(ex + 5, first, "Felt")

    def _rules(self, top: float, bottom: float, cols, xs, rows: int, row_h: float) -> None:
        canv = self.canv
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        for k in range(rows + 1):
            yy = top - HEAD_H - k * row_h
            canv.line(0, yy, self.width, yy)
        canv.setLineWidth(0.8)
        canv.line(0, top, self.width, top)
        canv.line(0, bottom, self.width, bottom)
        canv.setLineWidth(0.5)
        for key, _ in cols[1:]:
            canv.line(xs[key][0], bottom, xs[key][0], top)

    def _box_slots(self, x: float, width: float, sets: int, scale: float):
        label = 14
        gap = 5 * scale
        box_w = min(34 * scale, (width - label - 8 - gap * (sets - 1)) / max(1, sets))
        start = x + label
        return [(start + n * (box_w + gap), box_w) for n in range(sets)]

    def _row(self, number: int, item, xs, top: float, row_h: float, scale: float) -> None:
        """One exercise: two forms placed at the row's top (y = 0 inside the forms)."""
        canv, layout = self.canv, self.layout
        exercise = layout.plan.exercises.get(item.exercise)
        name = exercise.name if exercise else item.exercise
        label = layout.ref_labels.get(item.exercise)
        page = layout.reference_page(item.exercise)
        box = (-BLEED, -row_h - BLEED, self.width + BLEED, BLEED)
        canv.saveState()
        canv.translate(0, top)
        place(canv, ("name", number, name, item.region, label, page, row_h),
              lambda: self._name_cell(number, name, item.region, label, page, xs, scale), box)
        before = layout.before.get((self.index, item.exercise))
        top_out = _at_ceiling(layout.plan, item)
        last = _last_time(before, item)
        new_band = before is not None and before.band != item.band
        place(canv, ("dose", item.sets, item.reps, bool(item.per_side), item.rest_seconds,
                     item.band, item.slack, row_h, last, new_band, top_out),
              lambda: self._dose_cells(item, xs, row_h, scale, last, new_band, top_out), box)
        if self._fillable():
            self._row_fields(item, xs, row_h, scale, top_out)
        canv.restoreState()
        if label:
            nx, nw = xs["name"]
            canv.linkRect("", f"r-{item.exercise}", (nx, top - row_h, nx + nw, top),
                          relative=1, thickness=0)

    # The cells, drawn with the row's top at y = 0.

    def _name_cell(self, number: int, name: str, region: str, label, page, xs,
                   scale: float) -> None:
        canv, fit = self.canv, self.layout.fitter
        pad = 5 * scale
        big, body = 10.5 * scale, 9 * scale
        first = -pad - big

        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, big)
        canv.drawString(xs["#"][0] + 4, first, str(number))

        # Exercise: name on up to two lines, then where its steps are.
        nx, nw = xs["name"]
        lines = fit.lines(name, SANS_BOLD, big, nw - 10, 2 if scale > 0.75 else 1)
        y = first
        for text in lines:
            canv.drawString(nx + 5, y, text)
            y -= big * 1.2
        canv.setFillColor(MUTED)
        canv.setFont(SANS, body)
        where = f"{region} back"
        if label:
            where += f" · steps: {label}" + (f", page {page}" if page else "")
        canv.drawString(nx + 5, y - 1 * scale, fit.line(where, SANS, body, nw - 10))

    def _dose_cells(self, item, xs, row_h: float, scale: float, last: str,
                    new_band: bool, top_out: bool) -> None:
        self._dose_cell(item, xs, scale, last)
        self._band_cell(item, xs, scale, new_band)
        self._boxes_cell(item, xs, row_h, scale, top_out)

    def _dose_cell(self, item, xs, scale: float, last: str) -> None:
        # Sets x reps, each side, rest.
        canv, fit = self.canv, self.layout.fitter
        pad, body = 5 * scale, 9 * scale
        dx, dw = xs["dose"]
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, 12 * scale)
        canv.drawString(dx + 5, -pad - 12 * scale,
                        fit.line(f"{item.sets} × {item.reps}", SANS_BOLD, 12 * scale, dw - 10))
        canv.setFont(SANS, body)
        y = -pad - 12 * scale - body * 1.35
        if item.per_side:
            canv.setFont(SANS_BOLD, body)
            canv.drawString(dx + 5, y, "each side")
            canv.setFont(SANS, body)
            y -= body * 1.25
        canv.drawString(dx + 5, y, fit.line(f"rest {item.rest_seconds} s", SANS, body, dw - 10))
        if last:
            canv.setFillColor(MUTED)
            canv.drawString(dx + 5, y - body * 1.25, fit.line(last, SANS, body, dw - 10))

    def _band_cell(self, item, xs, scale: float, new_band: bool) -> None:
        # Band level and slack.
        canv, fit = self.canv, self.layout.fitter
        pad, body = 5 * scale, 9 * scale
        bx, bw = xs["band"]
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, 10 * scale)
        y = -pad - 10 * scale
        band = f"new: {item.band}" if new_band else item.band
        for text in fit.lines(band, SANS_BOLD, 10 * scale, bw - 10, 2):
            canv.drawString(bx + 5, y, text)
            y -= 10 * scale * 1.2
        canv.setFont(SANS, body)
        canv.setFillColor(MUTED)
        slack = SLACK_WORDS.get(item.slack, item.slack)
        for text in fit.lines(f"slack: {slack}", SANS, body, bw - 10, 2):
            canv.drawString(bx + 5, y, text)
            y -= body * 1.2

    def _boxes_cell(self, item, xs, row_h: float, scale: float, top_out: bool) -> None:
        # Boxes for the reps done: one per set, a row each side for one-sided exercises.
        canv = self.canv
        body = 9 * scale
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.9)
        canv.setFillColor(INK)
        x0 = xs["boxes"][0]
        for side, _, bx_, by_, bw_, bh_ in self._box_rects(item, xs, row_h, scale):
            if side:
                canv.setFont(SANS_BOLD, body)
                canv.drawString(x0 + 4, by_ + bh_ / 2 - body * 0.35, side)
            canv.rect(bx_, by_, bw_, bh_, stroke=1, fill=0)
        # How it felt: three circles to mark one of.
        canv.setLineWidth(0.8)
        canv.setFont(SANS, 8.5 * scale)
        spots = self._feel_spots(xs, row_h, scale, top_out)
        for label, cx, cy, size in spots:
            canv.circle(cx + size / 2, cy + size / 2, size / 2, stroke=1, fill=0)
            canv.drawString(cx + size + 3 * scale, cy + size / 2 - 3 * scale, label)
        if top_out:  # "easy" would change nothing here: say what would
            canv.setFont(SANS_BOLD, 7 * scale)
            _, cx, cy, size = spots[0]
            for n, text in enumerate(TOP_OUT):
                canv.drawString(xs["feel"][0] + 4, cy + size + 4 * scale + (1 - n) * 8 * scale, text)
            canv.setFont(SANS, 8.5 * scale)
        # The band and slack used, when not the planned ones.
        canv.setFont(SANS, 7.5 * scale)
        canv.setFillColor(MUTED)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        for label, fx, fy, fw, _ in self._used_spots(xs, row_h, scale):
            canv.drawString(fx - canv.stringWidth(label, SANS, 7.5 * scale) - 2, fy + 2, label)
            canv.line(fx, fy, fx + fw, fy)

    def _box_rects(self, item, xs, row_h: float, scale: float):
        """(side, set number, x, y, width, height) of every reps box, the row's top at 0."""
        pad = 5 * scale
        x0, w0 = xs["boxes"]
        slots = self._box_slots(x0, w0, item.sets, scale)
        inner = row_h - 2 * pad
        sides = ("L", "R") if item.per_side else ("",)
        gap = 4 * scale
        box_h = min(30 * scale, (inner - gap * (len(sides) - 1)) / len(sides))
        block = len(sides) * box_h + gap * (len(sides) - 1)
        y = -(row_h - block) / 2 - box_h
        rects = []
        for side in sides:
            for number, (bx_, bw_) in enumerate(slots, start=1):
                rects.append((side, number, bx_, y, bw_, box_h))
            y -= box_h + gap
        return rects

    def _feel_spots(self, xs, row_h: float, scale: float, top_out: bool):
        """(value, x, y, size) of the easy / ok / hard circles, the row's top at 0. At the
        top of the user's bands "easy" would change nothing, so it is not offered there."""
        ex, _ = xs["feel"]
        size = 8 * scale
        step = min(14 * scale, (row_h - 6 * scale) / 3)
        top = -(row_h - 3 * step) / 2
        return [(label, ex + 6, top - (n + 1) * step + (step - size) / 2, size)
                for n, (label, _) in enumerate(FEEL_LABELS) if not (top_out and label == "easy")]

    def _used_spots(self, xs, row_h: float, scale: float):
        """(label, x, y of the line, width, height) of the fields for the band and the slack
        used, along the bottom of the band cell."""
        bx, bw = xs["band"]
        y = -row_h + 4 * scale
        half = (bw - 10) / 2
        return [("used", bx + 24, y, half - 12, 9 * scale),
                ("/", bx + 24 + half - 4, y, half - 12, 9 * scale)]

    # ------------------------------------------------------------------ fillable fields

    def _fillable(self) -> bool:
        return self.layout.fields and not getattr(self.canv, "measuring", False)

    def _row_fields(self, item, xs, row_h: float, scale: float, top_out: bool) -> None:
        """The row's form fields, over what the row's forms drew (the row's top at 0).
        Widgets are annotations, so they go on each page, never inside a reused form."""
        from planner.log.sheet_fields import field_name

        form, uid, key = self.canv.acroForm, self.session.uid, item.exercise
        text = dict(borderWidth=0, fillColor=None, borderColor=None, relative=True,
                    fontName="Helvetica", textColor=INK)
        for side, number, x, y, w, h in self._box_rects(item, xs, row_h, scale):
            parts = ("reps", number) + ((side,) if side else ())
            form.textfield(name=field_name(uid, key, *parts), x=x + 1, y=y + 1, width=w - 2,
                           height=h - 2, maxlen=3, fontSize=min(14, h - 6), **text)
        for value, x, y, size in self._feel_spots(xs, row_h, scale, top_out):
            form.radio(name=field_name(uid, key, "feel"), value=value, selected=False, x=x,
                       y=y, size=size, buttonStyle="circle", shape="circle", borderWidth=0,
                       fillColor=None, borderColor=None, textColor=INK, relative=True,
                       fieldFlags="radio")
        for (_, x, y, w, h), part in zip(self._used_spots(xs, row_h, scale), ("band", "slack"),
                                         strict=True):
            # Font size 0: PDF apps shrink the text to fit ("extra-heavy", "reduced").
            form.textfield(name=field_name(uid, key, part), x=x, y=y, width=w, height=h,
                           maxlen=40, fontSize=0, **text)

    def _session_fields(self, top: float) -> None:
        """Fields over the lines for the date done, time, effort and notes (see _notes)."""
        from planner.log.sheet_fields import SESSION, field_name

        form, uid = self.canv.acroForm, self.session.uid
        text = dict(borderWidth=0, fillColor=None, borderColor=None, relative=True,
                    fontName="Helvetica", textColor=INK)
        notes_top = top - self._how_to_height() - 10  # where _body's below() puts the notes
        for part, (x, y, w) in zip(("done", "minutes", "effort"), self._notes_lines(notes_top),
                                   strict=True):
            form.textfield(name=field_name(uid, SESSION, part), x=x, y=y - 1, width=w,
                           height=13, maxlen=20, fontSize=9, **text)
        first_line = notes_top - 14 - 24 - 2  # the ruled line beside the "Notes" label
        form.textfield(name=field_name(uid, SESSION, "notes"), x=0, y=14, width=self.width,
                       height=first_line - 3 - 14, maxlen=2000, fontSize=10,
                       fieldFlags="multiline", **text)

    def _how_to_lines(self) -> list[tuple[str, tuple[str, ...]]]:
        fit = self.layout.fitter
        fillable = FILLABLE if self.layout.fields else ""  # print-only sheets say nothing of it
        return [(label, fit.lines(text.format(fillable=fillable), SANS, 9,
                                  self.width - HOW_TO_INDENT, 3))
                for label, text in HOW_TO]

    def _how_to_height(self) -> float:
        return 14 + sum(len(lines) for _, lines in self._how_to_lines()) * HOW_TO_LEADING

    def _how_to(self, top: float) -> float:
        canv = self.canv
        canv.setFillColor(ACCENT)
        canv.setFont(SANS_BOLD, 10)
        canv.drawString(0, top - 10, "How to use this sheet")
        y = top - 10
        canv.setFillColor(INK)
        for label, lines in self._how_to_lines():
            y -= HOW_TO_LEADING
            canv.setFont(SANS_BOLD, 9)
            canv.drawString(0, y, label)
            canv.setFont(SANS, 9)
            for n, text in enumerate(lines):
                if n:
                    y -= HOW_TO_LEADING
                canv.drawString(HOW_TO_INDENT, y, text)
        return y - 4

    def _notes_lines(self, top: float):
        """(x, y, width) of the lines for the date done, time taken and effort."""
        y = top - 14 - 2
        lines, x = [], 0.0
        for label, line_w in NOTE_FIELDS:
            lx = x + self.canv.stringWidth(label, SANS_BOLD, 10) + 4
            lines.append((lx, y, min(self.width, lx + line_w) - lx))
            x = lx + line_w + 14
        return lines

    def _notes(self, top: float) -> None:
        canv, w = self.canv, self.width
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, 10)
        y = top - 14
        for (label, _), (lx, ly, lw) in zip(NOTE_FIELDS, self._notes_lines(top), strict=True):
            canv.drawString(lx - canv.stringWidth(label, SANS_BOLD, 10) - 4, y, label)
            canv.setStrokeColor(INK)
            canv.setLineWidth(0.6)
            canv.line(lx, ly, lx + lw, ly)
        canv.setFont(SANS, 8)
        canv.setFillColor(MUTED)
        canv.drawRightString(w, y - 12, "effort: 1 = very easy, 5 = steady work, "
                                        "10 = could not do one more rep")
        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, 10)
        y -= 24
        canv.drawString(0, y, "Notes")
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        line_y = y - 2
        canv.line(canv.stringWidth("Notes", SANS_BOLD, 10) + 4, line_y, w, line_y)
        line_y -= 22
        while line_y > 14:
            canv.line(0, line_y, w, line_y)
            line_y -= 22
