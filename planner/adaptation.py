"""The log's rules R1-R7: an exercise's logged sessions -> the dose of its next session. Pure.

Entries are applied in date order; each gives the dose of the exercise's next session, with a
one-line `why` naming the rule. See "The rules" in the README for the same in plain words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .progression import SLACKS, Climb, Stage, after_hit, easier, rep_step_for

if TYPE_CHECKING:  # the rules read entries; building a plan without a log never loads them
    from .log.entry import Entry

BREAK_DAYS = 21  # R7: this long since the exercise was last done starts reps at the bottom
MISSES_FOR_TOO_HARD = 3  # R6: the third miss in a row counts as too hard


class Progress(NamedTuple):
    """An exercise's next dose, why, and what the rules remember of its recent sessions."""

    stage: Stage  # the dose of its next session
    why: str
    misses: int = 0  # misses in a row (R6)
    held_at_top: bool = False  # the last session was a first 3 x top hit, held (R5)
    last_done: date | None = None  # for R7
    outgrown: bool = False  # a hit at 3 x top on the heaviest band with minimal slack

    def climb(self) -> Climb:
        return Climb(self.stage, self.held_at_top)


class Ladder(NamedTuple):
    """What the rules need to know about one exercise in one plan."""

    rep_range: tuple[int, int]
    bands: Sequence[str]  # the plan's bands, lightest first

    def stage(self, band: str, slack: str, sets: int, reps: int) -> Stage | None:
        """The ladder stage of a dose; None when its band is not one of the plan's."""
        if band not in self.bands or slack not in SLACKS:
            return None
        return Stage(band=list(self.bands).index(band), sets=max(1, min(sets, 3)),
                     rep_step=rep_step_for(reps, self.rep_range), slack=SLACKS.index(slack))

    def dose(self, stage: Stage) -> str:
        return f"{stage.sets} x {stage.reps(self.rep_range)}"

    def where(self, stage: Stage) -> str:
        band = self.bands[stage.band]
        return band if stage.slack_name() == "normal" else f"{band}, {stage.slack_name()} slack"


def replay(entries: Iterable[Entry], ladder: Ladder, start: Progress | None = None) -> Progress | None:
    """Apply an exercise's entries in date order; None if none of them could be placed."""
    progress = start
    for entry in sorted(entries, key=lambda e: (e.date, e.session)):
        if progress is not None:
            progress = before_session(progress, entry.date, ladder)  # R7 between sessions too
        progress = apply(progress, entry, ladder)
    return progress


def apply(progress: Progress | None, entry: Entry, ladder: Ladder) -> Progress | None:
    """One logged session of the exercise -> the dose of its next session."""
    target = ladder.stage(entry.target.band, entry.target.slack, entry.target.sets,
                          entry.target.reps)
    if target is None:
        return progress  # logged on bands this plan does not have: it cannot be placed
    current = progress or Progress(target, "")
    day = entry.date.isoformat()
    reps = done_reps(entry)
    if entry.status != "done" or not any(r > 0 for r in reps):
        return current._replace(why=f"skipped on {day}: dose unchanged")  # R1
    if entry.deload:
        return current._replace(why=f"deload session on {day}: dose unchanged",  # R2
                                last_done=entry.date)
    # R3: judged against the target, continued from the band and slack actually used.
    used = ladder.stage(entry.band or entry.target.band, entry.slack or entry.target.slack,
                        entry.target.sets, entry.target.reps)
    base = used or target
    on = ladder.where(base)
    if (base.band, base.slack) != (target.band, target.slack):
        on += f" (planned {ladder.where(target)})"
    counted = reps[: entry.target.sets]
    low = ladder.rep_range[0]
    short = [n for n, r in enumerate(counted, start=1) if r < low]
    if entry.feel == "hard" or short:  # R4
        reason = "felt hard" if entry.feel == "hard" else f"set {short[0]} below {low} reps"
        return _too_hard(base, f"too hard ({reason}) on {on}", ladder, entry.date)
    wanted = ladder.dose(target)
    if len(reps) >= entry.target.sets and all(r >= entry.target.reps for r in counted):  # R5
        return _hit(current, base, entry, ladder, f"{wanted} {_felt(entry.feel)} on {on}")
    misses = current.misses + 1  # R6
    if misses >= MISSES_FOR_TOO_HARD:
        return _too_hard(base, f"{_ordinal(misses)} miss in a row of {wanted} on {on}, "
                         "counted as too hard", ladder, entry.date)
    return Progress(base, f"{wanted} missed on {on} ({_ordinal(misses)} miss in a row): "
                    f"same again", misses=misses, last_done=entry.date)


def _too_hard(base: Stage, said: str, ladder: Ladder, day: date) -> Progress:
    lighter = easier(base)
    if lighter.band < base.band:
        change = f"lighter band ({ladder.bands[lighter.band]})"
    elif lighter.slack < base.slack:
        change = f"{lighter.slack_name()} slack"
    else:
        change = "hold: this is the lightest band with added slack"
    return Progress(lighter, f"{said}: {change}, {ladder.dose(lighter)}", last_done=day)


def _hit(current: Progress, base: Stage, entry: Entry, ladder: Ladder, said: str) -> Progress:
    band_count = len(ladder.bands)
    held = current.held_at_top and current.stage.place() == base.place()
    climb = after_hit(Climb(base, held), band_count, easy=entry.feel == "easy")
    nxt = climb.stage
    if base.at_ceiling(band_count):
        change = "you have outgrown your heaviest band; hold (a heavier band would be next)"
    elif climb.held_at_top:
        change = "once more at this dose before the next step up"
    elif nxt.band > base.band:
        change = "next band" + ("" if entry.feel == "easy" else " (second hit in a row)")
    elif nxt.slack > base.slack:
        change = "less slack" + ("" if entry.feel == "easy" else " (second hit in a row)")
    else:
        change = ladder.dose(nxt)
    return Progress(nxt, f"{said}: {change}", held_at_top=climb.held_at_top,
                    last_done=entry.date, outgrown=base.at_ceiling(band_count))


def done_reps(entry: Entry) -> list[int]:
    """Reps of each set; a one-sided set counts as its weaker side."""
    return [min(s) if isinstance(s, tuple) else s for s in entry.sets]


def before_session(progress: Progress, day: date, ladder: Ladder) -> Progress:
    """R7: after a break of BREAK_DAYS or more, reps start again at the bottom."""
    if progress.last_done is None or (day - progress.last_done).days < BREAK_DAYS:
        return progress
    gap = (day - progress.last_done).days
    restarted = progress.stage._replace(rep_step=0)
    return progress._replace(
        stage=restarted, held_at_top=False, misses=0, outgrown=False,
        why=f"{progress.why}; {gap} days since last done: reps back to "
            f"{restarted.reps(ladder.rep_range)}")


def outgrown(progress: Progress, ladder: Ladder) -> bool:
    """The exercise was last done at 3 x top on the heaviest band with minimal slack."""
    return progress.outgrown and progress.stage.at_ceiling(len(ladder.bands))


def _felt(feel: str | None) -> str:
    return "easy" if feel == "easy" else "hit"


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")
