"""Turns a catalog and settings into a Plan. Pure: no files, no clock, no randomness but the seed."""

from __future__ import annotations

import random
import re
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from . import __version__
from .adaptation import Progress
from .catalog import Catalog
from .dosing import Dosing, ladders_for
from .errors import UsageError
from .exercise import REGIONS, Exercise
from .lineage import Identity, new_identity
from .plan import Item, Plan, Session, Week
from .progression import Stage, weekly_stages
from .settings import DAY_NAMES, Settings

# How long work takes, to fit sessions into their minutes.
SECONDS_PER_REP = 4  # about 2 s pulling and 2 s letting the band back under control
REST_SECONDS = 60  # after every set
SETUP_SECONDS = 30  # fixing the band, getting into position
MAX_PER_REGION = 2  # exercises of one region in one session


def item_seconds(exercise: Exercise, sets: int, reps: int) -> int:
    sides = 2 if exercise.per_side else 1
    return SETUP_SECONDS + sets * (reps * sides * SECONDS_PER_REP + REST_SECONDS)


def session_uid(name: str, day: date, plan_id: str = "") -> str:
    """Depends on the plan id, name and the date only, so a rebuilt plan keeps its uids
    (plans made before ids have none, and keep theirs).

    The "-1-" was meant to number sessions within a day; plans have one a day, but it stays
    so that calendars holding events of earlier plans see the same uids again."""
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "plan"
    if slug != name:
        import hashlib

        slug += "-" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    if plan_id:
        slug += "-" + plan_id
    return f"{day.isoformat()}-1-{slug}@band-planner"


def build_plan(catalog: Catalog, settings: Settings,
               progress: dict[str, Progress] | None = None,
               identity: Identity | None = None) -> Plan:
    """The plan for `settings`; with `progress` (from the log, see `planner.dosing`), each
    logged exercise starts at its next dose instead of the level's first. `identity`: the
    id and stamp of the plan being rebuilt (see planner.lineage), else new ones."""
    if settings.start is None:
        raise ValueError("settings.start must be set before building")
    identity = identity or new_identity(settings.to_dict())
    pools = _pools(catalog, settings)
    stages = weekly_stages(settings.level, len(settings.bands), settings.weeks,
                           settings.deload_every)
    ladders = ladders_for(catalog.exercises, settings.bands)
    dosing = Dosing([stage.deload for stage in stages], len(settings.bands), stages,
                    progress or {}, ladders)
    picker = _Picker(pools)
    weeks = []
    for index, stage in enumerate(stages):
        week_start = settings.start + timedelta(weeks=index)
        days = _training_days(week_start, settings.days)
        sessions = tuple(_session(settings, day, _Doses(dosing, index, day), picker,
                                  identity.id) for day in days)
        covered = {region for session in sessions for region in session.focus}
        if covered != set(REGIONS):
            raise UsageError(_uncovered_message(settings, sessions, covered, index + 1,
                                                pools, dosing))
        weeks.append(Week(number=index + 1, deload=stage.deload, sessions=sessions))
    used = {item.exercise for week in weeks for s in week.sessions for item in s.items}
    return Plan(
        generator=f"band-planner {__version__}",
        settings=settings.to_dict(),
        guidance=catalog.guidance,
        safety=catalog.safety,
        exercises={key: ex for key, ex in catalog.exercises.items() if key in used},
        weeks=tuple(weeks),
        id=identity.id,
        stamp=identity.stamp,
    )


def _pools(catalog: Catalog, settings: Settings) -> dict[str, list[Exercise]]:
    """The exercises the user's equipment allows, per region, in a seeded order."""
    owned = set(settings.equipment)
    shuffler = random.Random(settings.seed)
    pools = {}
    for region in REGIONS:
        everything = catalog.by_region(region)
        usable = [ex for ex in everything if set(ex.equipment) <= owned]
        if not usable:
            raise UsageError(_missing_region_message(region, everything, owned))
        shuffler.shuffle(usable)
        pools[region] = usable
    return pools


def _missing_region_message(region: str, exercises: list[Exercise], owned: set[str]) -> str:
    if not exercises:
        return (f"catalog: no {region}-back exercise in the catalogs; add one with "
                f"region = \"{region}\" or drop the --catalog that replaced them")
    fixes = sorted({tuple(sorted(set(ex.equipment) - owned)) for ex in exercises},
                   key=lambda need: (len(need), need))
    smallest = [need for need in fixes if len(need) == len(fixes[0])]
    options = " or ".join("+".join(need) for need in smallest)
    have = ",".join(sorted(owned)) or "none"
    return (f"--equipment: no {region}-back exercise works with your equipment ({have}); "
            f"add {options} (see `planner catalog list --region {region}`)")


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


class _Doses:
    """The stage of each exercise in one session."""

    def __init__(self, dosing: Dosing, week: int, day: date):
        self.dosing, self.week, self.day = dosing, week, day

    def __call__(self, exercise: Exercise) -> Stage:
        return _stage(self.dosing, exercise, self.week, self.day)

    def cost(self, exercise: Exercise) -> int:
        stage = self(exercise)
        return item_seconds(exercise, stage.sets, stage.reps(exercise.reps))

    def commit(self, exercise: Exercise) -> None:
        self.dosing.commit(exercise.id, self.week, self.day)


