"""Turns a catalog and settings into a Plan. Pure: no files, no clock, no randomness but the seed."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import __version__
from .adaptation import DoseState
from .blocks import block_spans
from .catalog import Catalog
from .dosing import Dosing, ladders_for
from .errors import UsageError
from .exercise import EQUIPMENT, REGIONS, Exercise
from .lineage import Identity, new_identity
from .plan import Item, Plan, Session, Week
from .progression import weekly_stages
from .selection import Arranger, Costs, Template, min_budget
from .settings import DAY_NAMES, Settings
from .timing import REST_SECONDS, dose_seconds


def item_seconds(exercise: Exercise, sets: int, reps: int) -> int:
    """Planned seconds of an exercise at a dose (see `planner.timing`)."""
    return dose_seconds(sets, reps, exercise.per_side)


_SLUG_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")


def session_uid(name: str, day: date, plan_id: str = "") -> str:
    """Depends on the plan id, name and the date only, so a rebuilt plan keeps its uids
    (plans made before ids have none, and keep theirs).

    The "-1-" was meant to number sessions within a day; plans have one a day, but it stays
    so that calendars holding events of earlier plans see the same uids again."""
    kept = "".join(c if c in _SLUG_CHARACTERS else " " for c in name.lower())
    slug = "-".join(kept.split()) or "plan"  # runs of anything else: one hyphen
    if slug != name:
        from .digest import sha256_hex

        slug += "-" + sha256_hex(name.encode("utf-8"))[:8]
    if plan_id:
        slug += "-" + plan_id
    return f"{day.isoformat()}-1-{slug}@band-planner"


def build_plan(catalog: Catalog, settings: Settings,
               progress: dict[str, DoseState] | None = None,
               identity: Identity | None = None) -> Plan:
    """The plan for `settings`; with `progress` (from the log, see `planner.dosing`), each
    logged exercise starts at its next dose instead of the level's first. `identity`: the
    id and stamp of the plan being rebuilt (see planner.lineage), else new ones.

    The weeks are laid out in blocks (`planner.blocks`); each block repeats one weekly
    template (`planner.selection`), sized so that its heaviest week fits the minutes."""
    if settings.start is None:
        raise ValueError("settings.start must be set before building")
    identity = identity or new_identity(settings)
    pools = _pools(catalog, settings)
    stages = weekly_stages(settings.level, len(settings.bands), settings.weeks,
                           settings.deload_every)
    deloads = [stage.deload for stage in stages]
    ladders = ladders_for(catalog.exercises, settings.bands)
    # A break in the log (R7) is judged as of the plan's first day.
    dosing = Dosing(deloads, len(settings.bands), stages, progress or {}, ladders,
                    as_of=settings.start)
    budget = settings.minutes * 60
    weeks: list[Week] = []
    template: Template | None = None
    last_used: dict[str, int] = {}
    for number, span in enumerate(block_spans(deloads, settings.block_weeks)):
        days = [_training_days(settings.start + timedelta(weeks=index), settings.days)
                for index in span]
        costs = _block_costs(dosing, pools, span, days)
        cap = None
        if template is not None and deloads[span.start]:
            cap = [len(slot) for slot in template.slots]  # a deload week adds nothing
        arranger = Arranger(pools, costs, len(settings.days), budget, cap)
        made = arranger.arrange(template, last_used)
        if made is None:
            # What every block of the plan needs, so that the advice is enough for all.
            later = [_block_costs(dosing, pools, later, [[settings.start]])
                     for later in block_spans(deloads, settings.block_weeks)
                     if later.start > span.start]
            raise UsageError(_uncovered_message(settings, pools, [costs, *later],
                                                span.start + 1), option="--minutes")
        template = made
        for ex in template.exercises():
            last_used[ex.id] = number
        for index, week_days in zip(span, days, strict=True):
            sessions = tuple(_session(settings, day, slot, dosing, index, identity.id)
                             for day, slot in zip(week_days, template.slots, strict=True))
            weeks.append(Week(number=index + 1, deload=deloads[index], sessions=sessions))
    used = {item.exercise for week in weeks for s in week.sessions for item in s.items}
    return Plan(
        generator=f"band-planner {__version__}",
        settings=settings,
        guidance=catalog.guidance,
        safety=catalog.safety,
        exercises={key: ex for key, ex in catalog.exercises.items() if key in used},
        weeks=tuple(weeks),
        id=identity.id,
        stamp=identity.stamp,
    )


def _pools(catalog: Catalog, settings: Settings) -> dict[str, list[Exercise]]:
    """The exercises the user's equipment allows, per region, in the order blocks take them:
    the articles' exercises first, then the others, each group in a seeded order."""
    shuffler = random.Random(settings.seed)
    pools = {}
    for region in REGIONS:
        everything = catalog.by_region(region)
        usable = [ex for ex in everything if ex.fits(settings.equipment)]
        if not usable:
            if not everything:
                raise UsageError(f"catalog: no {region}-back exercise in the catalogs; add one "
                                 f"with region = \"{region}\" or drop the --catalog that "
                                 "replaced them")
            raise UsageError(_missing_region_message(region, everything, settings.equipment),
                             option="--equipment")
        shuffler.shuffle(usable)
        usable.sort(key=lambda ex: ex.source.strip().lower() == "added")  # stable
        pools[region] = usable
    return pools


