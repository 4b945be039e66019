"""The training-log commands: log, import, history, next, adapt. Thin: the work is in log/."""

# No `from __future__ import annotations`: Typer reads these annotations at start-up.
from pathlib import Path
from typing import Annotated

import typer

from .help_text import examples
from .terminal import for_stdout, safe_json, visible, visible_lines, warn

LogOption = Annotated[Path | None, typer.Option(
    "--log", metavar="FILE", help="The training log (default: $PLANNER_LOG, else "
    "log.sqlite3 in the user's data folder).")]
PlanOption = Annotated[Path, typer.Option("--plan", metavar="PLAN.json",
                                          help="The plan the sessions come from.")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]


def register(app: typer.Typer, format_option, option_option, publish_option) -> None:
    app.command("log", epilog=examples(
        "planner log today                       (the whole session as planned)",
        "planner log today --exercise face-pull --reps 12,11,10 --feel hard",
        "planner log 2026-12-09 --ask            (exercise by exercise)"))(log)
    app.command("import", epilog=examples("planner import plan.pdf   (a filled sheet)",
                                          "planner import week.csv --dry-run"))(import_)
    app.command("history", epilog=examples("planner history --since 2026-12-01",
                                           "planner history --csv > log.csv"))(history)
    app.command("next", epilog=examples("planner next", "planner next --json"))(next_)

    def adapt(
        plan_file: Annotated[Path, typer.Argument(metavar="PLAN.json",
                                                  help="The plan to adapt; rewritten in place.")],
        from_: Annotated[str | None, typer.Option(
            "--from", metavar="YYYY-MM-DD",
            help="First session to re-dose (default: today in the plan's zone).")] = None,
        format: format_option = None,
        option: option_option = None,
        out_dir: Annotated[Path | None, typer.Option(
            "--out-dir", metavar="DIR", help="Folder for the --format files. "
            "(default: the plan's folder)")] = None,
        log: LogOption = None,
        publish: publish_option = None,
    ) -> None:
        """Re-dose the plan's coming sessions from the log; uids, dates and exercises stay."""
        _adapt(plan_file, from_, format or [], option or [], out_dir, log, publish)

    app.command("adapt", epilog=examples(
        "planner adapt plan.json -f pdf,ics   (from today on)",
        "planner adapt plan.json --from 2026-12-14",
        "planner adapt plan.json --publish caldav -o caldav.url=…   (and update the calendar)"))(adapt)


def log(
    when: Annotated[str, typer.Argument(
        metavar="WHEN", help="today, yesterday, YYYY-MM-DD or a session uid.")] = "today",
    plan: PlanOption = Path("plan.json"),
    exercise: Annotated[str | None, typer.Option(
        metavar="ID", help="Log this exercise only (else the whole session as prescribed).")] = None,
    reps: Annotated[str | None, typer.Option(
        metavar="LIST", help="Reps of each set, e.g. 12,12,11; left/right: 10/9,10/10.")] = None,
    band: Annotated[str | None, typer.Option(metavar="LEVEL", help="Band used.")] = None,
    slack: Annotated[str | None, typer.Option(
        metavar="SLACK", help="Slack used: added, normal, reduced or minimal.")] = None,
    feel: Annotated[str | None, typer.Option(metavar="FEEL", help="How it felt: easy, ok "
                                                "or hard.")] = None,
    skip: Annotated[bool, typer.Option("--skip", help="Not done: skipped.")] = False,
    effort: Annotated[int | None, typer.Option(metavar="1-10",
                                                  help="How hard the session was.")] = None,
    minutes: Annotated[int | None, typer.Option(metavar="M", help="Minutes it took.")] = None,
    note: Annotated[str | None, typer.Option(metavar="TEXT", help="A note on the session.")] = None,
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite what is logged.")] = False,
    ask: Annotated[bool, typer.Option("--ask", help="Ask exercise by exercise (a terminal "
                                                    "only); Enter means as prescribed.")] = False,
    log: LogOption = None,
) -> None:
    """Log a session: all of it as prescribed, or one exercise in detail."""
    from .log import record
    from .log.entry import LogError
    from .log.store import Log, log_path
    from .log.when import find_session
    from .plan_file import read_plan

    record.check_session_options(exercise, reps, band, slack, feel, skip)
    the_plan = read_plan(plan)
    week, session = find_session(the_plan, when, str(plan))
    note_entry = record.session_note(session, effort, minutes, note)
    if ask:
        if exercise is not None or skip:
            raise LogError("--ask: asks about every exercise; drop --exercise and --skip")
        from .log.asking import ask_session

        entries = ask_session(the_plan, week, session)
    elif exercise is not None:
        entries = [record.one_exercise(the_plan, week, session, exercise, reps=reps, band=band,
                                       slack=slack, feel=feel, skip=skip)]
    else:
        entries = record.whole_session(week, session, skip)
    path = log_path(log)
    with Log.write(path) as store:
        if (exercise is None and not skip and not ask and not note_entry.is_empty()
                and {item.exercise for item in session.items} <= store.logged(session.uid)):
            entries = []  # a note, effort or minutes for a session already logged in full
        store.record(entries, [note_entry], replace=replace, same_is_new=True,
                     conflict=lambda new, old: (
                         f"{new.exercise} on {new.date} is already logged "
                         f"({_said(old)}); add --replace to overwrite it"
                         + ("" if exercise else ", or log one exercise with --exercise ID")))
    if not entries:
        typer.echo(f"noted on the session of {session.date:%a %d %b %Y} (week {week.number}), "
                   f"whose exercises were already logged, in {visible(str(path))}")
        return
    typer.echo(f"logged {session.date:%a %d %b %Y} (week {week.number}) in {visible(str(path))}")
    names = {key: ex.name for key, ex in the_plan.exercises.items()}
    for entry in entries:
        typer.echo(f"  {visible(names.get(entry.exercise, entry.exercise))}: {_said(entry)}")


