"""The dose ladder: sets, reps, band and slack, and how a dose moves along it. Pure.

A dose has two parts. The *rung* is sets x reps: reps climb an exercise's range in three steps
(8 -> 10 -> 12 for 8-12); at the top a set is added (up to three) and reps start again at the
bottom, so 1x8 < 1x10 < 1x12 < 2x8 < ... < 3x12. The *load* is a band and its slack: on every
band `added` slack is lighter than `normal`; above a band at normal slack comes the next band
the user owns at normal slack; on the heaviest band, `reduced` and then `minimal` slack take
the place of a heavier band. One load step down is the reverse: normal -> added on the same
band, added -> the next lighter band at normal slack.

A plan without a log climbs one rung a week, as if every week were done in full and felt ok;
three sets of the top are held one extra week before the load steps up. A deload week is one
set at the bottom of the range on the load of the week before, and the climb resumes where it
stopped. The rules that read a log and move a dose are in `planner.adaptation`.
"""

from typing import NamedTuple

LEVELS = ("beginner", "intermediate", "advanced")
SLACKS = ("added", "normal", "reduced", "minimal")  # loosest (easiest) first
MAX_SETS = 3
REP_STEPS = 3  # bottom, middle and top of an exercise's rep range
NORMAL_SLACK = SLACKS.index("normal")
TOP_STEP = REP_STEPS - 1
TOP_RUNG = MAX_SETS * REP_STEPS - 1


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

    def rung(self) -> int:
        """The place of sets x reps on the ladder: 0 for 1 x bottom, TOP_RUNG for 3 x top."""
        return (self.sets - 1) * REP_STEPS + self.rep_step

    def at_rung(self, rung: int) -> "Stage":
        return self._replace(sets=rung // REP_STEPS + 1, rep_step=rung % REP_STEPS)

    def load(self) -> tuple[int, int]:
        """Band and slack: compared as a pair, a larger load is a heavier one."""
        return (self.band, self.slack)

    def with_load(self, load: tuple[int, int]) -> "Stage":
        return self._replace(band=load[0], slack=load[1])

    def at_top(self) -> bool:
        """Three sets at the top of the range: the point where the load changes."""
        return self.rung() >= TOP_RUNG

    def at_ceiling(self, band_count: int) -> bool:
        """Three sets of the top on the heaviest band with minimal slack: nowhere left to go."""
        return self.at_top() and load_up(self, band_count) is None

    def place(self) -> tuple[int, int, int, int]:
        """The dose without the deload mark, for comparing two stages."""
        return (self.band, self.sets, self.rep_step, self.slack)


def load_up(stage: Stage, band_count: int) -> Stage | None:
    """One load step up, or None on the heaviest band at minimal slack. Rung unchanged."""
    heaviest = stage.band >= band_count - 1
    if stage.slack < NORMAL_SLACK:
        return stage._replace(slack=NORMAL_SLACK)
    if not heaviest:
        return stage._replace(band=stage.band + 1, slack=NORMAL_SLACK)
    if stage.slack < len(SLACKS) - 1:
        return stage._replace(slack=stage.slack + 1)
    return None


def load_down(stage: Stage) -> Stage | None:
    """One load step down, or None on the lightest band at added slack. Rung unchanged."""
    if stage.slack > 0:
        return stage._replace(slack=stage.slack - 1)
    if stage.band > 0:
        return stage._replace(band=stage.band - 1, slack=NORMAL_SLACK)
    return None


def rung_up(stage: Stage) -> Stage | None:
    """One rung up at the same load, or None at three sets of the top."""
    return None if stage.at_top() else stage.at_rung(stage.rung() + 1)


class Climb(NamedTuple):
    """A stage, and whether the last session was already a 3 x top at this load (held once)."""

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
    """One step up the whole ladder: a rung, or from 3 x top a load step to 3 x bottom."""
    higher = rung_up(stage)
    if higher is not None:
        return higher
    heavier = load_up(stage, band_count)
    return stage if heavier is None else heavier._replace(rep_step=0)


def projected_step(climb: Climb, band_count: int) -> Climb:
    """The next week of a plan without a log: one rung up; 3 x top is held one extra week."""
    stage = climb.stage
    if not stage.at_top():
        return Climb(next_stage(stage, band_count))
    if climb.held_at_top:
        return Climb(next_stage(stage, band_count))
    return Climb(stage, held_at_top=load_up(stage, band_count) is not None)


def deload_of(stage: Stage) -> Stage:
    return stage._replace(sets=1, rep_step=0, deload=True)


def project(start: Climb, deloads: list[bool], band_count: int,
            before: Stage | None = None) -> list[Stage]:
    """The stage of each week from `start`, one projected rung a week; deload weeks (True in
    `deloads`) use the load of the week before (`before` for the first week, else `start`)
    and pause the climb, so a deload is never the first week on a new band."""
    stages: list[Stage] = []
    climb = start
    before = before or start.stage
    for deload in deloads:
        if deload:
            stages.append(deload_of(climb.stage.with_load(before.load())))
            continue
        stages.append(climb.stage)
        before = climb.stage
        climb = projected_step(climb, band_count)
    return stages


def weekly_stages(level: str, band_count: int, weeks: int, deload_every: int = 0) -> list[Stage]:
    """The stage of every week for a plan without a log; every `deload_every`-th week is a
    deload (0: never)."""
    deloads = [bool(deload_every) and n % deload_every == 0 for n in range(1, weeks + 1)]
    return project(Climb(first_stage(level, band_count)), deloads, band_count)
