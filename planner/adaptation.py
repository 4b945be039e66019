"""The rules, second edition: an exercise's logged sessions -> the dose of its next session.
Pure: no files, no clock.

Entries are applied in date order; each gives the dose of the exercise's next session and a
`why` in plain words naming the rule that decided (first match wins):

R0 pain     one load step down, reps to the bottom, and a safety line
R1 skipped  the dose the log had already given; not a miss, breaks no streak
R2 deload   the dose before the deload
R3 failed   nothing done, or the first set below the range: one load step down
R4 done     every set of the target done: credit what was done; hard holds, else one rung
            up (from 3 x top the load steps up when easy or done twice in a row)
R5 missed   hold the target
R6 stalled  the third miss in a row at one dose: one rung back
R7 break    21+ days since the person's last session: reps to the bottom; 42+ days: also a
            set fewer and a lighter load. Measured over every exercise, so rotation is no break.
"""

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .progression import (
    SLACKS,
    TOP_RUNG,
    Climb,
    Stage,
    load_down,
    load_up,
    rep_step_for,
    rung_up,
)

if TYPE_CHECKING:  # the rules read entries; building a plan without a log never loads them
    from .log.entry import Entry

BREAK_DAYS = 21  # R7: this long since the last session starts reps at the bottom
LONG_BREAK_DAYS = 42  # R7: this long also takes a set and a load step off
STALL_MISSES = 3  # R6: the third miss in a row at one dose
HARD_EFFORT = 9  # a session effort from here up reads as "hard" when no feel was given
EASY_EFFORT = 4  # ... and up to here as "easy"
PAIN_ADVICE = ("stop this exercise if the pain is sharp, and see a doctor or physiotherapist "
               "if it persists")


class Attendance(NamedTuple):
    """The days the person logged anything done, any exercise: breaks are measured from these."""

    days: tuple[date, ...] = ()  # sorted, each once

    @classmethod
    def of(cls, entries: Iterable["Entry"]) -> "Attendance":
        return cls(tuple(sorted({e.date for e in entries if e.status == "done"})))

    def last_before(self, day: date) -> date | None:
        index = bisect_left(self.days, day)
        return self.days[index - 1] if index else None


NEVER = Attendance()  # no session logged yet


class DoseState(NamedTuple):
    """An exercise's next dose, why, and what the rules remember of its recent sessions."""

    stage: Stage  # the dose of its next session
    why: str
    top_load: tuple[int, int] | None = None  # the last session was 3 x top done at this load
    misses: int = 0  # R5 in a row, at the dose `missed`
    missed: tuple[int, int, int, int] | None = None
    stalled: tuple[tuple[int, int, int, int], ...] = ()  # doses R6 stepped back from
    outgrown: bool = False  # 3 x top done on the heaviest band at minimal slack
    pain: bool = False  # the last session done was logged with pain
    done_load: tuple[int, int] | None = None  # band and slack of the last session done
    rested: tuple[date, int] | None = None  # R7 applied: (from which day, which tier)
    attendance: Attendance = NEVER

    def climb(self) -> Climb:
        """Where a projection starts: 3 x top already done once here counts as held."""
        return Climb(self.stage, self.stage.at_top() and self.top_load == self.stage.load())


class Ladder(NamedTuple):
    """What the rules need to know about one exercise in one plan."""

    rep_range: tuple[int, int]
    bands: Sequence[str]  # the plan's bands, lightest first
    region: str = ""

    def stage(self, band: str, slack: str, sets: int, reps: int) -> Stage | None:
        """The ladder stage of a dose; None when its band is not one of the plan's."""
        if band not in self.bands or slack not in SLACKS:
            return None
        return Stage(band=list(self.bands).index(band), sets=max(1, min(sets, 3)),
                     rep_step=rep_step_for(reps, self.rep_range), slack=SLACKS.index(slack))

    def dose(self, stage: Stage) -> str:
        return f"{stage.sets} × {stage.reps(self.rep_range)}"

    def where(self, stage: Stage) -> str:
        band = self.bands[stage.band]
        return band if stage.slack_name() == "normal" else f"{band}, {stage.slack_name()} slack"

    def words(self, stage: Stage) -> str:
        return f"{self.dose(stage)} on {self.where(stage)}"


