"""Per-exercise doses over a plan's weeks, from the ladder and the log. Pure.

Without a log every exercise follows the plan's weekly climb. An exercise with log entries
gets the dose the log gives its next session (the rules in `planner.adaptation`, a break
judged against that session's date) in the week it is next done, then climbs one projected
rung a week, as `build` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .adaptation import Attendance, DoseState, Ladder, before_session, outgrown, replay
from .plan import Item, Logged, Plan, Session
from .progression import Climb, Stage, project

if TYPE_CHECKING:
    from .log.entry import Entry, SessionNote


class Dosing:
    """Hands out the stage of each exercise in each week of a run of weeks.

    `fallback[w]` is the stage of week w for an exercise the log says nothing about (None:
    such exercises are not dosed here). An exercise is anchored by `commit` in the first week
    it is done and follows its own projection from there: a logged one from the log's dose
    (before it is anchored, `stage` gives the log's dose as of that day, without a climb), a
    new one from the plan's first dose, so an exercise that joins in a later block starts at
    the bottom of the ladder, not at the week's dose.
    """

    def __init__(self, deloads: list[bool], band_count: int, fallback: list[Stage] | None,
                 progress: dict[str, DoseState], ladders: dict[str, Ladder],
                 as_of: date | None = None):
        self.deloads, self.band_count, self.fallback = deloads, band_count, fallback
        self.progress, self.ladders = progress, ladders
        # A break (R7) is judged as of this day: a session further ahead is not on a break
        # because of days the person has yet to train in (None: as of each session's day).
        self.as_of = as_of
        self.anchored: dict[str, tuple[int, list[Stage]]] = {}

    def stage(self, exercise: str, week: int, day: date) -> Stage | None:
        if exercise in self.anchored:
            start, stages = self.anchored[exercise]
            return stages[week - start]
        if exercise not in self.progress:
            return None if self.fallback is None else self.fallback[week]
        return self._projection(exercise, week, day, week + 1)[0]

    def commit(self, exercise: str, week: int, day: date) -> None:
        if exercise in self.anchored:
            return
        if exercise in self.progress:
            self.anchored[exercise] = (week, self._projection(exercise, week, day, None))
        elif self.fallback is not None:
            start = next((s for s in self.fallback if not s.deload), self.fallback[0])
            climb = Climb(start._replace(deload=False))
            self.anchored[exercise] = (week, project(climb, self.deloads[week:],
                                                     self.band_count))

    def _projection(self, exercise: str, week: int, day: date, end: int | None) -> list[Stage]:
        judged = day if self.as_of is None else min(day, self.as_of)
        progress = before_session(self.progress[exercise], judged, self.ladders[exercise])
        before = progress.stage
        if progress.done_load is not None:  # a deload next uses the load last done, if lighter
            before = before.with_load(min(before.load(), progress.done_load))
        return project(progress.climb(), self.deloads[week:end], self.band_count, before)


def efforts_of(notes: Mapping[str, SessionNote]) -> dict[str, int | None]:
    """Each session's effort, from the log's session notes."""
    return {uid: note.effort for uid, note in notes.items()}


def ladders_for(exercises, bands) -> dict[str, Ladder]:
    return {key: Ladder(tuple(ex.reps), tuple(bands), ex.region) for key, ex in exercises.items()}


def progress_from_log(entries: Iterable[Entry], ladders: dict[str, Ladder],
                      efforts: Mapping[str, int | None] | None = None) -> dict[str, DoseState]:
    """Each exercise's next dose after all its logged sessions (exercises in `ladders` only).
    Breaks are measured over every entry, whatever its exercise."""
    entries = list(entries)
    attendance = Attendance.of(entries)
    by_exercise: dict[str, list[Entry]] = {}
    for entry in entries:
        if entry.exercise in ladders:
            by_exercise.setdefault(entry.exercise, []).append(entry)
    progress = {}
    for key, logged in by_exercise.items():
        result = replay(logged, ladders[key], attendance, efforts)
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


def redose(plan: Plan, entries: list[Entry], start: date, climb_from: date | None = None,
           efforts: Mapping[str, int | None] | None = None,
           progress: dict[str, DoseState] | None = None) -> Plan:
    """Sessions from `start` on that are not logged get their doses from the log.

    Each logged exercise's first such session on or after `climb_from` (default `start`) gets
    the log's dose, then one projected rung a week; sessions between `start` and `climb_from`
    (days already past, not logged) get the log's dose as of their own day, without a climb.
    Earlier and logged sessions, every uid, date, time and exercise choice stay as they are.
    A session whose doses change records the plan's next revision, so calendars see it change.
    The plan also records what the log last holds for each exercise before `climb_from`.
    `progress` is what `progress_from_log` gives for these entries, when already worked out.
    """
    climb_from = max(start, climb_from or start)
    bands = plan.settings.bands
    ladders = ladders_for(plan.exercises, bands)
    if progress is None:
        progress = progress_from_log(entries, ladders, efforts)
    logged_sessions = {entry.session for entry in entries}
    dosing = Dosing([week.deload for week in plan.weeks], len(bands), None, progress, ladders,
                    as_of=climb_from)
    revision = plan.revision + 1
    weeks, changed = [], False
    doses: dict[tuple[str, int], tuple] = {}
    for index, week in enumerate(plan.weeks):
        sessions, week_changed = [], False
        for session in week.sessions:
            if session.date >= start and session.uid not in logged_sessions:
                items = _redosed(session, index, dosing, bands, ladders,
                                 session.date >= climb_from, doses)
                if items is not None:
                    session, week_changed = session._replace(items=items, revision=revision), True
            sessions.append(session)
        weeks.append(week._replace(sessions=tuple(sessions)) if week_changed else week)
        changed = changed or week_changed
    logged = last_done(entries, plan.exercises, climb_from)
    if not changed:
        return plan._replace(logged=logged)
    return plan._replace(weeks=tuple(weeks), revision=revision, logged=logged)


# Where an item keeps its dose: a slice of the tuple, compared without building one.
_DOSE = slice(Item._fields.index("sets"), Item._fields.index("slack") + 1)
assert Item._fields[_DOSE] == ("sets", "reps", "band", "slack")


def _redosed(session: Session, week: int, dosing: Dosing, bands, ladders, climb: bool,
             doses: dict[tuple[str, int], tuple]) -> tuple[Item, ...] | None:
    """The session's items with the doses `dosing` gives, or None if none changes. An
    exercise the log says nothing about keeps its dose: redose's Dosing has no fallback.
    `doses` keeps each exercise's dose in each week once it climbs (it is the week's, whatever
    the day): the other sessions of that week take it from there."""
    progress, items, changed = dosing.progress, session.items, None
    for index, item in enumerate(items):
        exercise = item.exercise
        if exercise not in progress:
            continue
        dose = doses.get((exercise, week)) if climb else None
        if dose is None:
            stage = dosing.stage(exercise, week, session.date)
            if climb:
                dosing.commit(exercise, week, session.date)
            if stage is None:  # not for an exercise in `progress`; as the Dosing API allows
                continue
            dose = _dose(stage, bands, ladders[exercise])
            if climb:
                doses[exercise, week] = dose
        if dose != item[_DOSE]:
            changed = changed or list(items)
            sets, reps, band, slack = dose
            changed[index] = Item(exercise, item.region, sets, reps, band, slack, item.per_side,
                                  item.rest_seconds)
    return None if changed is None else tuple(changed)


def _dose(stage: Stage, bands, ladder: Ladder) -> tuple[int, int, str, str]:
    """Sets, reps, band and slack of `stage`, as an item has them."""
    return stage.sets, stage.reps(ladder.rep_range), bands[stage.band], stage.slack_name()


# -- the plan follows the log ---------------------------------------------------------------

class Window(NamedTuple):
    """Which sessions a re-dose after logging touches: from `start` on, climbing from
    `climb_from` (today, or the day after the last logged session if that is later)."""

    start: date
    climb_from: date


def follow_window(plan: Plan, entries: Iterable[Entry], today: date) -> Window:
    """The sessions after the plan's last logged one, as of `today`."""
    uids = {session.uid: session.date for _, session in plan.sessions()}
    logged = [uids[e.session] for e in entries if e.session in uids]
    if not logged:
        return Window(today, today)
    last = max(logged)
    return Window(last, max(last + timedelta(days=1), today))


