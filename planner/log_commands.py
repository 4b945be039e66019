"""The training-log commands: today, log, import, history and next. Thin: the work is in
log/, dosing.py and following.py."""

# No `from __future__ import annotations`: Typer reads these annotations at start-up.
from pathlib import Path
from typing import Annotated

import typer

from . import completion
from .cli_app import app
from .cli_options import JsonOption, LogOption, NoAdaptOption, OnOption, PlanOption, QuietOption
from .errors import PlannerError, UsageError
from .help_text import examples
from .plan_location import plan_path
from .terminal import for_stdout, safe_json, say, visible, visible_lines


@app.command("log", epilog=examples(
    "planner log today                       (the whole session as planned)",
    "planner log today --exercise face-pull --reps 12,11,10 --feel hard",
    "planner log 2026-12-09 --ask            (exercise by exercise)"))
def log(
    when: Annotated[str, typer.Argument(
        metavar="WHEN", help="today, yesterday, YYYY-MM-DD or a session uid.")] = "today",
    plan: PlanOption = None,
    exercise: Annotated[str | None, typer.Option(
        metavar="NAME", autocompletion=completion.exercises,
        help="Log this exercise only: its id, name or the start of either (else the whole "
        "session as prescribed).")] = None,
    reps: Annotated[str | None, typer.Option(
        metavar="LIST", help="Reps of each set, e.g. 12,12,11; left/right: 10/9,10/10.")] = None,
    band: Annotated[str | None, typer.Option(metavar="LEVEL", autocompletion=completion.bands,
                                             help="Band used.")] = None,
    slack: Annotated[str | None, typer.Option(
        metavar="SLACK", autocompletion=completion.slacks, help="Slack used: added, normal, reduced or minimal.")] = None,
    feel: Annotated[str | None, typer.Option(
        metavar="FEEL", autocompletion=completion.feels, help="How it felt: easy, ok, hard or pain (without --exercise: the "
        "whole session).")] = None,
    skip: Annotated[bool, typer.Option("--skip", help="Not done: skipped.")] = False,
    effort: Annotated[int | None, typer.Option(metavar="1-10",
                                                  help="How hard the session was.")] = None,
    minutes: Annotated[int | None, typer.Option(metavar="M", help="Minutes it took.")] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="A note on the session.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite what is logged.")] = False,
    ask: Annotated[bool, typer.Option("--ask", help="Ask exercise by exercise (a terminal "
                                                    "only); Enter means as prescribed.")] = False,
    no_adapt: NoAdaptOption = False,
    log: LogOption = None,
    quiet: QuietOption = False,
) -> None:
    """Log a session: all of it as prescribed, or one exercise in detail."""
    import contextlib

    from .dosing import efforts_of, follow_log
    from .following import Follower
    from .log import record
    from .log.entry import LogError
    from .log.location import log_path
    from .log.store import Log
    from .log.when import find_session, today_in
    from .plan_file import read_plan

    record.check_session_options(exercise, reps, band, slack, feel, skip)
    plan = plan_path(plan)
    the_plan = read_plan(plan)
    today = today_in(the_plan)
    path = log_path(log)
    # An existing log is opened for writing first, so one that cannot be written is one
    # error line before anything is asked; a log not there yet is created only at the end.
    with contextlib.ExitStack() as stack:
        existing = stack.enter_context(Log.write(path)) if path.exists() else None
        logged = existing.entries() if existing else []
        efforts = efforts_of(existing.notes()) if existing else {}
        # What is prescribed is what `today` shows: the plan as it follows the log today.
        current = the_plan if no_adapt else follow_log(the_plan, logged, efforts, today)
        week, session = find_session(current, when, str(plan))
        if session.date > today:
            raise LogError(f"WHEN: the session of {session.date:%a %Y-%m-%d} is after today "
                           f"({today:%a %Y-%m-%d}); log it once it is done")
        note_entry = record.session_note(session, effort, minutes, note)
        already = {e.exercise for e in logged if e.session == session.uid}
        if ask:
            if exercise is not None or skip:
                raise UsageError("asks about every exercise; drop --exercise and --skip",
                               option="--ask")
            from .log.asking import ask_session

            entries = ask_session(current, week, session, set() if replace else already)
        elif exercise is not None:
            entries = [record.one_exercise(current, week, session, exercise, reps=reps,
                                           band=band, slack=slack, feel=feel, skip=skip)]
        else:
            # --replace re-logs the whole session, unless only the session's effort, minutes
            # or note are given: then it is theirs.
            noting = not note_entry.is_empty() and feel is None and not skip
            leave = already if noting or not replace else set()
            entries = record.whole_session(week, session, skip, feel, effort, leave)
            if not entries and note_entry.is_empty():
                raise LogError(f"WHEN: the session of {session.date:%a %Y-%m-%d} is already "
                               "logged in full; add --replace to log it again as prescribed, "
                               "or log one exercise with --exercise ID --replace")
        follower = Follower(plan, the_plan, today)
        store = existing or stack.enter_context(Log.write(path))
        store.record(entries, [note_entry], replace=replace, same_is_new=True,
                     conflict=lambda new, old: (
                         f"{new.exercise} on {new.date} is already logged "
                         f"({_said(old)}); add --replace to overwrite it"),
                     then=None if no_adapt else follower)
    names = {key: ex.name for key, ex in the_plan.exercises.items()}
    if not entries:
        say(quiet, f"noted on the session of {session.date:%a %d %b %Y} (week {week.number}), "
             "whose exercises were already logged")
    else:
        say(quiet, f"logged {session.date:%a %d %b %Y} (week {week.number})")
        for entry in entries:
            say(quiet, f"  {visible(names.get(entry.exercise, entry.exercise))}: {_said(entry)}")
        kept = [names.get(key, key) for key in sorted(already)
                if key not in {e.exercise for e in entries}]
        if kept and exercise is None:
            say(quiet, visible(f"  already logged, left as they were: {', '.join(kept)}"))
        for entry in entries:
            if entry.feel == "pain":
                from .adaptation import PAIN_ADVICE

                typer.echo(f"  pain: {PAIN_ADVICE}.")
                break
    say(quiet, "\n".join(follower.lines()))
    _publish_changes(follower, quiet)


