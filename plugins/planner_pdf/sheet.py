"""One page per session: what to do, and boxes to write down what was done.

A sheet is one flowable exactly the size of the content frame, drawn straight on the
canvas: it never splits, it always starts a new page, and it costs the same for every
session (names are wrapped once per render and reused, see text.Fitter). Only the lines
naming the session are drawn per sheet; the rest is form XObjects (see forms.py), each
drawn once per document and placed on every sheet that shows the same thing.
"""

from __future__ import annotations

import math

from reportlab.platypus import Flowable

from planner.api import Logged

from .fonts import SANS, SANS_BOLD
from .forms import place
from .styles import ACCENT, INK, MUTED, RULE, SHADE
from .text import day_month, in_words, long_date
from .widgets import DO_NOT_SCROLL, DO_NOT_SPELL_CHECK

HEAD_H = 26  # table header row
ROW_H = 76  # one exercise, at full size: six fit on a Letter page
MIN_NOTES_H = 60
HOW_TO_INDENT = 54
HOW_TO_LEADING = 11.5
GAP = 9  # between the table, the how-to lines and the notes
NOTES_WITH_STEPS = 120  # the notes keep this much when a sheet also shows the steps
STEPS_HEAD_H = 16
STEP_INDENT = 34
BIG = 16  # sets x reps, band and rest: readable from a mat 1-1.5 m away
MIN_BAND_SIZE = 11  # a long band name shrinks to fit its cell, down to this
BLEED = 10  # forms' boxes reach this far past what they draw (line ends, glyph overhang)
FIGURE_COL = 97  # the drawings' column: two standing figures side by side, 20 mm or more tall
FIGURE_H = 66  # the most a drawing's frame may take of a full row's height: 23 mm
FIGURE_GAP = 3  # between the start and the end drawing
FIGURE_PAD = 2  # between the drawings and the column's rules
STACK_GAIN = 1.15  # a low, wide figure goes start above end when that draws it this much larger
MAX_SIDE_BY_SIDE = 0.75  # points per unit: a short (bent-over) figure no bigger than 26 mm a box

SLACK_HINTS = {"added": " (easier)", "reduced": " (harder)", "minimal": " (hardest)"}

LOG_LINE = ("Log:", "the reps of each set in its box, in order (L, R: each side); leave "
                    "a skipped exercise blank. Band or slack used: only if not the planned one.")
THEN_LINE = ("Then:", "`planner log` what you did{fillable}; `planner next` shows what comes "
                      "next.")
REP_LINE = ("Every rep:", "breathe out as you pull, in as you return; let the band back "
                          "slowly, stomach braced.")
FILLABLE = ", or fill this sheet in a PDF app and run `planner import` on it"
FEELS = ("easy", "ok", "hard", "pain")  # the radio buttons, in a 2 x 2 grid
FEEL_BUTTON = 14.5  # points: a radio button at least 5 mm across, for a finger
NOTE_FIELDS = (("Done on", 150), ("Time taken (min)", 70), ("Effort 1–10", 50))
SMALL = 9  # the least size of any text that says what to do (slack, last time)
USED_LABEL = 6.5  # "band used", "slack used" above their boxes
USED_H = 12  # height of the band and slack boxes


def felt_legend(plan, deload: bool, items) -> str:
    """What each feel leads to, as the rules (docs/rules.md) read it on
    this sheet, in two lines: a deload sheet's feel changes nothing but pain; at the top of
    the bands "easy" means the bands are outgrown. "Heavier" is less slack or the next band,
    so it holds with one band owned too."""
    pain = "pain: stop if sharp, see a professional if it lasts; next time lighter."
    if deload:
        return f"light on purpose: easy, ok or hard change nothing, next week goes on. {pain}"
    text = ("easy/ok, every rep done: a step up next time (from 3 × top reps: heavier after "
            f"easy or a 2nd ok). hard: same dose again. {pain}")
    if any(_at_ceiling(plan, item) for item in items):
        text += (" At the top of your bands, easy means you have outgrown them: add one "
                 "(--bands) or hold two.")
    return text