def follow_log(plan: Plan, entries: list[Entry], efforts: Mapping[str, int | None],
               today: date, progress: dict[str, DoseState] | None = None) -> Plan:
    """The plan re-dosed after its last logged session, as `log` and `import` leave it."""
    window = follow_window(plan, entries, today)
    return redose(plan, entries, window.start, window.climb_from, efforts, progress)


NO_LOG = "no log yet: the plan's dose"


class NextDose(NamedTuple):
    exercise: str
    sets: int
    reps: int
    band: str
    slack: str
    why: str
    outgrown: bool = False
    date: date | None = None  # the session it is for
    pain: bool = False

    def to_dict(self) -> dict:
        return {"exercise": self.exercise, "sets": self.sets, "reps": self.reps,
                "band": self.band, "slack": self.slack, "why": self.why}


def next_doses(plan: Plan, entries: list[Entry], today: date,
               efforts: Mapping[str, int | None] | None = None,
               followed: Plan | None = None,
               progress: dict[str, DoseState] | None = None) -> list[NextDose]:
    """The dose of every plan exercise's next unlogged session on or after `today`, with why:
    the plan's own dose once the plan follows the log as of `today` (`followed`, when the
    caller has it already; `progress`, what `progress_from_log` gives, likewise)."""
    efforts = efforts or {}
    ladders = ladders_for(plan.exercises, plan.settings.bands)
    if progress is None:
        progress = progress_from_log(entries, ladders, efforts)
    if followed is None:
        followed = follow_log(plan, entries, efforts, today, progress)
    coming = _coming(followed, entries, today)
    result = []
    for key in plan.exercises:
        ladder = ladders[key]
        if key in coming:
            item, session, deload = coming[key]
            why, grown, pain = _why(progress.get(key), ladder, min(session.date, today), deload)
            result.append(NextDose(key, item.sets, item.reps, item.band, item.slack, why, grown,
                                   session.date, pain))
        elif key in progress:  # nothing left in the plan: what the log gives as of today
            done = before_session(progress[key], today, ladder)
            stage = done.stage
            result.append(NextDose(key, stage.sets, stage.reps(ladder.rep_range),
                                   ladder.bands[stage.band], stage.slack_name(), done.why,
                                   outgrown(done, ladder), None, done.pain))
    return result


