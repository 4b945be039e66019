"""Week-by-week dose: sets, reps, band level and slack, following the articles' rules.

One step a week: reps climb through the exercise's range (8 -> 10 -> 12), then a set is
added and reps start again at the bottom, up to three sets. At three sets of the top of
the range the next band the user owns takes over, again from the bottom of the range.
On the heaviest owned band, less slack takes the place of a heavier band. A deload week
keeps the band and slack but drops to one set at the bottom of the range, and the
progression resumes where it stopped.
"""

from typing import NamedTuple

LEVELS = ("beginner", "intermediate", "advanced")
SLACKS = ("added", "normal", "reduced", "minimal")
MAX_SETS = 3
REP_STEPS = 3  # bottom, middle and top of an exercise's rep range
NORMAL_SLACK = SLACKS.index("normal")


class Stage(NamedTuple):
    """Where the user is on the ladder in one week."""

    band: int  # index into the user's bands, lightest first
    sets: int
    rep_step: int  # 0 = bottom of the range, REP_STEPS - 1 = top
    slack: int = NORMAL_SLACK  # index into SLACKS
    deload: bool = False

    def reps(self, rep_range: tuple[int, int]) -> int:
        low, high = rep_range
        return low + round((high - low) * self.rep_step / (REP_STEPS - 1))

    def slack_name(self) -> str:
        return SLACKS[self.slack]


def first_stage(level: str, band_count: int) -> Stage:
    """Beginners start on the lightest band with one set; each level up adds a band and a set."""
    rank = LEVELS.index(level)
    return Stage(band=min(rank, band_count - 1), sets=1 + rank, rep_step=0)


def next_stage(stage: Stage, band_count: int) -> Stage:
    if stage.rep_step < REP_STEPS - 1:
        return stage._replace(rep_step=stage.rep_step + 1)
    if stage.sets < MAX_SETS:
        return stage._replace(sets=stage.sets + 1, rep_step=0)
    if stage.band < band_count - 1:
        return stage._replace(band=stage.band + 1, rep_step=0)
    if stage.slack < len(SLACKS) - 1:
        return stage._replace(slack=stage.slack + 1, rep_step=0)
    return stage  # the top of what the user's bands allow: hold it


def weekly_stages(level: str, band_count: int, weeks: int, deload_every: int = 0) -> list[Stage]:
    """The stage of every week; every `deload_every`-th week is a deload (0: never)."""
    stages: list[Stage] = []
    current = first_stage(level, band_count)
    for number in range(1, weeks + 1):
        if deload_every and number % deload_every == 0:
            stages.append(current._replace(sets=1, rep_step=0, deload=True))
            continue
        stages.append(current)
        current = next_stage(current, band_count)
    return stages