def _at_ceiling(plan, item) -> bool:
    """3 sets of the top of the range on the heaviest band with minimal slack."""
    exercise = plan.exercises.get(item.exercise)
    bands = plan.settings.bands or (item.band,)
    return (exercise is not None and item.band == bands[-1] and item.slack == "minimal"
            and item.sets >= 3 and item.reps >= exercise.reps[1])


def _last_time(before, item) -> str:
    """The exercise's dose in its session before, or what the log holds for it, as a hint
    for judging how this one felt; band and slack only where they differ from this session's.
    Short enough for one line of its cell at 9 pt in most cases ("did 16 Dec: 7 (hard)",
    "last: 3×12 reduced"); the cell wraps it rather than cut it when it is longer."""
    if before is None:
        return ""
    if isinstance(before, Logged):
        reps = ",".join(f"{s[0]}/{s[1]}" if isinstance(s, tuple) else str(s) for s in before.sets)
        text = f"did {day_month(before.date)}: {reps}" + (f" ({before.feel})" if before.feel
                                                           else "")
    else:
        text = f"last: {before.sets}×{before.reps}"
    if before.band != item.band:
        text += f" {before.band}"
    if before.slack != item.slack:  # the slack words are slack's alone: no "slack" needed
        text += f" {before.slack}"
    return text


def _work_minutes(plan, session) -> int:
    """Minutes the session's exercises take as planned: reps, rests and setting up."""
    from planner.api import dose_seconds

    seconds = sum(dose_seconds(item.sets, item.reps, plan.exercises[item.exercise].per_side)
                  for item in session.items if item.exercise in plan.exercises)
    return max(1, round(seconds / 60))


