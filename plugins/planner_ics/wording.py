"""What an event says: summary, description, categories (stdlib only)."""

from __future__ import annotations

import re
from functools import lru_cache

CATEGORIES = ("Fitness", "Resistance bands")
REGION_WORDS = {"upper": "Upper back", "mid": "Mid back", "lower": "Lower back"}

# RFC 5545 TEXT may not hold control characters other than TAB. Line and paragraph
# separators become plain newlines (escaped as \n by icalendar) so no reader, however
# loose, can take them for the end of a content line.
_NEWLINES = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")


@lru_cache(maxsize=4096)
def clean(text: str) -> str:
    """Text safe for a TEXT value: newlines normalised to \\n, other controls dropped."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


@lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """Text for a single-line value (summary, names): every line break becomes a space."""
    return " ".join(clean(text).split())


def summary(plan, week, session) -> str:
    focus = "/".join(one_line(r) for r in session.focus) or "back"
    kind = "Back workout (deload)" if week.deload else "Back workout"
    return f"{kind} — {focus} · week {week.number}"


def categories(session) -> list[str]:
    return [*CATEGORIES, *(REGION_WORDS.get(r, one_line(r)) for r in session.focus)]


def _dose(item) -> str:
    side = " per side" if item.per_side else ""
    sets = "set" if item.sets == 1 else "sets"
    return f"{item.sets} {sets} × {item.reps} reps{side}"


class Descriptions:
    """DESCRIPTION texts for the sessions of one plan, reusing the text of repeated lines.

    A 52-week plan repeats the same few dozen exercise lines, cues and safety notes in
    hundreds of events, so each is written (and cleaned) once. Every line is cleaned on
    its own, so the lines joined by newlines are the cleaned description.
    """

    def __init__(self, plan):
        self.plan = plan
        self.total = len(plan.weeks)
        self._items: dict[tuple, str] = {}
        self._cues: dict[tuple[str, int], str] = {}

    def __call__(self, week, session) -> str:
        header = f"Week {week.number} of {self.total}"
        if week.deload:
            header += " (deload: one easy set, same band)"
        lines = [clean(f"{header} · {session.minutes} minutes"), ""]
        for number, item in enumerate(session.items, start=1):
            line = self._items.get((number, item))
            if line is None:
                line = self._items[number, item] = self._item(number, item)
            lines.append(line)
            exercise = self.plan.exercises.get(item.exercise)
            if exercise and exercise.cues:
                # A different cue each week, so the reminder does not read the same every time.
                index = (week.number - 1) % len(exercise.cues)
                cue = self._cues.get((item.exercise, index))
                if cue is None:
                    cue = self._cues[item.exercise, index] = \
                        f"   Cue: {one_line(exercise.cues[index])}"
                lines.append(cue)
        safety = self.plan.safety
        if safety:
            lines += ["", f"Safety: {one_line(safety[(week.number - 1) % len(safety)])}"]
        return "\n".join(lines)

    def _item(self, number: int, item) -> str:
        exercise = self.plan.exercises.get(item.exercise)
        name = one_line(exercise.name if exercise else item.exercise)
        return clean(f"{number}. {name} ({one_line(item.region)} back): {_dose(item)}, "
                     f"{one_line(item.band)} band, {one_line(item.slack)} slack, "
                     f"rest {item.rest_seconds} s")
