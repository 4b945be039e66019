"""The terminal summary `planner build` prints: each week's dose and its sessions.

One line per session, in date order, exercise names wrapped at word boundaries to the
terminal's width. Each week says its planned minutes beside the minutes available. Long
plans show their first weeks in full, then one line per run of weeks on the same band and
slack. Then the exercise swaps between blocks, and a line each when the sessions need
under two thirds of the time, when the projection reaches the top of the user's bands, and
when owned equipment goes unused.
"""

from __future__ import annotations

import shutil
from collections import Counter
from collections.abc import Collection

from .blocks import block_exercises, block_spans
from .output import wrote
from .plan import Plan, Week
from .progression import MAX_SETS, SLACKS
from .terminal import wrap
from .timing import minutes_span, session_seconds

REGION_MARK = {"upper": "U", "mid": "M", "lower": "L"}
FULL_WEEKS = 4  # a plan longer than FULL_WEEKS * 2 weeks shows this many in full
MIN_WIDTH = 40
NO_BREAK = "\xa0"  # textwrap breaks at ASCII white space only


def plan_summary(plan: Plan, written: list[str], width: int | None = None,
                 catalog=None, unchanged: Collection[str] = ()) -> str:
    """What `build` prints; with the `catalog` the plan came from, a line on owned equipment
    the plan leaves unused. `unchanged`: those of the `written` files left as they were."""
    width = max(MIN_WIDTH, width or shutil.get_terminal_size((100, 24)).columns)
    sessions = [s for _, s in plan.sessions()]
    first, last = sessions[0].start, sessions[-1].start
    lines = [
        *_wrap(f"{plan.name}: {len(plan.weeks)} week(s), {len(sessions)} sessions, "
               f"{first:%a %d %b %Y} to {last:%a %d %b %Y}, {first:%H:%M} {plan.timezone}"
               .replace(f"{first:%H:%M} ", f"{first:%H:%M}{NO_BREAK}"), "", width),
        *(wrote(path, unchanged) for path in written),
        "",
    ]
    long = len(plan.weeks) > 2 * FULL_WEEKS
    swaps = _swaps(plan)
    for week in plan.weeks[:FULL_WEEKS] if long else plan.weeks:
        lines += _week(plan, week, width, swaps.pop(week.number, None))
    if long:
        lines += _runs(plan, plan.weeks[FULL_WEEKS:], width)
        for number, text in swaps.items():
            lines += _wrap(text, f"from week {number}: ", width)
    notes = [_spare_time(plan), _ceiling(plan)]
    if catalog is not None:
        from .variety import unused_equipment

        notes.append(unused_equipment(plan, catalog))
    for note in filter(None, notes):
        lines += _wrap(note, "", width)
    lines += [""] + _wrap(
        "U/M/L: the upper, mid and lower back. A dose is sets x reps on a band level; slack "
        "is how loose the band starts (added: easier; reduced, minimal: harder). An exercise "
        "with a dose of its own shows it after its name. `planner catalog show NAME` shows "
        "how to do an exercise.", "", width)
    return "\n".join(lines)


def _week(plan: Plan, week: Week, width: int, swapped: str | None = None) -> list[str]:
    common = _common(week)
    lines = _wrap(("deload, " if week.deload else "") + _dose_words(common)
                  + _minutes_words(plan, [week]), f"week {week.number}: ", width)
    if swapped:
        lines += _wrap(swapped, "  exercises: ", width)
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


def _runs(plan: Plan, weeks, width: int) -> list[str]:
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
        text = f"{sets_reps} on {band}{_slack_words(slack)}".strip()
        held = _held_from(run)
        if held is not None:
            text += f" (held from week {held})"
        deloads = [str(week.number) for week, _ in run if week.deload]
        if deloads:
            text += f"; deload in week{'s' if len(deloads) > 1 else ''} {', '.join(deloads)}"
        text += _minutes_words(plan, [week for week, _ in run])
        lines += _wrap(text, f"{span}: ", width)
    return lines