def sheet_story(layout) -> list[Flowable]:
    story: list[Flowable] = []
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
        focus = in_words(s.focus)
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
        canv.drawString(0, top - 48, details)

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
        # The start and end drawings take their room from the name column: the dose and
        # reps columns hold at most "extra-heavy" at 16 pt and three boxes, the feel column
        # four 5 mm buttons in two rows.
        fixed = [("#", 14), ("figure", FIGURE_COL), ("dose", 120), ("boxes", 104), ("feel", 48)]
        name_w = w - sum(width for _, width in fixed)
        return [fixed[0], ("name", name_w)] + fixed[1:]

    def _body(self, top: float, left: str, details: str) -> None:
        """What does not depend on the exercises (the header lines above, the deload note,
        the table's head and rules, how-to and notes) is two forms shared by every sheet
        with as many rows; each row is two more, shared with every row that shows the
        same: the exercise's number and name, and its dose with the boxes."""
        canv, items = self.canv, self.session.items
        deload = bool(self.week.deload)
        table_top = top - 62 - (24 if deload else 0)
        cols = self._columns()
        xs, x = {}, 0.0
        for key, width in cols:
            xs[key] = (x, width)
            x += width
        room = table_top - HEAD_H - GAP - self._how_to_height() - GAP - MIN_NOTES_H
        row_h = min(ROW_H, room / max(1, len(items)))
        scale = row_h / ROW_H
        bottom = table_top - HEAD_H - row_h * len(items)
        max_sets = max((item.sets for item in items), default=1)

        def above():
            self._header_lines(top, left, details)
            if deload:
                self._deload(top - 58)
            self._table_head(table_top, xs, max_sets)

        after_how_to = bottom - GAP - self._how_to_height() - GAP
        steps = self._steps(after_how_to - NOTES_WITH_STEPS)
        notes_top = after_how_to - (self._steps_height(steps) + GAP if steps else 0)

        def below():
            self._rules(table_top, bottom, cols, xs, len(items), row_h)
            self._how_to(bottom - GAP)

        # Forms in reading order: header, rows, how-to, steps, notes.
        shape = (left, details, self.width, self.height, deload, len(items), max_sets, row_h,
                 notes_top, tuple(self._how_to_lines(True)))
        sheet = (-BLEED, -BLEED, self.width + BLEED, self.height + BLEED)
        place(canv, ("above",) + shape, above, sheet)
        y = table_top - HEAD_H
        for number, item in enumerate(items, start=1):
            self._row(number, item, xs, y, row_h, scale)
            y -= row_h
        place(canv, ("below",) + shape, below, sheet)
        if steps:
            place(canv, ("steps", self.width, after_how_to, steps),
                  lambda: self._draw_steps(after_how_to, steps), sheet)
        place(canv, ("notes", self.width, notes_top), lambda: self._notes(notes_top), sheet)
        if self._fillable():
            self._session_fields(notes_top)

    def _table_head(self, top: float, xs, max_sets: int) -> None:
        canv = self.canv
        canv.setFillColor(SHADE)
        canv.rect(0, top - HEAD_H, self.width, HEAD_H, stroke=0, fill=1)
        first, second = top - 11, top - 21

        def label(key: str, bold: str, plain: str = "") -> None:
            x = xs[key][0] + (4 if key == "#" else 5)
            canv.setFillColor(INK)
            canv.setFont(SANS_BOLD, 9)
            canv.drawString(x, first, bold)
            if plain:
                canv.setFillColor(MUTED)
                canv.setFont(SANS, 8)
                canv.drawString(x, second, plain)

        label("#", "#")
        label("name", "Exercise", "set-up and key cue")
        label("figure", "Position", "start → end")
        label("dose", "Do", "sets × reps, band, rest")
        label("boxes", "Reps done")
        label("feel", "Felt")
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 8)
        bx, bw = xs["boxes"]
        for n, (cx, _) in enumerate(self._box_slots(bx, bw, max_sets, 1.0)):
            canv.drawString(cx + 1, second, f"set {n + 1}" if max_sets <= 3 else f"{n + 1}")

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
        box_w = min(32 * scale, (width - label - 6 - gap * (sets - 1)) / max(1, sets))
        start = x + label
        return [(start + n * (box_w + gap), box_w) for n in range(sets)]

    def _row(self, number: int, item, xs, top: float, row_h: float, scale: float) -> None:
        """One exercise: two forms placed at the row's top (y = 0 inside the forms)."""
        canv, layout = self.canv, self.layout
        exercise = layout.plan.exercises.get(item.exercise)
        label = layout.ref_labels.get(item.exercise)
        page = layout.reference_page(item.exercise)
        box = (-BLEED, -row_h - BLEED, self.width + BLEED, BLEED)
        canv.saveState()
        canv.translate(0, top)
        place(canv, ("name", number, item.exercise, item.region, label, page, row_h),
              lambda: self._name_cell(number, exercise, item, label, page, xs, scale, row_h),
              box)
        before = layout.before.get((self.index, item.exercise))
        top_out = _at_ceiling(layout.plan, item)
        last = _last_time(before, item)
        new_band = before is not None and before.band != item.band
        place(canv, ("dose", item.sets, item.reps, bool(item.per_side), item.rest_seconds,
                     item.band, item.slack, row_h, last, new_band, top_out),
              lambda: self._dose_cells(item, xs, row_h, scale, last, new_band, top_out), box)
        place(canv, ("felt", row_h, self.width), lambda: self._felt_and_used(xs, row_h), box)
        if exercise is not None and exercise.figure is not None:
            self._figures(exercise, xs, row_h, scale)
        canv.restoreState()
        if self._fillable():
            self._row_fields(item, xs, row_h, scale, last, top)
        if label:
            nx, nw = xs["name"]
            canv.linkRect("", f"r-{item.exercise}", (nx, top - row_h, nx + nw, top),
                          relative=1, thickness=0)

    # The cells, drawn with the row's top at y = 0.

    def _figures(self, exercise, xs, row_h: float, scale: float) -> None:
        """The start and end drawings, centred in their column, side by side; or start
        above end for a figure low and wide enough (lying, kneeling) to be drawn much larger
        so. Each is a form drawn once per size and document (figures.place_pose), so this
        costs two `Do`s a row; where they go is worked out once per exercise and row height."""
        from .figures import place_pose

        fx, fw = xs["figure"]
        key = (exercise.id, fx, fw, row_h, scale)
        cache = self.layout.__dict__.setdefault("_figure_spots", {})
        spots = cache.get(key)
        if spots is None:
            spots = cache[key] = self._figure_spots(exercise.figure, fx, fw, row_h, scale)
        size, steps = spots
        for which, (x, y) in zip(("start", "end"), steps, strict=True):
            place_pose(self.canv, exercise.id, exercise.figure, which, x, y, size, "sheet")

    @staticmethod
    def _figure_spots(figure, fx: float, fw: float, row_h: float, scale: float):
        """(points per unit, ((x, y) of the start drawing, (x, y) of the end drawing))."""
        from .figures import drawn_size, fit

        room_w, room_h, gap = fw - 2 * FIGURE_PAD, FIGURE_H * scale, FIGURE_GAP * scale
        beside = min(MAX_SIDE_BY_SIDE, fit(figure, (room_w - gap) / 2, room_h))
        stacked = fit(figure, room_w, (room_h - gap) / 2)
        size = stacked if stacked > beside * STACK_GAIN else beside
        width, height = drawn_size(figure, size)
        if size == beside:
            x, y = fx + (fw - 2 * width - gap) / 2, -row_h / 2 - height / 2
            return size, ((x, y), (x + width + gap, y))
        x, y = fx + (fw - width) / 2, -row_h / 2 + gap / 2
        return size, ((x, y), (x, y - gap - height))

    def _name_cell(self, number: int, exercise, item, label, page, xs, scale: float,
                   row_h: float) -> None:
        """The exercise's name, how to set up for it and its key cue, so a sheet printed on
        its own is enough to start; then where its steps are."""
        canv, fit = self.canv, self.layout.fitter
        big, small = 9.5 * scale, 7 * scale  # a narrow column beside the drawings
        lead = small * 1.1
        nx, nw = xs["name"]
        width = nw - 10
        y = -4 * scale - big * 0.75

        canv.setFillColor(INK)
        canv.setFont(SANS_BOLD, big)
        canv.drawString(xs["#"][0] + 4, y, str(number))
        name = exercise.name if exercise else item.exercise
        size = self._shrunk(name, SANS_BOLD, big, width, big * 0.88)  # a little over: one line
        canv.setFont(SANS_BOLD, size)
        names = fit.lines(name, SANS_BOLD, size, width, 2 if scale > 0.75 else 1)
        for text in names:
            canv.drawString(nx + 5, y, text)
            y -= big * 1.15
        y -= 1 * scale
        if exercise is not None and scale > 0.6:
            # Lines for the set-up and the cue (the cue comes first) above the pointer line,
            # as many as the row holds.
            room = int((y + row_h - 2 * scale) / lead)
            cue = fit.lines(f"Cue: {exercise.key_cue}", SANS_BOLD, small, width, room - 1)
            setup = fit.lines(f"Set up: {exercise.setup_line}", SANS, small, width,
                              min(4, room - len(cue)))
            canv.setFont(SANS, small)
            for text in setup:
                canv.drawString(nx + 5, y, text)
                y -= lead
            canv.setFont(SANS_BOLD, small)
            for text in cue:
                canv.drawString(nx + 5, y, text)
                y -= lead
        canv.setFillColor(MUTED)
        canv.setFont(SANS, small)
        where = f"{item.region} back"
        if label:  # the pointer to the steps matters more than the region: it goes first
            where = f"steps: {label}" + (f", page {page}" if page else "") + f" · {where}"
        canv.drawString(nx + 5, y, fit.line(where, SANS, small, width))

    def _dose_cells(self, item, xs, row_h: float, scale: float, last: str,
                    new_band: bool, top_out: bool) -> None:
        self._dose_cell(item, xs, row_h, scale, new_band, top_out)
        self._boxes_cell(item, xs, row_h, scale, last)

    def _dose_cell(self, item, xs, row_h: float, scale: float, new_band: bool,
                   top_out: bool) -> None:
        """Sets x reps and band in large type, each on a line of its own; under them the
        slack (and whether the band is new, or the top of the bands) at 9 pt or more, and
        the rest at the bottom of the row."""
        canv, fit = self.canv, self.layout.fitter
        big, small = BIG * scale, max(SMALL, 8.5 * scale)
        dx, dw = xs["dose"]
        x, width = dx + 5, dw - 10
        canv.setFillColor(INK)

        y = -4 * scale - big * 0.75
        dose = f"{item.sets} × {item.reps}"
        size = big
        if item.per_side:  # "3 × 12 each side" shrinks a little rather than losing words
            natural = (canv.stringWidth(dose, SANS_BOLD, big) + 3 * scale
                       + canv.stringWidth("each side", SANS_BOLD, small))
            if natural > width:
                size = big * width / natural * 0.999
        canv.setFont(SANS_BOLD, size)
        canv.drawString(x, y, fit.line(dose, SANS_BOLD, size, width))
        if item.per_side:
            after = canv.stringWidth(dose, SANS_BOLD, size) + 3 * scale
            canv.setFont(SANS_BOLD, small)
            canv.drawString(x + after, y, fit.line("each side", SANS_BOLD, small, width - after))

        y -= big * 1.15
        size = self._shrunk(item.band, SANS_BOLD, BIG * scale, width, MIN_BAND_SIZE * scale)
        canv.setFont(SANS_BOLD, size)
        canv.drawString(x, y, fit.line(item.band, SANS_BOLD, size, width))

        # A line each, whole: "new band" or "top of your bands", then the slack.
        lines = [("new band", SANS_BOLD, INK)] if new_band else []
        if top_out:
            lines = [("top of your bands", SANS_BOLD, INK)]
        slack = f"slack: {item.slack}" + ("" if new_band or top_out
                                          else SLACK_HINTS.get(item.slack, ""))
        lines.append((slack, SANS, MUTED))
        for text, font, colour in lines:
            y -= small * 1.2
            canv.setFillColor(colour)
            canv.setFont(font, small)
            canv.drawString(x, y, fit.line(text, font, small, width))

        rest = BIG * scale
        canv.setFillColor(INK)
        canv.setFont(SANS, small)
        y = min(y - rest * 0.85, -row_h + 5 * scale)
        canv.drawString(x, y, "rest")
        after = canv.stringWidth("rest ", SANS, small)
        canv.setFont(SANS, rest)
        canv.drawString(x + after, y, fit.line(f"{item.rest_seconds} s", SANS, rest,
                                               width - after))

    def _shrunk(self, text: str, font: str, size: float, width: float, smallest: float) -> float:
        """`size`, or as much smaller (not below `smallest`) as `text` needs to fit `width`."""
        natural = self.canv.stringWidth(text, font, size)
        # A hair under the exact ratio: the text measured again at that size must fit.
        return size if natural <= width else max(smallest, size * width / natural * 0.999)

    def _last_lines(self, last: str, xs) -> tuple[str, ...]:
        """What was done last time, at 9 pt, wrapped over as many lines as it takes (two for
        the longest a plan writes), never cut."""
        if not last:
            return ()
        _, w0 = xs["boxes"]
        return self.layout.fitter.lines(last, SANS, SMALL, w0 - 8, 4)

    def _boxes_cell(self, item, xs, row_h: float, scale: float, last: str) -> None:
        """What was done last time, and a box per set (a row each side for one-sided
        exercises)."""
        canv = self.canv
        x0, _ = xs["boxes"]
        canv.setFillColor(MUTED)
        canv.setFont(SANS, SMALL)
        for n, text in enumerate(self._last_lines(last, xs)):
            canv.drawString(x0 + 4, -3 - SMALL * 0.8 - n * SMALL * 1.15, text)
        canv.setStrokeColor(INK)
        canv.setLineWidth(0.9)
        canv.setFillColor(INK)
        for side, _, bx_, by_, bw_, bh_ in self._box_rects(item, xs, row_h, scale, last):
            if side:
                canv.setFont(SANS_BOLD, 9 * scale)
                canv.drawString(x0 + 4, by_ + bh_ / 2 - 9 * scale * 0.35, side)
            canv.rect(bx_, by_, bw_, bh_, stroke=1, fill=0)

    def _felt_and_used(self, xs, row_h: float) -> None:
        """What every row of this height shows alike: the four feel circles, each with its
        word under it, and the labelled boxes for the band and slack used."""
        canv = self.canv
        canv.setStrokeColor(INK)
        canv.setFillColor(INK)
        canv.setLineWidth(0.8)
        canv.setFont(SANS, 8)
        for label, cx, cy, size in self._feel_spots(xs, row_h):
            canv.circle(cx + size / 2, cy + size / 2, size / 2, stroke=1, fill=0)
            canv.drawCentredString(cx + size / 2, cy - 8, label)
        # The band and slack used, when not the planned ones: labelled boxes.
        canv.setLineWidth(0.5)
        canv.setStrokeColor(RULE)
        for label, fx, fy, fw, fh in self._used_spots(xs, row_h):
            canv.setFillColor(MUTED)
            canv.setFont(SANS, USED_LABEL)
            canv.drawString(fx, fy + fh + 1.5, label)
            canv.rect(fx, fy, fw, fh, stroke=1, fill=0)

    def _box_rects(self, item, xs, row_h: float, scale: float, last: str):
        """(side, set number, x, y, width, height) of every reps box, the row's top at 0:
        between the "last time" lines at the top and the band and slack boxes at the bottom."""
        x0, w0 = xs["boxes"]
        slots = self._box_slots(x0, w0, item.sets, scale)
        lines = len(self._last_lines(last, xs))
        top = -3 - lines * SMALL * 1.15 - 2 if lines else -5
        bottom = -row_h + 4 + USED_H + USED_LABEL + 3
        sides = ("L", "R") if item.per_side else ("",)
        gap = 3 * scale
        box_h = min(28 * scale, (top - bottom - gap * (len(sides) - 1)) / len(sides))
        block = len(sides) * box_h + gap * (len(sides) - 1)
        y = top - (top - bottom - block) / 2 - box_h
        rects = []
        for side in sides:
            for number, (bx_, bw_) in enumerate(slots, start=1):
                rects.append((side, number, bx_, y, bw_, box_h))
            y -= box_h + gap
        return rects

    def _feel_spots(self, xs, row_h: float):
        """(value, x, y, size) of the easy / ok / hard / pain buttons, the row's top at 0:
        two rows of two, each button 5 mm or more, its word under it."""
        ex, ew = xs["feel"]
        size = FEEL_BUTTON
        cell_w = (ew - 4) / 2
        cell_h = size + 10
        top = -(row_h - 2 * cell_h) / 2
        spots = []
        for n, label in enumerate(FEELS):
            column, line = n % 2, n // 2
            x = ex + 2 + column * cell_w + (cell_w - size) / 2
            y = top - line * cell_h - size
            spots.append((label, x, y, size))
        return spots

    def _used_spots(self, xs, row_h: float):
        """(label, x, y, width, height) of the boxes for the band and the slack used, along
        the bottom of the boxes cell; the band's box takes the longer words."""
        bx, bw = xs["boxes"]
        y = -row_h + 4
        room = bw - 8 - 4
        band_w = room * 0.58
        return [("band used", bx + 4, y, band_w, USED_H),
                ("slack used", bx + 4 + band_w + 4, y, room - band_w, USED_H)]

    # ------------------------------------------------------------------ fillable fields

    def _fillable(self) -> bool:
        return self.layout.fields and not getattr(self.canv, "measuring", False)

    def _form(self):
        from .widgets import Form

        canv = self.canv
        form = Form.made(canv)
        if form is None:
            from .fonts import FIELD_FONT, field_font

            form = Form.of(canv, lambda: Form(canv, FIELD_FONT, field_font(canv._doc),
                                              "0.1 g"))
        return form

    def _row_fields(self, item, xs, row_h: float, scale: float, last: str, top: float) -> None:
        """The row's form fields, over what the row's forms drew (the row's top at `top`).
        Widgets are annotations, so they go on each page, never inside a reused form."""
        from planner.api import field_name, format_dose

        form, uid, key = self._form(), self.session.uid, item.exercise
        at = self.canv.absolutePosition
        for side, number, x, y, w, h in self._box_rects(item, xs, row_h, scale, last):
            parts = ("reps", number) + ((side,) if side else ())
            x0, y0 = at(x + 1, top + y + 1)
            form.text(field_name(uid, key, *parts), (x0, y0, x0 + w - 2, y0 + h - 2),
                      min(14, h - 5), 3, DO_NOT_SPELL_CHECK | DO_NOT_SCROLL, numeric=True)
        buttons = []
        for value, x, y, size in self._feel_spots(xs, row_h):
            x0, y0 = at(x, top + y)
            buttons.append((value, x0, y0, size))
        form.radio(field_name(uid, key, "feel"), buttons)
        sizes = self._used_sizes(self._used_spots(xs, row_h))
        for (_, x, y, w, h), part, size in zip(self._used_spots(xs, row_h), ("band", "slack"),
                                               sizes, strict=True):
            x0, y0 = at(x + 0.5, top + y + 0.5)
            form.text(field_name(uid, key, part), (x0, y0, x0 + w - 1, y0 + h - 1), size, 0,
                      DO_NOT_SPELL_CHECK)
        form.hidden(field_name(uid, key, "dose"),
                    format_dose(item.sets, item.reps, item.band, item.slack))

    def _used_sizes(self, spots) -> tuple[float, float]:
        """One font size for every band box and one for every slack box of the document: 9 pt,
        or less where the longest word the box takes would not fit (a long band name)."""
        from planner.api import SLACKS

        key = tuple(round(w, 2) for _, _, _, w, _ in spots)
        cache = self.layout.__dict__.setdefault("_used_sizes", {})
        if key not in cache:
            words = (self.layout.plan.settings.bands, SLACKS)
            cache[key] = tuple(
                min(9.0, min((math.floor(10 * (w - 5) / max(self.canv.stringWidth(word, SANS, 1),
                                                             1e-3)) / 10 for word in kind),
                             default=9.0))  # the box is w - 1 wide, 2 pt inset each side
                for (_, _, _, w, _), kind in zip(spots, words, strict=True))
        return cache[key]

    def _session_fields(self, notes_top: float) -> None:
        """Fields over the lines for the date done, time, effort and notes (see _notes), and
        the session's revision when printed (hidden)."""
        from planner.api import SESSION, field_name

        from .widgets import MULTILINE

        form, uid = self._form(), self.session.uid
        at = self.canv.absolutePosition
        for part, (x, y, w) in zip(("done", "minutes", "effort"), self._notes_lines(notes_top),
                                   strict=True):
            x0, y0 = at(x, y - 1)
            form.text(field_name(uid, SESSION, part), (x0, y0, x0 + w, y0 + 13), 10, 20,
                      DO_NOT_SPELL_CHECK, numeric=part != "done")
        first_line = notes_top - 14 - 24 - 2  # the ruled line beside the "Notes" label
        x0, y0 = at(0, 14)
        x1, y1 = at(self.width, first_line - 3)
        form.text(field_name(uid, SESSION, "notes"), (x0, y0, x1, y1), 10, 2000, MULTILINE)
        form.hidden(field_name(uid, SESSION, "rev"), str(self.session.revision))

    # ------------------------------------------------------------------ steps on short sheets

    def _steps(self, room: float) -> tuple:
        """A sheet with few exercises has room to spare: rather than ruled lines, it shows
        the full steps of as many of its exercises as fit whole, in order. Returns
        ((number, name lines, ((step number, lines), ...)), ...)."""
        fit, plan = self.layout.fitter, self.layout.plan
        width = self.width - STEP_INDENT
        blocks = []
        used: float = STEPS_HEAD_H
        for number, item in enumerate(self.session.items, start=1):
            exercise = plan.exercises.get(item.exercise)
            if exercise is None:
                continue
            name = fit.lines(exercise.name, SANS_BOLD, 9, self.width - 20, 2)
            steps = tuple((n, fit.lines(step, SANS, 9, width, 6))
                          for n, step in enumerate(exercise.steps, start=1))
            block = (number, name, steps)
            height = self._steps_height((block,)) - STEPS_HEAD_H
            if used + height > room:
                break
            blocks.append(block)
            used += height
        return tuple(blocks)

    @staticmethod
    def _steps_height(blocks) -> float:
        lines = sum(len(name) + sum(len(lines) for _, lines in steps) for _, name, steps in blocks)
        return STEPS_HEAD_H + lines * HOW_TO_LEADING + len(blocks) * 3

    def _draw_steps(self, top: float, blocks) -> None:
        canv = self.canv
        canv.setFillColor(ACCENT)
        canv.setFont(SANS_BOLD, 10)
        canv.drawString(0, top - 10, "Steps")
        y = top - STEPS_HEAD_H
        for number, name, steps in blocks:
            canv.setFillColor(INK)
            canv.setFont(SANS_BOLD, 9)
            for text in name:
                y -= HOW_TO_LEADING
                canv.drawString(0 if text is name[0] else 20, y, f"{number}  {text}"
                                if text is name[0] else text)
            canv.setFont(SANS, 9)
            for n, lines in steps:
                for k, text in enumerate(lines):
                    y -= HOW_TO_LEADING
                    if k == 0:
                        canv.drawRightString(STEP_INDENT - 5, y, f"{n}.")
                    canv.drawString(STEP_INDENT, y, text)
            y -= 3

    def _how_to_lines(self, fillable: bool) -> list[tuple[str, tuple[str, ...]]]:
        fit = self.layout.fitter
        legend = ("Felt:", felt_legend(self.layout.plan, bool(self.week.deload),
                                        self.session.items))
        return [(label, fit.lines(text.format(fillable=FILLABLE if fillable else ""), SANS, 9,
                                  self.width - HOW_TO_INDENT, 4))
                for label, text in (LOG_LINE, legend, THEN_LINE, REP_LINE)]

    def _how_to_height(self) -> float:
        # As tall as on a fillable sheet, so both kinds have the same layout.
        return sum(len(lines) for _, lines in self._how_to_lines(True)) * HOW_TO_LEADING + 3

    def _how_to(self, top: float) -> None:
        canv = self.canv
        y = top + HOW_TO_LEADING - 9
        canv.setFillColor(INK)
        # Print-only sheets say nothing of filling them in a PDF app.
        for label, lines in self._how_to_lines(self.layout.fields):
            y -= HOW_TO_LEADING
            canv.setFont(SANS_BOLD, 9)
            canv.drawString(0, y, label)
            canv.setFont(SANS, 9)
            for n, text in enumerate(lines):
                if n:
                    y -= HOW_TO_LEADING
                canv.drawString(HOW_TO_INDENT, y, text)

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