def _coming(plan: Plan, entries: list[Entry], today: date
            ) -> dict[str, tuple[Item, Session, bool]]:
    """Each exercise's item in its first unlogged session on or after `today` (for an exercise
    with no log, else in its first session), with that session and whether it is in a
    deload week."""
    logged = {entry.session for entry in entries}
    done = {entry.exercise for entry in entries}
    coming: dict[str, tuple[Item, Session, bool]] = {}
    first: dict[str, tuple[Item, Session, bool]] = {}
    for week, session in plan.sessions():
        for item in session.items:
            first.setdefault(item.exercise, (item, session, week.deload))
            if session.date >= today and session.uid not in logged:
                coming.setdefault(item.exercise, (item, session, week.deload))
        if len(coming) == len(plan.exercises):
            break  # every exercise has its coming session (and so its first): nothing to add
    return {**{k: v for k, v in first.items() if k not in done}, **coming}


def _why(progress: DoseState | None, ladder: Ladder, judged: date,
         deload: bool) -> tuple[str, bool, bool]:
    if progress is None:
        why = NO_LOG
        return (f"{why}, in a deload week" if deload else why), False, False
    progress = before_session(progress, judged, ladder)
    why = progress.why
    if deload:
        why = f"a deload week: one easy set; after it, as the log says ({why})"
    return why, outgrown(progress, ladder), progress.pain