def _session(settings: Settings, day: date, doses: _Doses, picker: _Picker,
             plan_id: str = "") -> Session:
    budget = settings.minutes * 60
    chosen: list[tuple[Exercise, int]] = []
    for round_ in range(MAX_PER_REGION):
        order = picker.region_order()
        for position, region in enumerate(order):
            # A second exercise per region only when the region has enough exercises for
            # two sessions in a row to use different ones.
            if round_ and len(picker.pools[region]) < 2 * (round_ + 1):
                continue
            taken = {ex.id for ex, _ in chosen}
            # First round: leave time for the cheapest exercise of each region still to
            # come, so that one long exercise does not crowd a region out.
            reserve = 0 if round_ else sum(_cheapest(picker.pools[r], doses.cost)
                                           for r in order[position + 1:])
            exercise = (picker.pick(region, doses.cost, budget - reserve, taken, round_ == 0)
                        or picker.pick(region, doses.cost, budget, taken, round_ == 0))
            if exercise is None:
                continue
            cost = doses.cost(exercise)
            chosen.append((exercise, cost))
            budget -= cost
    if not chosen:
        need = max(min(_cheapest(pool, _week_costs(doses.dosing, week))
                       for pool in picker.pools.values())
                   for week in range(len(doses.dosing.deloads)))
        raise UsageError(f"--minutes: {settings.minutes} minutes is too short for one exercise "
                         f"at this plan's heaviest dose; use at least {_minutes(need)}")
    picker.finish_session([ex for ex, _ in chosen])
    chosen.sort(key=lambda pair: REGIONS.index(pair[0].region))
    items: list[Item] = []
    for ex, _ in chosen:
        stage = doses(ex)
        doses.commit(ex)
        items.append(Item(exercise=ex.id, region=ex.region, sets=stage.sets,
                          reps=stage.reps(ex.reps), band=settings.bands[stage.band],
                          slack=stage.slack_name(), per_side=ex.per_side,
                          rest_seconds=REST_SECONDS))
    focus = tuple(r for r in REGIONS if any(item.region == r for item in items))
    return Session(uid=session_uid(settings.name, day, plan_id), date=day,
                   start=_local_start(settings, day), timezone=settings.timezone,
                   minutes=settings.minutes, focus=focus, items=tuple(items))


def _cheapest(pool: list[Exercise], cost) -> int:
    return min(cost(ex) for ex in pool)


def _week_costs(dosing: Dosing, week: int):
    """Exercise -> its cost in that week at the latest, for advice in error messages."""
    def cost(exercise: Exercise) -> int:
        stage = _stage(dosing, exercise, week, date.min)  # date.min: no break (R7) shortens it
        return item_seconds(exercise, stage.sets, stage.reps(exercise.reps))

    return cost


def _stage(dosing: Dosing, exercise: Exercise, week: int, day: date) -> Stage:
    stage = dosing.stage(exercise.id, week, day)
    assert stage is not None, "a new plan's dosing has a fallback for every exercise"
    return stage


def _minutes(seconds: int) -> int:
    return -(-seconds // 60)


def _uncovered_message(settings, sessions, covered, number, pools, dosing) -> str:
    # Enough minutes for one session to hold every region at the plan's heaviest dose
    # always works, and is more than the user gave (else this week would be covered).
    need = max(sum(_cheapest(pools[r], _week_costs(dosing, week)) for r in REGIONS)
               for week in range(len(dosing.deloads)))
    missing = " and ".join(r for r in REGIONS if r not in covered)
    return (f"--minutes/--days: week {number} cannot cover the {missing} back with "
            f"{len(sessions)} session(s) of {settings.minutes} minutes; "
            f"use --minutes {_minutes(need)} or more training days")


class _Picker:
    """Rotates exercises per region so consecutive sessions differ when the catalog allows."""

    def __init__(self, pools: dict[str, list[Exercise]]):
        self.pools = pools
        self.next_index = {region: 0 for region in pools}
        self.previous: set[str] = set()
        self.first_region = 0

    def region_order(self) -> list[str]:
        return [REGIONS[(self.first_region + k) % len(REGIONS)] for k in range(len(REGIONS))]

    def pick(self, region: str, cost, budget: int, exclude: set[str],
             allow_repeat: bool) -> Exercise | None:
        pool = self.pools[region]
        start = self.next_index[region]
        ordered = [pool[(start + k) % len(pool)] for k in range(len(pool))]
        fitting = [ex for ex in ordered if ex.id not in exclude
                   and cost(ex) <= budget]
        fresh = [ex for ex in fitting if ex.id not in self.previous]
        candidates = fresh or (fitting if allow_repeat else [])
        choice = candidates[0] if candidates else None
        if choice is not None:
            self.next_index[region] = (pool.index(choice) + 1) % len(pool)
        return choice

    def finish_session(self, chosen: list[Exercise]) -> None:
        self.previous = {ex.id for ex in chosen}
        regions = {ex.region for ex in chosen}
        if len(regions) < len(REGIONS):
            # Next session starts with the regions this one could not fit.
            self.first_region = (self.first_region + len(regions)) % len(REGIONS)