def _said(entry) -> str:
    from .log.entry import format_sets

    if entry.status == "skipped":
        return "skipped"
    slack = "" if entry.slack == "normal" else f", {entry.slack} slack"
    feel = f", felt {entry.feel}" if entry.feel else ""
    return f"{format_sets(entry.sets)} reps on {visible(entry.band)}{slack}{feel}"


def import_(
    file: Annotated[Path, typer.Argument(
        metavar="FILE.csv|FILE.pdf", help="A file written by `planner history --csv`, or the "
        "plan's PDF with sheets filled in a PDF app.")],
    plan: Annotated[Path, typer.Option("--plan", metavar="PLAN.json",
                                       help="The plan a PDF's sheets come from.")] = Path("plan.json"),
    replace: Annotated[bool, typer.Option("--replace", help="Overwrite entries that differ.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; change "
                                                            "nothing.")] = False,
    log: LogOption = None,
) -> None:
    """Import logged sessions from a history CSV or filled PDF sheets; importing again
    changes nothing."""
    from .log.importing import import_file

    for line in import_file(file, plan, replace, dry_run, log):
        typer.echo(line)


def history(
    exercise: Annotated[str | None, typer.Option(metavar="ID", help="One exercise only.")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="From this date on.")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Up to this date.")] = None,
    json_output: JsonOption = False,
    csv_output: Annotated[bool, typer.Option("--csv", help="One row per set, for "
                                                           "spreadsheets and `planner import`.")] = False,
    log: LogOption = None,
) -> None:
    """Show what was logged, in date order."""
    from .log.entry import LogError
    from .log.history import history_json, history_table
    from .log.store import Log, log_path

    if json_output and csv_output:
        raise LogError("--json and --csv: choose one")
    first, last = _date(since, "--since"), _date(until, "--until")
    if first and last and first > last:
        raise LogError(f"--since: {first} is after --until {last}")
    path = log_path(log)
    store = Log.read(path)
    entries, notes = [], {}
    if store is not None:
        with store:
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
        typer.echo(visible_lines("\n".join(history_table(entries, notes))))


def _date(text: str | None, option: str):
    if text is None:
        return None
    from datetime import date

    from .log.entry import LogError, shown

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise LogError(f"{option}: {shown(text)} is not a date; use YYYY-MM-DD") from None


def next_(
    plan: PlanOption = Path("plan.json"),
    json_output: JsonOption = False,
    log: LogOption = None,
) -> None:
    """The next dose of every exercise in the plan, and why."""
    import json

    from .dosing import next_doses
    from .log.history import next_table
    from .log.store import Log, log_path
    from .log.when import today_in
    from .plan_file import read_plan

    the_plan = read_plan(plan)
    store = Log.read(log_path(log))
    entries = []
    if store is not None:
        with store:
            entries = [e for key in the_plan.exercises for e in store.entries(key)]
    doses = next_doses(the_plan, entries, today_in(the_plan))
    if json_output:
        typer.echo(safe_json(json.dumps([d.to_dict() for d in doses], indent=2,
                                        ensure_ascii=False)))
    else:
        names = {key: ex.name for key, ex in the_plan.exercises.items()}
        typer.echo(visible_lines("\n".join(next_table(doses, names))))


def logged_progress(exercises, bands, log: Path | None, start):
    """For `build --continue`: each exercise's next dose from the log, and its last session
    logged before `start`."""
    from .dosing import ladders_for, last_done, progress_from_log
    from .log.entry import LogError
    from .log.store import Log, log_path

    path = log_path(log)
    store = Log.read(path)
    if store is None:
        raise LogError(f"--continue: {path}: nothing is logged yet; log sessions with "
                       "`planner log` first, or build without --continue")
    with store:
        entries = store.entries()
    return (progress_from_log(entries, ladders_for(exercises, bands)),
            last_done(entries, exercises, start))


def _adapt(plan_file: Path, start: str | None, formats: list, options: list,
           out_dir: Path | None, log: Path | None, publish: str | None = None) -> None:
    from .dosing import redose
    from .export import prepare_export, write_export
    from .log.store import Log, log_path
    from .log.when import parse_day
    from .plan_file import read_plan

    publisher = None
    if publish is not None:  # chosen and checked before anything is read or written
        from .config import load_build_config
        from .publish import prepare

        publisher, options = prepare(publish, options, bare_to_publisher=False,
                                     config=load_build_config())
        warn(publisher.warnings)
    folder = out_dir if out_dir is not None else plan_file.parent
    export = prepare_export(formats, options, folder)
    warn(export.warnings)
    before = read_plan(plan_file)
    first = parse_day(start or "today", before, "--from")
    store = Log.read(log_path(log))
    entries = []
    if store is not None:
        with store:
            entries = store.entries()
    after = redose(before, entries, first)
    _, written = write_export(export, after, plan_file.stem, record=lambda plan, stem: plan_file)
    changed = sum(1 for (_, old), (_, new) in zip(before.sessions(), after.sessions(), strict=True)
                  if old != new)
    if changed:
        typer.echo(f"adapted {changed} session(s) from {first} on (plan revision "
                   f"{after.revision})")
    else:
        typer.echo(f"no dose changed from {first} on")
    for path in written:
        typer.echo(f"wrote {visible(str(path))}")
    if publisher is not None:
        from .publish import publish_now

        typer.echo(visible_lines("\n".join(publish_now(publisher, after, str(plan_file),
                                                          written=True))))