def effort_feel(effort: int | None) -> str | None:
    """How a session effort (1-10) reads when no feel was given."""
    if effort is None:
        return None
    if effort >= HARD_EFFORT:
        return "hard"
    return "easy" if effort <= EASY_EFFORT else None


def feel_of(entry: "Entry", efforts: Mapping[str, int | None]) -> str:
    """The exercise's feel, else from its session's effort, else ok."""
    return entry.feel or effort_feel(efforts.get(entry.session)) or "ok"


def replay(entries: Iterable["Entry"], ladder: Ladder, attendance: Attendance = NEVER,
           efforts: Mapping[str, int | None] | None = None) -> DoseState | None:
    """Apply an exercise's entries in date order; None if none of them could be placed."""
    progress: DoseState | None = None
    for entry in sorted(entries, key=lambda e: (e.date, e.session)):
        if progress is not None:
            progress = before_session(progress, entry.date, ladder)  # R7 between sessions too
        progress = apply(progress, entry, ladder, feel_of(entry, efforts or {}), attendance)
    return progress


def apply(progress: DoseState | None, entry: "Entry", ladder: Ladder, feel: str = "ok",
          attendance: Attendance = NEVER) -> DoseState | None:
    """One logged session of the exercise -> the dose of its next session."""
    target = ladder.stage(entry.target.band, entry.target.slack, entry.target.sets,
                          entry.target.reps)
    if target is None:
        return progress  # logged on bands this plan does not have: it cannot be placed
    current = progress or DoseState(target, "the plan's dose", attendance=attendance)
    if entry.status != "done":  # R1
        return current._replace(
            why=f"skipped on {entry.date:%a %d %b}: {ladder.words(current.stage)} again")
    used = ladder.stage(entry.band or entry.target.band, entry.slack or entry.target.slack,
                        entry.target.sets, entry.target.reps) or target
    done = current._replace(done_load=used.load(), pain=False, outgrown=False)
    if feel == "pain":  # R0
        return _pain(done, target, used, ladder)
    if entry.deload:  # R2
        return done._replace(why=f"deload session done: back to {ladder.words(current.stage)}")
    reps = done_reps(entry)
    low = ladder.rep_range[0]
    if not any(r > 0 for r in reps) or reps[0] < low:  # R3
        return _failed(done, target, used, reps, ladder)
    counted = reps[: entry.target.sets]
    if len(reps) >= entry.target.sets and all(r >= entry.target.reps for r in counted):  # R4
        return _done(done, target, used, reps, feel, ladder)
    return _missed(done, target, used, reps, ladder)  # R5, R6


def _pain(done: DoseState, target: Stage, used: Stage, ladder: Ladder) -> DoseState:
    base = target.with_load(min(target.load(), used.load()))._replace(rep_step=0)
    lighter = load_down(base)
    if lighter is None:
        change = f"{ladder.words(base)}, already the lightest band with added slack"
    else:
        change = f"lighter: {ladder.words(lighter)}"
    return _fresh(done, lighter or base, f"pain on {ladder.where(used)}: {change}; "
                  f"{PAIN_ADVICE}", pain=True)


def _failed(done: DoseState, target: Stage, used: Stage, reps: list[int],
            ladder: Ladder) -> DoseState:
    base = target.with_load(min(target.load(), used.load()))._replace(rep_step=0)
    lighter = load_down(base)
    if not any(r > 0 for r in reps):
        said = f"no reps done on {ladder.where(used)}"
    else:
        said = f"first set {reps[0]} on {ladder.where(used)}, below {ladder.rep_range[0]}"
    if lighter is None:
        return _fresh(done, base, f"{said}: hold {ladder.words(base)}, already the lightest "
                      "band with added slack; take it slowly")
    return _fresh(done, lighter, f"{said}: lighter next time, {ladder.words(lighter)}")


