"""`planner today`: the session of the day (or the next one), as the plan follows the log.
Pure: the plan, the log's entries and the day come in; lines or a JSON document go out."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from .dosing import NO_LOG, follow_log, ladders_for, next_doses, progress_from_log
from .exercise import Exercise
from .log.history import said
from .plan import Item, Plan, Session, Week
from .timing import session_minutes

if TYPE_CHECKING:
    from .log.entry import Entry


class DayExercise(NamedTuple):
    """One exercise of the day's session: its dose, how to do it, last time, why."""

    item: Item
    exercise: Exercise
    last: Entry | None  # its last session done before this one
    logged: Entry | None  # already logged for this session
    why: str


class Day(NamedTuple):
    """What `today` shows."""

    asked: date  # the day asked about
    week: Week | None
    session: Session | None  # None: the plan has no session on or after `asked`
    exercises: tuple[DayExercise, ...]
    done_today: bool  # the asked day's own session is logged in full
    behind: bool  # plan.json's doses differ from what the log gives


def the_day(plan: Plan, entries: list[Entry], efforts: Mapping[str, int | None],
            day: date) -> Day:
    progress = progress_from_log(entries, ladders_for(plan.exercises, plan.settings.bands),
                                 efforts)
    followed = follow_log(plan, entries, efforts, day, progress)
    logged: dict[str, dict[str, Entry]] = {}
    for entry in entries:
        logged.setdefault(entry.session, {})[entry.exercise] = entry
    done_today = False
    found: tuple[Week, Session] | None = None
    for week, session in followed.sessions():
        if session.date < day:
            continue
        complete = {item.exercise for item in session.items} <= set(logged.get(session.uid, {}))
        if complete:
            done_today = done_today or session.date == day
            continue
        found = (week, session)
        break
    if found is None:
        return Day(day, None, None, (), done_today, False)
    week, session = found
    original = next(s for _, s in plan.sessions() if s.uid == session.uid)
    whys = {d.exercise: d.why
            for d in next_doses(plan, entries, day, efforts, followed, progress)}
    exercises = tuple(
        DayExercise(item, plan.exercises[item.exercise],
                  _last_done(entries, item.exercise, session.date),
                  logged.get(session.uid, {}).get(item.exercise), whys.get(item.exercise, ""))
        for item in session.items)
    return Day(day, week, session, exercises, done_today, original.items != session.items)


def _last_done(entries: list[Entry], exercise: str, before: date) -> Entry | None:
    done = [e for e in entries if e.exercise == exercise and e.status == "done"
            and e.date < before]
    return max(done, key=lambda e: (e.date, e.session)) if done else None


# -- as text -------------------------------------------------------------------------------

def heading(day: Day, plan: Plan) -> str:
    session, week = day.session, day.week
    if session is None or week is None:
        return (f"No session on or after {day.asked:%a %d %b %Y} in this plan: it ended on "
                f"{_last_day(plan):%a %d %b %Y}. Build the next weeks with "
                "`planner build --continue`.")
    when = "Today" if session.date == day.asked else _when(session.date, day.asked)
    deload = " (a deload week: lighter on purpose)" if week.deload else ""
    return (f"{when}, {session.date:%a %d %b %Y} · week {week.number} of {len(plan.weeks)}"
            f"{deload} · about {session_minutes(session)} of {session.minutes} minutes")


def _when(day: date, asked: date) -> str:
    gap = (day - asked).days
    return "Tomorrow" if gap == 1 else f"Next, in {gap} days"


def _last_day(plan: Plan) -> date:
    return max(session.date for _, session in plan.sessions())


def lines(day: Day, plan: Plan, wrap, width: int) -> list[str]:
    """`wrap(text, prefix, width)` breaks a paragraph into lines (planner.terminal.wrap)."""
    out: list[str] = []
    if day.session is not None and day.session.date != day.asked:
        out.append("Today's session is logged." if day.done_today
                   else f"No session on {day.asked:%a %d %b}.")
    out += wrap(heading(day, plan), "", width)
    for number, shown in enumerate(day.exercises, start=1):
        item, exercise = shown.item, shown.exercise
        out.append("")
        out += wrap(f"{exercise.name}: {dose_text(item)} · rest {item.rest_seconds} s",
                    f"{number}. ", width)
        pad = " " * len(f"{number}. ")
        if shown.logged is not None:
            out += wrap(f"Logged: {said(shown.logged)}", pad, width)
            continue
        out += wrap(f"Set up: {exercise.setup_line}", pad, width)
        out += wrap(f"Cue: {exercise.key_cue}", pad, width)
        if shown.last is not None:
            out += wrap(f"Last time: {shown.last.date:%a %d %b}, {said(shown.last)}", pad, width)
        if shown.why and not shown.why.startswith(NO_LOG):
            out += wrap(f"Why: {shown.why}", pad, width)
    if day.session is not None:
        out.append("")
        if day.behind:
            out += wrap("plan.json is behind the log: the doses above come from the log. "
                        "`planner adapt -f pdf,ics` updates the plan, its sheets and calendar "
                        "file.", "", width)
        when = "today" if day.session.date == day.asked else f"{day.session.date}"
        out += wrap(f"Log it: planner log {when}   (or --ask; one exercise: --exercise NAME "
                    "--reps 12,12,11 --feel ok)", "", width)
    return out


def dose_text(item: Item) -> str:
    slack = "" if item.slack == "normal" else f", {item.slack} slack"
    side = " each side" if item.per_side else ""
    return f"{item.sets} × {item.reps}{side} on {item.band}{slack}"


# -- as JSON -------------------------------------------------------------------------------

def document(day: Day) -> dict[str, Any]:
    session, week = day.session, day.week
    if session is None or week is None:
        return {"date": day.asked.isoformat(), "session": None}
    return {
        "date": day.asked.isoformat(), "today": session.date == day.asked,
        "session": {"uid": session.uid, "date": session.date.isoformat(),
                    "start": session.start.isoformat(), "week": week.number,
                    "deload": week.deload, "minutes_planned": session_minutes(session),
                    "minutes_available": session.minutes},
        "plan_behind_log": day.behind,
        "exercises": [{
            **shown.item.to_dict(), "name": shown.exercise.name,
            "setup": shown.exercise.setup_line, "cue": shown.exercise.key_cue,
            "last": None if shown.last is None else _entry_dict(shown.last),
            "logged": None if shown.logged is None else _entry_dict(shown.logged),
            "why": shown.why} for shown in day.exercises],
    }


def _entry_dict(entry: Entry) -> dict[str, Any]:
    return {key: value for key, value in entry.to_dict().items()
            if key in ("date", "status", "sets", "band", "slack", "feel")}
