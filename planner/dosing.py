"""Per-exercise doses over a plan's weeks, from the ladder and the log. Pure.

Without a log every exercise follows the plan's weekly climb from week 1. An exercise with
log entries starts at the dose the log gives its next session (rules R1-R7) in the week it is
next done, then climbs one projected step a week, as `build` does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from .adaptation import Ladder, Progress, before_session, outgrown, replay
from .plan import Item, Logged, Plan, Session
from .progression import Stage, project

if TYPE_CHECKING:
    from .log.entry import Entry


class Dosing:
    """Hands out the stage of each exercise in each week of a run of weeks.

    `fallback[w]` is the stage of week w for an exercise the log says nothing about (None:
    such exercises are not dosed here). A logged exercise is anchored by `commit` in the first
    week it is done and follows its own projection from there.
    """

    def __init__(self, deloads: list[bool], band_count: int, fallback: list[Stage] | None,
                 progress: dict[str, Progress], ladders: dict[str, Ladder]):
        self.deloads, self.band_count, self.fallback = deloads, band_count, fallback
        self.progress, self.ladders = progress, ladders
        self.anchored: dict[str, tuple[int, list[Stage]]] = {}

    def stage(self, exercise: str, week: int, day: date) -> Stage | None:
        if exercise in self.anchored:
            start, stages = self.anchored[exercise]
            return stages[week - start]
        if exercise not in self.progress:
            return None if self.fallback is None else self.fallback[week]
        return self._projection(exercise, week, day, week + 1)[0]

    def commit(self, exercise: str, week: int, day: date) -> None:
        if exercise in self.progress and exercise not in self.anchored:
            self.anchored[exercise] = (week, self._projection(exercise, week, day, None))

    def _projection(self, exercise: str, week: int, day: date, end: int | None) -> list[Stage]:
        progress = before_session(self.progress[exercise], day, self.ladders[exercise])
        return project(progress.climb(), self.deloads[week:end], self.band_count)


def ladders_for(exercises, bands) -> dict[str, Ladder]:
    return {key: Ladder(tuple(ex.reps), tuple(bands)) for key, ex in exercises.items()}


def progress_from_log(entries: Iterable[Entry], ladders: dict[str, Ladder]) -> dict[str, Progress]:
    """Each exercise's next dose after all its logged sessions (exercises in `ladders` only)."""
    by_exercise: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.exercise in ladders:
            by_exercise.setdefault(entry.exercise, []).append(entry)
    progress = {}
    for key, logged in by_exercise.items():
        result = replay(logged, ladders[key])
        if result is not None:
            progress[key] = result
    return progress


def last_done(entries: Iterable[Entry], exercises, before: date) -> dict[str, Logged]:
    """Each exercise's last session logged as done before `before`: the "last time" that
    its next session's sheet shows. Skipped sessions do not count."""
    last = {}
    for entry in sorted(entries, key=lambda e: (e.date, e.position)):
        if entry.status == "done" and entry.exercise in exercises and entry.date < before:
            assert entry.band is not None and entry.slack is not None  # a done entry has both
            last[entry.exercise] = Logged(entry.date, entry.sets, entry.band, entry.slack,
                                          entry.feel)
    return dict(sorted(last.items()))


class NextDose(NamedTuple):
    exercise: str
    sets: int
    reps: int
    band: str
    slack: str
    why: str
    outgrown: bool = False

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "sets": self.sets, "reps": self.reps,
                "band": self.band, "slack": self.slack, "why": self.why}


def next_doses(plan: Plan, entries: list[Entry], today: date) -> list[NextDose]:
    """The dose of every plan exercise's next session, with why."""
    ladders = ladders_for(plan.exercises, plan.settings["bands"])
    progress = progress_from_log(entries, ladders)
    logged = {entry.session for entry in entries}
    first: dict[str, Item] = {}
    upcoming: dict[str, date] = {}
    for _, session in plan.sessions():
        for item in session.items:
            first.setdefault(item.exercise, item)
            if session.date >= today and session.uid not in logged:
                upcoming.setdefault(item.exercise, session.date)
    result = []
    for key in plan.exercises:
        ladder = ladders[key]
        if key not in progress:
            if (start_item := first.get(key)) is not None:
                result.append(NextDose(key, start_item.sets, start_item.reps, start_item.band,
                                       start_item.slack, "no log yet: the plan's first dose"))
            continue
        done = before_session(progress[key], upcoming.get(key, today), ladder)
        stage = done.stage
        result.append(NextDose(key, stage.sets, stage.reps(ladder.rep_range),
                               ladder.bands[stage.band], stage.slack_name(), done.why,
                               outgrown(done, ladder)))
    return result


def redose(plan: Plan, entries: list[Entry], start: date) -> Plan:
    """Sessions from `start` on that are not logged get their doses from the log.

    Earlier and logged sessions, every uid, date, time and exercise choice stay as they are.
    A session whose doses change records the plan's next revision, so calendars see it change.
    The plan also records what the log last holds for each exercise before `start`.
    """
    ladders = ladders_for(plan.exercises, plan.settings["bands"])
    progress = progress_from_log(entries, ladders)
    logged_sessions = {entry.session for entry in entries}
    deloads = [week.deload for week in plan.weeks]
    dosing = Dosing(deloads, len(plan.settings["bands"]), None, progress, ladders)
    revision = plan.revision + 1
    weeks, changed = [], False
    for index, week in enumerate(plan.weeks):
        sessions = []
        for session in week.sessions:
            if session.date >= start and session.uid not in logged_sessions:
                new = _redosed(session, index, dosing, plan.settings["bands"], ladders)
                if new.items != session.items:
                    session, changed = new._replace(revision=revision), True
            sessions.append(session)
        weeks.append(week._replace(sessions=tuple(sessions)))
    logged = last_done(entries, plan.exercises, start)
    if not changed:
        return plan._replace(logged=logged)
    return plan._replace(weeks=tuple(weeks), revision=revision, logged=logged)


def _redosed(session: Session, week: int, dosing: Dosing, bands, ladders) -> Session:
    items = []
    for item in session.items:
        stage = dosing.stage(item.exercise, week, session.date)
        dosing.commit(item.exercise, week, session.date)
        if stage is not None:
            item = dose_item(item, stage, bands, ladders[item.exercise])
        items.append(item)
    return session._replace(items=tuple(items))


def dose_item(item: Item, stage: Stage, bands, ladder: Ladder) -> Item:
    return item._replace(sets=stage.sets, reps=stage.reps(ladder.rep_range),
                         band=bands[stage.band], slack=stage.slack_name())