def _publish_changes(follower, quiet: bool) -> None:
    """With `auto = true` in the config's [publish], send what the log changed in the plan
    to the calendar (the publisher sends only the events that changed)."""
    if follower is None or follower.after.weeks == follower.before.weeks:
        return
    from .config import load_build_config

    config = load_build_config()
    if not config.publish_auto or config.publish_to is None:
        return
    from .delivery import publishing_only

    delivery = publishing_only(config.publish_to, config)
    say(quiet, "\n".join(delivery.publish(follower.after, follower.path)))


def _said(entry) -> str:
    from .log.history import said

    return said(entry)


@app.command("import", epilog=examples("planner import plan.pdf   (a filled sheet)",
                                      "planner import week.csv --dry-run"))
def import_(
    file: Annotated[Path, typer.Argument(
        metavar="FILE.csv|FILE.pdf", help="A file written by `planner history --csv`, or the "
        "plan's PDF with sheets filled in a PDF app.")],
    plan: PlanOption = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite entries that differ.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; change "
                                                            "nothing.")] = False,
    no_adapt: NoAdaptOption = False,
    log: LogOption = None,
    quiet: QuietOption = False,
) -> None:
    """Import logged sessions from a CSV or from filled PDF sheets.

    Importing the same file again changes nothing."""
    from .log.importing import import_file

    pdf = file.suffix.lower() == ".pdf"
    found = _found_plan(plan, needed=pdf)
    follower = None if no_adapt or dry_run or found is None else _follower(found)
    for line in import_file(file, found or Path("plan.json"), replace, dry_run, log, follower):
        say(quiet, visible(line))
    if follower is not None:
        say(quiet, "\n".join(follower.lines()))
        _publish_changes(follower, quiet)


def _found_plan(option: Path | None, needed: bool) -> Path | None:
    """The plan file; when it is not `needed` (a CSV import) and none was named, None if
    there is none to follow the log."""
    from .errors import PlanFileError

    try:
        return plan_path(option)
    except PlanFileError:
        if needed or option is not None:
            raise
        return None


def _follower(plan: Path):
    """What re-doses the plan file once the log changed."""
    from .following import Follower
    from .log.when import today_in
    from .plan_file import read_plan

    the_plan = read_plan(plan)
    return Follower(plan, the_plan, today_in(the_plan))


@app.command("history", epilog=examples("planner history --since 2026-12-01",
                                       "planner history --csv > log.csv"))
