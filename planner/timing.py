"""How long planned work takes: the figure `build`, `today`, the sheets and the calendar show.

Pure and read from the plan alone (an item carries its sets, reps, sides and rest), so every
place that shows a session's planned minutes shows the same number.
"""

from __future__ import annotations

from collections.abc import Iterable

SECONDS_PER_REP = 4  # about 2 s pulling and 2 s letting the band back under control
REST_SECONDS = 60  # after each set; after the last one it is the move to the next exercise
SETUP_SECONDS = 30  # fixing the band, getting into position


def dose_seconds(sets: int, reps: int, per_side: bool, rest_seconds: int = REST_SECONDS) -> int:
    """One exercise at one dose: its set-up, every rep (both sides where it applies), rests."""
    sides = 2 if per_side else 1
    return SETUP_SECONDS + sets * (reps * sides * SECONDS_PER_REP + rest_seconds)


def item_seconds(item) -> int:
    """A plan item's planned seconds (`planner.plan.Item`)."""
    return dose_seconds(item.sets, item.reps, item.per_side, item.rest_seconds)


def session_seconds(session) -> int:
    """A session's planned work time in seconds (`planner.plan.Session`)."""
    return sum(item_seconds(item) for item in session.items)


def session_minutes(session) -> int:
    """A session's planned work time in whole minutes, rounded to the nearest (at least 1):
    the "about 12" of "about 12 of 30 minutes"."""
    return rounded_minutes(session_seconds(session))


def rounded_minutes(seconds: int) -> int:
    return max(1, (seconds + 30) // 60)


def minutes_span(seconds: Iterable[int]) -> str:
    """`12` or `10-12`: the rounded minutes of some sessions, shortest to longest."""
    values = sorted({rounded_minutes(s) for s in seconds})
    return str(values[0]) if len(values) == 1 else f"{values[0]}-{values[-1]}"
