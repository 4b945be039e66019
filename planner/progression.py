"""The dose ladder: sets, reps, band level and slack, following the articles' rules. Pure.

Reps climb an exercise's range in three steps (8 -> 10 -> 12). At the top a set is added and
reps start again at the bottom, up to three sets. At three sets of the top the next band the
user owns takes over at three sets of the bottom; on the heaviest band, less slack takes the
place of a heavier band. Too hard goes the other way: looser slack first, then a lighter band.

A plan without a log moves one step a week, as if every week were a hit that felt `ok`; such
a hit at three sets of the top is held one more week before the band changes (rule R5 in
`planner.adaptation`). A deload week is one set at the bottom of the range on the band and
slack of the week before it, and progression resumes where it stopped.
"""

from typing import NamedTuple

LEVELS = ("beginner", "intermediate", "advanced")
SLACKS = ("added", "normal", "reduced", "minimal")  # loosest (easiest) first
MAX_SETS = 3
REP_STEPS = 3  # bottom, middle and top of an exercise's rep range
NORMAL_SLACK = SLACKS.index("normal")
TOP_STEP = REP_STEPS - 1


class Stage(NamedTuple):
    """Where an exercise stands on the ladder: the dose of one session."""

    band: int  # index into the user's bands, lightest first
    sets: int
    rep_step: int  # 0 = bottom of the range, TOP_STEP = top
    slack: int = NORMAL_SLACK  # index into SLACKS
    deload: bool = False

    def reps(self, rep_range: tuple[int, int]) -> int:
        low, high = rep_range
        return low + round((high - low) * self.rep_step / TOP_STEP)

    def slack_name(self) -> str:
        return SLACKS[self.slack]

    def at_top(self) -> bool:
        """Three sets at the top of the range: the point where the band changes."""
        return self.sets >= MAX_SETS and self.rep_step >= TOP_STEP

    def at_ceiling(self, band_count: int) -> bool:
        """Three sets of the top on the heaviest band with minimal slack: nowhere left to go."""
        return self.at_top() and self.band >= band_count - 1 and self.slack >= len(SLACKS) - 1

    def place(self) -> tuple[int, int, int, int]:
        """The dose without the deload mark, for comparing two stages."""
        return (self.band, self.sets, self.rep_step, self.slack)


class Climb(NamedTuple):
    """A stage, and whether the last hit there was a first 3 x top hit held for one more week."""

    stage: Stage
    held_at_top: bool = False


def first_stage(level: str, band_count: int) -> Stage:
    """Beginners start on the lightest band owned with one set; each level up adds a band and
    a set, but no level starts on the heaviest band (unless it is the only one): it is where
    the climb ends, not where it begins."""
    rank = LEVELS.index(level)
    return Stage(band=min(rank, max(band_count - 2, 0)), sets=1 + rank, rep_step=0)


def rep_step_for(reps: int, rep_range: tuple[int, int]) -> int:
    """The highest ladder step whose reps are at most `reps` (0 below the range)."""
    steps = [k for k in range(REP_STEPS) if Stage(0, 1, k).reps(rep_range) <= reps]
    return steps[-1] if steps else 0


def next_stage(stage: Stage, band_count: int) -> Stage:
    """One step up the ladder."""
    if stage.rep_step < TOP_STEP:
        return stage._replace(rep_step=stage.rep_step + 1)
    if stage.sets < MAX_SETS:
        return stage._replace(sets=stage.sets + 1, rep_step=0)
    if stage.band < band_count - 1:
        return stage._replace(band=stage.band + 1, rep_step=0)
    if stage.slack < len(SLACKS) - 1:
        return stage._replace(slack=stage.slack + 1, rep_step=0)
    return stage  # the top of what the user's bands allow: hold it


def easier(stage: Stage) -> Stage:
    """One step easier: looser slack; from added slack, the next lighter band at normal slack;
    the lightest band with added slack holds. Reps go to the bottom, sets are kept."""
    if stage.slack > 0:
        return stage._replace(slack=stage.slack - 1, rep_step=0)
    if stage.band > 0:
        return stage._replace(band=stage.band - 1, slack=NORMAL_SLACK, rep_step=0)
    return stage._replace(rep_step=0)


def after_hit(climb: Climb, band_count: int, easy: bool) -> Climb:
    """Rule R5's step: up one rung; from 3 x top only when easy or held there once already."""
    stage = climb.stage
    if not stage.at_top():
        return Climb(next_stage(stage, band_count))
    if stage.at_ceiling(band_count):
        return Climb(stage)
    if easy or climb.held_at_top:
        return Climb(next_stage(stage, band_count))
    return Climb(stage, held_at_top=True)


def deload_of(stage: Stage) -> Stage:
    return stage._replace(sets=1, rep_step=0, deload=True)


def project(start: Climb, deloads: list[bool], band_count: int) -> list[Stage]:
    """The stage of each week from `start`, one projected `ok` hit a week; deload weeks
    (True in `deloads`) use the band and slack of the week before and pause the climb."""
    stages: list[Stage] = []
    climb = start
    before = start.stage
    for deload in deloads:
        if deload:
            stages.append(deload_of(before))
            continue
        stages.append(climb.stage)
        before = climb.stage
        climb = after_hit(climb, band_count, easy=False)
    return stages


def weekly_stages(level: str, band_count: int, weeks: int, deload_every: int = 0) -> list[Stage]:
    """The stage of every week for a plan without a log; every `deload_every`-th week is a
    deload (0: never)."""
    deloads = [bool(deload_every) and n % deload_every == 0 for n in range(1, weeks + 1)]
    return project(Climb(first_stage(level, band_count)), deloads, band_count)
