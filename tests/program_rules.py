"""The rules every built plan keeps (README, "How the routine is built"), for the builder's
tests and the property tests."""

from datetime import date, timedelta
from itertools import pairwise, product

from planner.blocks import block_exercises, block_spans
from planner.exercise import REGIONS
from planner.progression import Climb, first_stage, project, weekly_stages
from planner.settings import DAY_NAMES
from planner.timing import dose_seconds, session_seconds

from conftest import shipped_catalog, validate_against_schema


def check_rules(plan, catalog=None):
    """Every rule a built plan must satisfy: the schema, every region each week, no session
    without exercises, sessions within their minutes on the chosen days, no exercise twice in
    a session, doses within the exercise's rep range and 1 to 3 sets (1 in a deload week),
    owned bands and equipment only, and the blocks' rules (check_blocks; `catalog`: the one
    the plan was built from, if not the shipped one)."""
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
    check_blocks(plan, catalog)


def check_blocks(plan, catalog=None):
    """Within a block every week repeats the first one day by day, and each exercise recurs at
    least every 7 days. Between blocks at most one exercise per region changes, besides what a
    change in their number adds or drops, and a block that a deload week opens has no more
    exercises on any day than the week before: both unless the minutes leave no room for them
    (see _rules_fit; `catalog`, the plan's, defaults to the shipped one)."""
    spans = block_spans([w.deload for w in plan.weeks], plan.settings.block_weeks)
    assert [n for span in spans for n in span] == list(range(len(plan.weeks)))
    for span in spans:
        first = [[item.exercise for item in s.items] for s in plan.weeks[span.start].sessions]
        for index in span:
            assert [[item.exercise for item in s.items] for s in plan.weeks[index].sessions] \
                == first, (index, first)
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
    counts = [[len(s.items) for s in week.sessions] for week in plan.weeks]
    for before, after in pairwise(spans):
        old = block_exercises(plan.weeks, before)
        new = block_exercises(plan.weeks, after)
        broken = [region for region in REGIONS if not _few_changes(old[region], new[region])]
        if plan.weeks[after.start].deload and any(
                a > b for a, b in zip(counts[after.start], counts[before.stop - 1], strict=True)):
            broken.append("deload week")
        if broken:
            assert not _rules_fit(plan, catalog or shipped_catalog(), before, after), (
                after.start + 1, broken, old, new, counts[before.stop - 1], counts[after.start])


def _few_changes(old, new):
    gone, came, grow = set(old) - set(new), set(new) - set(old), len(new) - len(old)
    return len(gone) <= max(1, -grow) and len(came) <= max(1, grow)


def _rules_fit(plan, catalog, before, after):
    """Whether the rules between the blocks `before` and `after` could hold within the minutes:
    one exercise per region on some day, each one the change rule allows (any, if the region
    had one exercise; else one it had), no day above the week before's count if a deload week
    opens `after`, every day within the minutes at the heaviest week of `after`. The seconds
    are the builder's: an exercise done before climbs on its own from its first week, any other
    is counted at the plan's weekly dose."""
    settings = plan.settings
    level, bands = settings.level, len(settings.bands)
    deloads = [week.deload for week in plan.weeks]
    weekly = weekly_stages(level, bands, settings.weeks, settings.deload_every)
    first: dict[str, int] = {}
    for index in range(after.start):
        for session in plan.weeks[index].sessions:
            for item in session.items:
                first.setdefault(item.exercise, index)

    def seconds(ex):
        stages = weekly
        if ex.id in first:
            start = first[ex.id]
            stages = [None] * start + project(Climb(first_stage(level, bands)), deloads[start:],
                                              bands)
        return max(dose_seconds(stages[i].sets, stages[i].reps(ex.reps), ex.per_side)
                   for i in after)

    old = block_exercises(plan.weeks, before)
    cheapest = [min(seconds(ex) for ex in catalog.exercises.values()
                    if ex.region == region and ex.fits(settings.equipment)
                    and (len(old[region]) == 1 or ex.id in old[region]))
                for region in REGIONS]
    days = len(settings.days)
    cap = [len(s.items) for s in plan.weeks[before.stop - 1].sessions]
    if not deloads[after.start]:
        cap = [len(REGIONS)] * days
    for placed in product(range(days), repeat=len(REGIONS)):
        load = [sum(c for c, d in zip(cheapest, placed, strict=True) if d == day)
                for day in range(days)]
        if max(load) <= settings.minutes * 60 and all(
                placed.count(day) <= limit for day, limit in enumerate(cap)):
            return True
    return False
