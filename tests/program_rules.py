"""The rules every built plan keeps (README, "How the routine is built"), for the builder's
tests and the property tests."""

from datetime import date, timedelta
from itertools import pairwise

from planner.blocks import block_exercises, block_spans
from planner.exercise import REGIONS
from planner.settings import DAY_NAMES
from planner.timing import session_seconds

from conftest import validate_against_schema


def check_rules(plan):
    """Every rule a built plan must satisfy: the schema, every region each week, no session
    without exercises, sessions within their minutes on the chosen days, no exercise twice in
    a session, doses within the exercise's rep range and 1 to 3 sets (1 in a deload week),
    owned bands and equipment only, and the blocks' rules (check_blocks)."""
    validate_against_schema(plan.to_dict())
    owned = plan.settings.bands
    for week in plan.weeks:
        assert {r for s in week.sessions for r in s.focus} == set(REGIONS)
        for session in week.sessions:
            assert session.items and session.focus, f"empty session on {session.date}"
            assert session.start.date() == session.date
            assert DAY_NAMES[session.date.weekday()] in plan.settings.days
            assert session_seconds(session) <= session.minutes * 60
            assert len({i.exercise for i in session.items}) == len(session.items)
            for item in session.items:
                exercise = plan.exercises[item.exercise]
                low, high = exercise.reps
                assert low <= item.reps <= high
                assert 1 <= item.sets <= 3
                assert item.band in owned
                assert exercise.fits(plan.settings.equipment)
                if week.deload:
                    assert item.sets == 1
    check_blocks(plan)


def check_blocks(plan):
    """Within a block each region's exercises are fixed and each recurs at least every 7
    days; between blocks at most one per region changes, besides what a change in their
    number adds or drops; a deload week has no more exercises than the weeks around it."""
    spans = block_spans([w.deload for w in plan.weeks], plan.settings.block_weeks)
    assert [n for span in spans for n in span] == list(range(len(plan.weeks)))
    for span in spans:
        block_start = plan.settings.start + timedelta(weeks=span.start)
        block_end = block_start + timedelta(weeks=len(span))
        days: dict[str, list[date]] = {}
        for index in span:
            for session in plan.weeks[index].sessions:
                for item in session.items:
                    days.setdefault(item.exercise, []).append(session.date)
        for exercise, dates in days.items():
            marks = [block_start - timedelta(days=1), *dates, block_end]
            gaps = [(b - a).days for a, b in pairwise(marks)]
            assert max(gaps[1:-1], default=0) <= 7, (exercise, dates)
            assert (dates[0] - block_start).days < 7 and (block_end - dates[-1]).days <= 7, \
                (exercise, dates)
    for before, after in pairwise(spans):
        old = block_exercises(plan.weeks, before)
        new = block_exercises(plan.weeks, after)
        for region in REGIONS:
            gone, came = set(old[region]) - set(new[region]), set(new[region]) - set(old[region])
            grow = len(new[region]) - len(old[region])
            assert len(gone) <= max(1, -grow) and len(came) <= max(1, grow), (region, old, new)
    counts = [[len(s.items) for s in week.sessions] for week in plan.weeks]
    for index, week in enumerate(plan.weeks):
        if week.deload:
            for neighbour in (index - 1, index + 1):
                if 0 <= neighbour < len(plan.weeks):
                    assert all(a <= b for a, b in zip(counts[index], counts[neighbour],
                                                      strict=True)), (index, counts)
