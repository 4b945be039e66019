"""The terminal summary `planner build` prints: each week's dose and its sessions.

One line per session, in date order, exercise names wrapped at word boundaries to the
terminal's width. Long plans show their first weeks in full, then one line per run of
weeks on the same band and slack.
"""

from __future__ import annotations

import shutil
from collections import Counter

from .plan import Plan, Week
from .terminal import wrap

REGION_MARK = {"upper": "U", "mid": "M", "lower": "L"}
FULL_WEEKS = 4  # a plan longer than FULL_WEEKS * 2 weeks shows this many in full
MIN_WIDTH = 40
NO_BREAK = "\xa0"  # textwrap breaks at ASCII white space only


def plan_summary(plan: Plan, written: list[str], width: int | None = None) -> str:
    width = max(MIN_WIDTH, width or shutil.get_terminal_size((100, 24)).columns)
    sessions = [s for _, s in plan.sessions()]
    first, last = sessions[0].start, sessions[-1].start
    lines = [
        *_wrap(f"{plan.name}: {len(plan.weeks)} week(s), {len(sessions)} sessions, "
               f"{first:%a %d %b %Y} to {last:%a %d %b %Y}, {first:%H:%M} {plan.timezone}"
               .replace(f"{first:%H:%M} ", f"{first:%H:%M}{NO_BREAK}"), "", width),
        *(f"wrote {path}" for path in written),
        "",
    ]
    long = len(plan.weeks) > 2 * FULL_WEEKS
    for week in plan.weeks[:FULL_WEEKS] if long else plan.weeks:
        lines += _week(plan, week, width)
    if long:
        lines += _runs(plan.weeks[FULL_WEEKS:], width)
    lines += [""] + _wrap(
        "U/M/L: the upper, mid and lower back. A dose is sets x reps on a band level; slack "
        "is how loose the band starts (added: easier; reduced, minimal: harder). An exercise "
        "with a dose of its own shows it after its name. `planner catalog show NAME` shows "
        "how to do an exercise.", "", width)
    return "\n".join(lines)


def _week(plan: Plan, week: Week, width: int) -> list[str]:
    common = _common(week)
    lines = [f"week {week.number}: " + ("deload, " if week.deload else "") + _dose_words(common)]
    for session in week.sessions:
        marks = "/".join(REGION_MARK[r] for r in session.focus)
        names = []
        for item in session.items:
            exercise = plan.exercises.get(item.exercise)
            name = exercise.name if exercise else item.exercise
            own = _dose_key(item)
            names.append(name if own == common else f"{name} ({_short(own)})")
        # Names are kept whole on a line: their spaces do not break (see _wrap).
        text = ", ".join(name.replace(" ", NO_BREAK) for name in names)
        lines += _wrap(text, f"  {session.date:%a %d %b}  {marks:<5}  ", width)
    return lines


def _runs(weeks, width: int) -> list[str]:
    """One line per run of weeks whose usual dose keeps its band and slack."""
    from itertools import groupby

    lines = []
    dosed = [(week, _common(week)) for week in weeks]
    for (band, slack), grouped in groupby(dosed, key=lambda pair: pair[1][2:]):
        run = list(grouped)
        first, last = run[0][0].number, run[-1][0].number
        span = f"week {first}" if first == last else f"weeks {first}-{last}"
        doses = list(dict.fromkeys(f"{sets}x{reps}" for week, (sets, reps, *_) in run
                                   if not week.deload))
        sets_reps = doses[0] if len(doses) == 1 else f"{doses[0]} to {doses[-1]}" if doses else ""
        text = f"{sets_reps} on {band} ({slack} slack)".strip()
        deloads = [str(week.number) for week, _ in run if week.deload]
        if deloads:
            text += f"; deload in week{'s' if len(deloads) > 1 else ''} {', '.join(deloads)}"
        lines += _wrap(text, f"{span}: ", width)
    return lines


def _dose_key(item) -> tuple:
    return (item.sets, item.reps, item.band, item.slack)


def _common(week: Week) -> tuple:
    """The dose most exercises of the week have."""
    counts = Counter(_dose_key(item) for session in week.sessions for item in session.items)
    return counts.most_common(1)[0][0] if counts else (0, 0, "-", "normal")


def _dose_words(dose: tuple) -> str:
    sets, reps, band, slack = dose
    return f"{sets}x{reps} on {band} ({slack} slack)"


def _short(dose: tuple) -> str:
    sets, reps, band, slack = dose
    return f"{sets}x{reps} {band}" + ("" if slack == "normal" else f", {slack} slack")


def _wrap(text: str, prefix: str, width: int) -> list[str]:
    """`text` after `prefix`, wrapped at spaces (never inside a word) and indented under it."""
    return [line.replace(NO_BREAK, " ") for line in wrap(text, prefix, width)]
