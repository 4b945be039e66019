"""Turning what the user says about a session into log entries. Pure: no files, no clock."""

from __future__ import annotations

from ..adaptation import effort_feel
from ..errors import UsageError
from ..plan import Item, Plan, Session, Week
from .entry import (
    FEELS,
    MAX_EFFORT,
    MAX_MINUTES,
    Entry,
    LogError,
    SessionNote,
    Target,
    check_band,
    check_choice,
    check_note,
    check_number,
    check_slack,
    parse_reps,
)


def target_of(item: Item) -> Target:
    return Target(item.sets, item.reps, item.band, item.slack)


def as_prescribed(item: Item) -> tuple:
    return tuple((item.reps, item.reps) if item.per_side else item.reps
                 for _ in range(item.sets))


def entry_for(week: Week, session: Session, item: Item, *, status: str = "done",
              sets: tuple | None = None, band: str | None = None, slack: str | None = None,
              feel: str | None = None, source: str = "cli") -> Entry:
    """An entry for one plan item; what is not given is as prescribed."""
    skipped = status == "skipped"
    return Entry(
        date=session.date, session=session.uid, exercise=item.exercise, status=status,
        sets=() if skipped else (as_prescribed(item) if sets is None else sets),
        band=None if skipped else band or item.band,
        slack=None if skipped else slack or item.slack,
        feel=None if skipped else feel, target=target_of(item), per_side=item.per_side,
        deload=week.deload, source=source, position=session.items.index(item))


def whole_session(week: Week, session: Session, skip: bool, feel: str | None = None,
                  effort: int | None = None, leave: set[str] | frozenset[str] = frozenset()
                  ) -> list[Entry]:
    """Every exercise of the session but those in `leave` done as prescribed, or all
    skipped. Their feel is the session's `feel`, else read from its effort, else ok."""
    items = [item for item in session.items if item.exercise not in leave]
    if skip:
        return [entry_for(week, session, item, status="skipped") for item in items]
    felt = check_choice(feel, FEELS, "--feel") or effort_feel(effort) or "ok"
    return [entry_for(week, session, item, feel=felt) for item in items]


def find_item(plan: Plan, session: Session, exercise: str) -> Item:
    """The session's item that `exercise` names (id, name in any case, or a unique
    beginning), looked for in the session first, then in the plan to say it is elsewhere."""
    from ..naming import find_exercise

    in_session = {item.exercise: plan.exercises[item.exercise] for item in session.items
                  if item.exercise in plan.exercises}
    try:
        key = find_exercise(exercise, in_session, among=f"the session of {session.date}")
    except UsageError as unknown:
        try:
            key = find_exercise(exercise, plan.exercises)
        except UsageError:
            raise unknown from None
        names = ", ".join(ex.name for ex in in_session.values())
        raise UsageError(f"{plan.exercises[key].name} ({key}) is not in the session of "
                       f"{session.date:%a %Y-%m-%d} (it has {names})",
                       option="--exercise") from None
    return next(item for item in session.items if item.exercise == key)


def one_exercise(plan: Plan, week: Week, session: Session, exercise: str, *, reps: str | None,
                 band: str | None, slack: str | None, feel: str | None, skip: bool) -> Entry:
    """The entry for `--exercise ID` with its --reps, --band, --slack, --feel or --skip."""
    item = find_item(plan, session, exercise)
    if skip:
        given = [name for name, value in (("--reps", reps), ("--band", band), ("--slack", slack),
                                          ("--feel", feel)) if value is not None]
        if given:
            raise UsageError(f"cannot be combined with {given[0]}", option="--skip")
        return entry_for(week, session, item, status="skipped")
    sets = None if reps is None else parse_reps(reps, item.per_side)
    return entry_for(
        week, session, item, sets=sets,
        band=check_band(band, plan.settings.bands, "--band"),
        slack=check_slack(slack), feel=check_choice(feel, FEELS, "--feel"))


def session_note(session: Session, effort: int | None, minutes: int | None,
                 note: str | None) -> SessionNote:
    return SessionNote(session.uid, session.date,
                       check_number(effort, 1, MAX_EFFORT, "--effort"),
                       check_number(minutes, 0, MAX_MINUTES, "--minutes"), check_note(note))


def check_session_options(exercise: str | None, reps, band, slack, feel, skip: bool) -> None:
    """--reps, --band and --slack describe one exercise done: they need --exercise; none of
    them, nor --feel, goes with --skip. Without --exercise, --feel is the whole session's."""
    if skip:
        for name, value in (("--reps", reps), ("--band", band), ("--slack", slack),
                            ("--feel", feel)):
            if value is not None:
                raise UsageError(f"cannot be combined with {name}", option="--skip")
    if exercise is None:
        for name, value in (("--reps", reps), ("--band", band), ("--slack", slack)):
            if value is not None:
                raise LogError(f"{name}: needs --exercise ID (which exercise it is about)")