def _done(done: DoseState, target: Stage, used: Stage, reps: list[int], feel: str,
          ladder: Ladder) -> DoseState:
    credited = used.at_rung(_best_rung(reps, ladder.rep_range))
    extra = credited.rung() > target.rung()
    shown = ",".join(map(str, reps))
    said = (f"you did {shown} ({feel}) on a {ladder.dose(target)}" if extra
            else f"{ladder.dose(target)} done ({feel})") + f" on {ladder.where(used)}"
    if feel == "hard":
        said = f"{said}: hard, so hold" if extra else "hard but every rep done: hold"
        return _fresh(done, credited, f"{said} {ladder.words(credited)}",
                      top_load=credited.load() if credited.at_top() else None)
    easy = feel == "easy" or any(r > ladder.rep_range[1] for r in reps)
    higher = rung_up(credited)
    if higher is not None:
        return _fresh(done, higher, f"{said}: next {ladder.dose(higher)}")
    heavier = load_up(credited, len(ladder.bands))
    if heavier is None:
        return _fresh(done, credited, f"{said}: hold; you have outgrown your bands, so add a "
                      "heavier one with --bands, or hold two bands together", outgrown=True)
    if easy or done.top_load == credited.load():
        step = heavier._replace(rep_step=0)
        because = "" if easy else " twice in a row"
        return _fresh(done, step, f"{said}{because}: next {ladder.words(step)}")
    return _fresh(done, credited, f"{said}: once more at {ladder.words(credited)} before a "
                  "heavier load", top_load=credited.load())


def _missed(done: DoseState, target: Stage, used: Stage, reps: list[int],
            ladder: Ladder) -> DoseState:
    same = done.missed == target.place()
    misses = done.misses + 1 if same else 1
    shown = ",".join(map(str, reps))
    heavier = used.load() > target.load()
    said = (f"{ladder.dose(target)} not reached ({shown}) on {ladder.where(used)}"
            + (", heavier than planned" if heavier else ""))
    if misses < STALL_MISSES:
        again = "back to" if heavier else "same again:"
        count = " (2nd time in a row)" if misses == 2 else ""
        return _fresh(done, target, f"{said}{count}: {again} {ladder.words(target)}",
                      misses=misses, missed=target.place())
    if target.rung() > 0:  # R6
        back: Stage = target.at_rung(target.rung() - 1)
    else:
        back = load_down(target) or target
    advice = ""
    if target.place() in done.stalled:
        region = f"{ladder.region}-back " if ladder.region else ""
        advice = ("; stuck here before, so try a slower tempo, or another "
                  f"{region}exercise")
    stalled = (done.stalled + (target.place(),))[-8:]
    return _fresh(done, back,
                  f"short of {ladder.words(target)} three times in a row: one step back to "
                  f"{ladder.words(back)} to build up again{advice}", stalled=stalled)


def _fresh(done: DoseState, stage: Stage, why: str, **changes) -> DoseState:
    """The next dose after a session done; the streaks not named in `changes` start again."""
    streaks: dict = {"top_load": None, "misses": 0, "missed": None}
    streaks.update(changes)
    return done._replace(stage=stage._replace(deload=False), why=why, **streaks)


def _best_rung(reps: list[int], rep_range: tuple[int, int]) -> int:
    """The highest rung whose sets and reps were all reached (extra sets count, up to 3)."""
    best = 0
    for rung in range(TOP_RUNG + 1):
        stage = Stage(0, 1, 0).at_rung(rung)
        if sum(r >= stage.reps(rep_range) for r in reps) >= stage.sets:
            best = rung
    return best


def done_reps(entry: "Entry") -> list[int]:
    """Reps of each set; a one-sided set counts as its weaker side."""
    return [min(s) if isinstance(s, tuple) else s for s in entry.sets]


def before_session(progress: DoseState, day: date, ladder: Ladder) -> DoseState:
    """R7: the dose for a session on `day`, after a break from the person's last session."""
    last = progress.attendance.last_before(day)
    if last is None:
        return progress
    gap = (day - last).days
    tier = 2 if gap >= LONG_BREAK_DAYS else 1 if gap >= BREAK_DAYS else 0
    applied = progress.rested[1] if progress.rested and progress.rested[0] == last else 0
    if tier <= applied:
        return progress
    stage = progress.stage._replace(rep_step=0, deload=False)
    if tier == 2:
        stage = stage._replace(sets=max(1, stage.sets - 1))
        stage = load_down(stage) or stage
    return progress._replace(
        stage=stage, rested=(last, tier), top_load=None, misses=0, missed=None,
        outgrown=False, why=f"{gap} days since your last session: back to {ladder.words(stage)}")


def outgrown(progress: DoseState, ladder: Ladder) -> bool:
    """The exercise was last done at 3 x top on the heaviest band with minimal slack."""
    return progress.outgrown and progress.stage.at_ceiling(len(ladder.bands))