def _missing_region_message(region: str, exercises: list[Exercise], owned) -> str:
    have = set(owned) | {"flat"}
    fixes = sorted({tuple(word for word in need if word not in have)
                    for ex in exercises for need in ex.options()},
                   key=lambda need: (len(need), need))
    smallest = [need for need in fixes if len(need) == len(fixes[0])]
    options = " or ".join("+".join(need) for need in smallest)
    shown = ",".join(word for word in EQUIPMENT if word in have)
    return (f"no {region}-back exercise works with your equipment "
            f"({shown}); add {options} (see `planner catalog list --region {region}`)")


def _block_costs(dosing: Dosing, pools, span: range, days: list[list[date]]) -> Costs:
    """Each exercise's planned seconds in the heaviest week of the block."""
    first_day = days[0][0] if days[0] else date.min
    costs = {}
    for pool in pools.values():
        for ex in pool:
            probe = dosing
            if ex.id in dosing.progress and ex.id not in dosing.anchored:
                # A logged exercise follows its own climb from the day it is first done.
                probe = Dosing(dosing.deloads, dosing.band_count, dosing.fallback,
                               dosing.progress, dosing.ladders, dosing.as_of)
                probe.commit(ex.id, span.start, first_day)
            stages = [probe.stage(ex.id, index, first_day) for index in span]
            costs[ex.id] = max(dose_seconds(stage.sets, stage.reps(ex.reps), ex.per_side)
                               for stage in stages if stage is not None)
    return costs


def _training_days(week_start: date, days: tuple[str, ...]) -> list[date]:
    wanted = {DAY_NAMES.index(d) for d in days}
    return [week_start + timedelta(days=offset) for offset in range(7)
            if (week_start + timedelta(days=offset)).weekday() in wanted]


def _local_start(settings: Settings, day: date) -> datetime:
    zone = ZoneInfo(settings.timezone)
    naive = datetime.combine(day, settings.time)
    # A wall time that a DST jump skips moves forward by the jump, as clocks do, unless
    # that would leave the day; then it moves back by the jump instead.
    for fold in (0, 1):
        start = naive.replace(tzinfo=zone, fold=fold).astimezone(UTC).astimezone(zone)
        if start.date() == day:
            return start
    return start


def _session(settings: Settings, day: date, exercises, dosing: Dosing, week: int,
             plan_id: str = "") -> Session:
    items: list[Item] = []
    for ex in sorted(exercises, key=lambda ex: REGIONS.index(ex.region)):
        dosing.commit(ex.id, week, day)  # from here on the exercise follows its own climb
        stage = dosing.stage(ex.id, week, day)
        assert stage is not None, "a new plan's dosing has a fallback for every exercise"
        items.append(Item(exercise=ex.id, region=ex.region, sets=stage.sets,
                          reps=stage.reps(ex.reps), band=settings.bands[stage.band],
                          slack=stage.slack_name(), per_side=ex.per_side,
                          rest_seconds=REST_SECONDS))
    focus = tuple(r for r in REGIONS if any(item.region == r for item in items))
    return Session(uid=session_uid(settings.name, day, plan_id), date=day,
                   start=_local_start(settings, day), timezone=settings.timezone,
                   minutes=settings.minutes, focus=focus, items=tuple(items))


def _uncovered_message(settings: Settings, pools, costs: list[Costs], week: int) -> str:
    days = len(settings.days)
    need = max(min_budget(pools, block, days) for block in costs)
    fewer = max(min_budget(pools, block, len(REGIONS)) for block in costs)
    when = "in week 1" if week == 1 else f"by week {week}, as the doses grow"
    return (f"{settings.minutes} minutes is too short for {days} session(s) a week "
            f"to train the upper, mid and lower back {when}; use --minutes {-(-need // 60)} "
            "or more" + (" or train on more days" if days < len(REGIONS) and fewer < need else ""))