def history(
    exercise: Annotated[str | None, typer.Option(
        metavar="NAME", autocompletion=completion.exercises,
        help="One exercise only: its id, name or the start of either.")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this date on.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to this date.")] = None,
    json_output: JsonOption = False,
    csv_output: Annotated[bool, typer.Option("--csv", help="One row per set, for "
                                                           "spreadsheets and `planner import`.")] = False,
    log: LogOption = None,
) -> None:
    """Show what was logged, in date order."""
    from .log.history import history_json, history_table
    from .log.location import log_path
    from .log.store import Log

    if json_output and csv_output:
        raise UsageError("choose one", option="--json and --csv")
    first, last = _date(since, "--since"), _date(until, "--until")
    if first and last and first > last:
        raise UsageError(f"{first} is after --until {last}", option="--since")
    path = log_path(log)
    store = Log.read(path)
    entries, notes = [], {}
    names: dict[str, str] = {}
    if store is not None:
        with store:
            if exercise is not None:
                names = _exercise_names()
                exercise = _logged_exercise(exercise, store.entries(), names)
            entries, notes = store.entries(exercise, first, last), store.notes()
    if json_output:
        typer.echo(safe_json(history_json(entries, notes)))
    elif csv_output:
        from .log.csvfile import to_csv

        typer.echo(for_stdout(to_csv(entries, notes)), nl=False)
    elif not entries:
        what = "nothing matches" if store is not None else "nothing is logged yet"
        typer.echo(f"{visible(str(path))}: {what}. Log a session with `planner log`.")
    else:
        names = names or _exercise_names()
        typer.echo(visible_lines("\n".join(history_table(entries, notes, names))))


def _exercise_names() -> dict[str, str]:
    """Each exercise's name by id: the shipped catalog's, and the plan's when there is one."""
    from .catalog import load_catalog

    names = {key: exercise.name for key, exercise in load_catalog([]).exercises.items()}
    try:
        from .plan_file import read_plan

        names.update({key: ex.name for key, ex in read_plan(plan_path(None)).exercises.items()})
    except PlannerError:
        pass  # no plan here: the catalog's names will do
    return names


def _logged_exercise(text: str, entries, names: dict[str, str]) -> str:
    """The id of the logged exercise `text` names, by id, name or a unique beginning."""
    from .naming import find_exercise

    logged = {entry.exercise for entry in entries}
    try:
        return find_exercise(text, {key: names.get(key, key) for key in sorted(logged)},
                             among="the log")
    except PlannerError:
        if text in names or text.casefold() in map(str.casefold, names.values()):
            return find_exercise(text, names)  # a known exercise, nothing logged of it
        raise


def _date(text: str | None, option: str):
    if text is None:
        return None
    from datetime import date

    from .log.entry import shown

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{shown(text)} is not a date; use YYYY-MM-DD", option=option) from None


@app.command("next", epilog=examples("planner next", "planner next --json"))
def next_(
    plan: PlanOption = None,
    on: OnOption = None,
    json_output: JsonOption = False,
    log: LogOption = None,
) -> None:
    """The next dose of every exercise in the plan, and why."""
    import json

    from .dosing import next_doses
    from .log.history import next_table

    the_plan, day, entries, efforts = _as_of(plan, on, log)
    doses = next_doses(the_plan, entries, day, efforts)
    if json_output:
        typer.echo(safe_json(json.dumps([d.to_dict() for d in doses], indent=2,
                                        ensure_ascii=False)))
    else:
        names = {key: ex.name for key, ex in the_plan.exercises.items()}
        typer.echo(visible_lines("\n".join(next_table(doses, names))))


@app.command("today", epilog=examples("planner today", "planner today --on 2026-12-09",
                                     "planner today --json"))
def today(
    on: OnOption = None,
    plan: PlanOption = None,
    json_output: JsonOption = False,
    log: LogOption = None,
) -> None:
    """Today's session, or the next one: each exercise's dose, set-up, cue and last time."""
    import json

    from . import today as day_view
    from .terminal import width, wrap

    the_plan, day, entries, efforts = _as_of(plan, on, log)
    shown = day_view.the_day(the_plan, entries, efforts, day)
    if json_output:
        typer.echo(safe_json(json.dumps(day_view.document(shown), indent=2, ensure_ascii=False)))
        return
    typer.echo(visible_lines("\n".join(day_view.lines(shown, the_plan, wrap, width(most=100)))))


def _as_of(plan: Path | None, on: str | None, log: Path | None):
    """The plan, the day asked about (--on, default today), the log's entries and efforts."""
    from .log.reading import read_log
    from .log.when import parse_day
    from .plan_file import read_plan

    the_plan = read_plan(plan_path(plan))
    return (the_plan, parse_day(on or "today", the_plan, "--on"), *read_log(log))