def _held_from(run) -> int | None:
    """The week from which a run's last dose repeats to its end, when it does for more than
    two weeks (deload weeks aside)."""
    doses = [(week.number, dose) for week, dose in run if not week.deload]
    if len(doses) < 3 or doses[-1][1] != doses[-2][1] or doses[-1][1] != doses[-3][1]:
        return None
    number = doses[-1][0]
    for earlier, dose in reversed(doses):
        if dose != doses[-1][1]:
            break
        number = earlier
    return number


def _minutes_words(plan: Plan, weeks) -> str:
    seconds = [session_seconds(s) for week in weeks for s in week.sessions]
    available = sorted({s.minutes for week in weeks for s in week.sessions})
    if not seconds:
        return ""
    return f", about {minutes_span(seconds)} of {available[-1]} min"


def _spare_time(plan: Plan) -> str | None:
    """A line when the longest session needs under two thirds of the minutes."""
    sessions = [s for _, s in plan.sessions()]
    longest = max(session_seconds(s) for s in sessions)
    minutes = min(s.minutes for s in sessions)
    if longest * 3 >= minutes * 60 * 2:
        return None
    return (f"The sessions need at most about {minutes_span([longest])} of your {minutes} "
            "minutes: that is all the exercises your equipment and these doses need, and "
            "nothing is added to fill the time.")


def _ceiling(plan: Plan) -> str | None:
    """Where the projection reaches the top of the user's bands: 3 x top on the heaviest band
    with the least slack; from there it can only hold."""
    bands = plan.settings.bands
    if not bands:
        return None
    for week in plan.weeks:
        for session in week.sessions:
            for item in session.items:
                exercise = plan.exercises.get(item.exercise)
                if (exercise is not None and item.sets >= MAX_SETS
                        and item.reps >= exercise.reps[1] and item.band == bands[-1]
                        and item.slack == SLACKS[-1]):
                    return (f"Week {week.number}: {item.sets}x{item.reps} on {item.band} with "
                            f"{item.slack} slack is as hard as your bands go, so the plan "
                            "holds there. To keep progressing, add a heavier band (--bands "
                            f"{','.join(bands)},NAME) or hold two bands together.")
    return None


def _swaps(plan: Plan) -> dict[int, str]:
    """Week number -> the exercises that changed when the block starting that week began."""
    weeks = plan.weeks
    deloads = [week.deload for week in weeks]
    spans = block_spans(deloads, plan.settings.block_weeks)
    changes = {}
    for before, after in zip(spans, spans[1:], strict=False):
        old, new = block_exercises(weeks, before), block_exercises(weeks, after)
        parts = []
        for region in old:
            gone = [key for key in old[region] if key not in new[region]]
            came = [key for key in new[region] if key not in old[region]]
            for index in range(max(len(gone), len(came))):
                out = _name(plan, gone[index]) if index < len(gone) else None
                into = _name(plan, came[index]) if index < len(came) else None
                parts.append(f"{into} replaces {out}" if out and into
                             else f"{into} added" if into else f"{out} dropped")
        if parts:
            changes[after.start + 1] = f"{', '.join(parts)}."
    return changes


def _name(plan: Plan, key: str) -> str:
    exercise = plan.exercises.get(key)
    return exercise.name if exercise else key


def _dose_key(item) -> tuple:
    return (item.sets, item.reps, item.band, item.slack)


def _common(week: Week) -> tuple:
    """The dose most exercises of the week have."""
    counts = Counter(_dose_key(item) for session in week.sessions for item in session.items)
    return counts.most_common(1)[0][0] if counts else (0, 0, "-", "normal")


def _dose_words(dose: tuple) -> str:
    sets, reps, band, slack = dose
    return f"{sets}x{reps} on {band}{_slack_words(slack)}"


def _slack_words(slack: str) -> str:
    return "" if slack == "normal" else f", {slack} slack"


def _short(dose: tuple) -> str:
    sets, reps, band, slack = dose
    return f"{sets}x{reps} {band}" + ("" if slack == "normal" else f", {slack} slack")


def _wrap(text: str, prefix: str, width: int) -> list[str]:
    """`text` after `prefix`, wrapped at spaces (never inside a word) and indented under it."""
    return [line.replace(NO_BREAK, " ") for line in wrap(text, prefix, width)]
