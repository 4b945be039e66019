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


def clean(text: str) -> str:
    """Text safe for a TEXT value: newlines normalised to \\n, other controls dropped."""
    return _CONTROLS.sub("", _NEWLINES.sub("\n", text))


@lru_cache(maxsize=4096)
def one_line(text: str) -> str:
    """Text for a single-line value (summary, names): every line break becomes a space."""
    return " ".join(clean(text).split())


DEFAULT_NAME = "plan"


def summary(week, session, name: str = DEFAULT_NAME) -> str:
    """The event title; a plan not called the default name says its name first, so two
    plans' events tell apart in one calendar."""
    focus = "/".join(one_line(r) for r in session.focus) or "back"
    kind = "Back workout (deload)" if week.deload else "Back workout"
    title = f"{kind} — {focus} · week {week.number}"
    return title if name == DEFAULT_NAME else f"{one_line(name)}: {title}"


def categories(session) -> list[str]:
    return [*CATEGORIES, *(REGION_WORDS.get(r, one_line(r)) for r in session.focus)]


def _dose_line(item) -> str:
    side = " per side" if item.per_side else ""
    sets = "set" if item.sets == 1 else "sets"
    return f"{item.sets} {sets} × {item.reps} reps{side}"


def description(plan, week, session) -> str:
    """The DESCRIPTION of one session. Catalog and plan text goes through `one_line`, which
    cleans it; the rest is numbers and fixed words, so the whole text is clean."""
    header = f"Week {week.number} of {len(plan.weeks)}"
    if week.deload:
        header += " (deload: one easy set, same band)"
    lines = [f"{header} · {session.minutes} minutes", ""]
    for number, item in enumerate(session.items, start=1):
        exercise = plan.exercises.get(item.exercise)
        name = one_line(exercise.name if exercise else item.exercise)
        lines.append(f"{number}. {name} ({one_line(item.region)} back): {_dose_line(item)}, "
                     f"{one_line(item.band)} band, {one_line(item.slack)} slack, "
                     f"rest {item.rest_seconds} s")
        if exercise and exercise.cues:
            # A different cue each week, so the reminder does not read the same every time.
            cue = exercise.cues[(week.number - 1) % len(exercise.cues)]
            lines.append(f"   Cue: {one_line(cue)}")
    if plan.safety:
        lines += ["", f"Safety: {one_line(plan.safety[(week.number - 1) % len(plan.safety)])}"]
    return "\n".join(lines)
