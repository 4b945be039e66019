"""The exercise reference at the back: how to dose and progress, then each exercise's steps,
breathing cues, notes, equipment and source."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether

from planner.api import EQUIPMENT

from .overview import Bookmark, Para
from .text import clean, para

FIGURE_H = 100  # a reference drawing: at most 35 mm tall
FIGURE_W = 120  # and at most this wide: a lying figure grows to fill it
FIGURE_GAP = 16
CAPTION = 11

ANCHOR_WORDS = {
    "none": "nothing to fix the band to",
    "fixed": "band fixed to an anchor",
    "foot": "band held under the foot",
    "chair": "band around a chair",
}


class EntryHeading(Para):
    """An entry's title; records the page it lands on and marks it for links and outline."""

    def __init__(self, text, style, layout, exercise_id: str, title: str):
        super().__init__(text, style)
        self.layout, self.exercise_id, self.title = layout, exercise_id, title

    def split(self, aw, ah):
        # Keep a heading whole (move it to the next column) unless it is taller than a
        # column; then split a plain copy and keep the mark on the first part.
        height = self.layout.geometry.frame_h
        if self.wrap(aw, height)[1] <= height:
            return []
        plain = Para(self.text, self.style).split(aw, ah)
        return [EntryMark(self.layout, self.exercise_id, self.title)] + plain if plain else []

    def draw(self):
        mark(self.canv, self.layout, self.exercise_id, self.title)
        super().draw()


class EntryMark(Flowable):
    _ZEROSIZE = True

    def __init__(self, layout, exercise_id: str, title: str):
        super().__init__()
        self.layout, self.exercise_id, self.title = layout, exercise_id, title

    def wrap(self, aw, ah):
        return 0, 0

    def draw(self):
        mark(self.canv, self.layout, self.exercise_id, self.title)


def mark(canv, layout, exercise_id: str, title: str) -> None:
    layout.seen_pages[exercise_id] = canv.getPageNumber()
    key = f"r-{exercise_id}"
    canv.bookmarkPage(key)
    canv.addOutlineEntry(title, key, 1)


def reference_story(layout) -> list:
    plan, st = layout.plan, layout.styles
    # The heading first: a zero-size mark would still fit on the full last sheet.
    story = [Para("Exercise reference", st["h1"]),
             Bookmark("reference", "Exercise reference"),
             Para("How to do each exercise in the plan. Every log sheet names the "
                  "entry (R1, R2, …) and its page.", st["small"])]
    if plan.guidance:  # the articles' dosing advice, before the exercises it applies to
        story.append(Para("How to dose and progress", st["h2"]))
        story += [Para(para(t), st["ref_bullet"], bulletText="•") for t in plan.guidance]
    for key, ex in plan.exercises.items():
        label = layout.ref_labels[key]
        name = clean(ex.name)
        entry = [EntryHeading(f"{label}&nbsp;&nbsp;{para(name)}", st["entry"], layout, key,
                              f"{label} {name}"),
                 Para(para(_meta(ex)), st["small"])]
        if ex.figure is not None:
            entry.append(FigurePair(key, ex.figure))
        used = plan.equipment_of(key)  # what this plan's owner does it with
        if used:
            needs = "; ".join(EQUIPMENT.get(word, word) for word in used)
            entry.append(Para(f"<b>You need:</b> {para(needs)}", st["ref_body"]))
        entry.append(Para("Steps", st["h3"]))
        entry += [Para(para(step), st["ref_numbered"], bulletText=f"{n}.")
                  for n, step in enumerate(ex.steps, start=1)]
        entry.append(Para("Breathing and form", st["h3"]))
        entry += [Para(para(cue), st["ref_bullet"], bulletText="•") for cue in ex.cues]
        if ex.notes:
            entry.append(Para("Notes", st["h3"]))
            entry += [Para(para(note), st["ref_bullet"], bulletText="•") for note in ex.notes]
        if ex.source.strip().lower() != "added":  # "added" means no article: nothing to cite
            entry.append(Para(f"Source: {para(ex.source)}", st["small"]))
        story.append(KeepTogether(entry))
    return story


def _meta(ex) -> str:
    low, high = ex.reps
    reps = f"{low} reps" if low == high else f"{low}–{high} reps"
    parts = [f"{ex.region} back", f"{ex.band} band", ANCHOR_WORDS.get(ex.anchor, ex.anchor),
             ex.position.replace("-", " "), reps + (" each side" if ex.per_side else "")]
    return " · ".join(parts)


class FigurePair(Flowable):
    """The exercise's start and end drawings side by side, captioned; each a form drawn once
    per document (figures.place_pose), named after the exercise."""

    def __init__(self, exercise_id: str, figure):
        super().__init__()
        self.exercise_id, self.figure = exercise_id, figure

    def wrap(self, aw, ah):
        from .figures import drawn_size, fit

        self.size = fit(self.figure, min(FIGURE_W, (aw - FIGURE_GAP) / 2), FIGURE_H)
        self.drawing = drawn_size(self.figure, self.size)
        self.width, self.height = aw, self.drawing[1] + CAPTION + 8
        return self.width, self.height

    def draw(self):
        from .figures import place_pose
        from .fonts import SANS
        from .styles import MUTED

        canv = self.canv
        if getattr(canv, "measuring", False):
            return
        width = self.drawing[0]
        for n, which in enumerate(("start", "end")):
            x = n * (width + FIGURE_GAP)
            place_pose(canv, self.exercise_id, self.figure, which, x, CAPTION + 4, self.size,
                       "ref")
            canv.setFillColor(MUTED)
            canv.setFont(SANS, 8.5)
            canv.drawCentredString(x + width / 2, 4, which)
