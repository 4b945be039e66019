"""The plan commands: build, export, adapt and publish. Thin: the work is in the modules
they name; heavy ones load inside the command that uses them."""

# No `from __future__ import annotations`: Typer reads these annotations at start-up.
import os
from pathlib import Path
from typing import Annotated

import typer

from . import completion
from .cli_app import app
from .cli_options import (
    CatalogOption,
    FormatOption,
    LogOption,
    OptionOption,
    OutDirOption,
    PublishOption,
    QuietOption,
    joined,
)
from .errors import PlannerError, UsageError
from .help_text import examples
from .plan_location import plan_path
from .settings import BUILD_DEFAULTS, DEFAULT_BANDS
from .terminal import say, visible, warn


def _next_monday() -> str:
    from datetime import date

    from .settings import next_monday

    return next_monday(date.today()).isoformat()


def _zone_hint() -> str:
    """The zone `build` will detect, for --help: from TZ or /etc/localtime, without loading
    the zone database (help must stay fast); `build` itself checks it."""
    from .settings import zone_of_file

    tz = os.environ.get("TZ", "").removeprefix(":")
    if not tz:
        try:
            tz = os.readlink("/etc/localtime")
        except OSError:
            return "UTC"
    return (zone_of_file(tz) if tz.startswith("/") else tz) or "UTC"


_D = BUILD_DEFAULTS  # shown in build's help


@app.command(epilog=examples(
    "planner build --weeks 8 -f pdf,ics",
    "planner build --equipment flat,loop --days tue,thu,sat --time 18:30",
    "planner build --continue -f pdf   (start where the training log leaves off)"))
def build(
    weeks: Annotated[int | None, typer.Option(
        metavar="N", help=f"Number of weeks, 1 to 520. (default: {_D['weeks']})")] = None,
    start: Annotated[str | None, typer.Option(
        metavar="YYYY-MM-DD", help=f"First day; also today or tomorrow. (default: next Monday, "
        f"{_next_monday()})")] = None,
    days: Annotated[list[str] | None, typer.Option(
        metavar="LIST", help="Training days: mon,tue,wed,thu,fri,sat,sun (or full names). "
        f"(default: {_D['days']})")] = None,
    time: Annotated[str | None, typer.Option("--time", metavar="HH:MM",
                                                help=f"Start time. (default: {_D['time']})")] = None,
    tz: Annotated[str | None, typer.Option(
        "--tz", metavar="IANA-ZONE", autocompletion=completion.zones, help=f"Time zone, e.g. "
        f"Europe/Berlin. (default: this system's, {_zone_hint()})")] = None,
    minutes: Annotated[int | None, typer.Option(
        metavar="N", help=f"Length of each session, 1 to 240. (default: {_D['minutes']})")] = None,
    level: Annotated[str | None, typer.Option(
        metavar="LEVEL", autocompletion=completion.levels,
        help=f"beginner, intermediate or advanced. (default: {_D['level']})")] = None,
    equipment: Annotated[list[str] | None, typer.Option(
        metavar="LIST", help="What you own: flat (a band without handles), tube (with "
        "handles), loop, anchor (e.g. a door anchor), chair; none for a flat band only. "
        "(default: all of them)")] = None,
    bands: Annotated[list[str] | None, typer.Option(
        metavar="LIST", help="Your band levels, lightest first. "
        f"(default: {', '.join(DEFAULT_BANDS)})")] = None,
    deload_every: Annotated[int | None, typer.Option(
        metavar="N", help="Make every Nth week a lighter deload week; 0 for never. "
        f"(default: {_D['deload_every']})")] = None,
    block_weeks: Annotated[int | None, typer.Option(
        metavar="N", help="Weeks in which each part of the back keeps the same exercises; "
        "then at most one is swapped (more only when the minutes force it). "
        f"(default: {_D['block_weeks']})")] = None,
    catalog: CatalogOption = None,
    format: FormatOption = None,
    option: OptionOption = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", metavar="DIR", help=f"Folder for the files. (default: {_D['out_dir']})"
    )] = None,
    name: Annotated[str | None, typer.Option(
        metavar="STEM", help=f"Plan name and file name stem. (default: {_D['name']})")] = None,
    seed: Annotated[int, typer.Option(metavar="N", help="Seed for the exercise rotation.")] = 0,
    continue_: Annotated[bool, typer.Option(
        "--continue", help="Start each exercise where the training log leaves it.")] = False,
    log: LogOption = None,
    publish: PublishOption = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace a plan file that has logged sessions or was adapted.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print nothing but warnings and errors.")] = False,
) -> None:
    """Build a routine and write it in each --format, and always STEM.json (default: json).

    Options not given here come from the config file, if there is one (see `planner init`)."""
    from .build_choices import choose_build, from_config_file
    from .config import load_build_config
    from .dates import today

    if log is not None and not continue_:
        raise UsageError("is read by --continue only; add --continue", option="--log")
    config = load_build_config()
    given = {"weeks": weeks, "days": joined(days), "time": time, "tz": tz, "minutes": minutes,
             "level": level, "equipment": joined(equipment), "bands": joined(bands),
             "deload_every": deload_every, "format": format or None, "option": option or None,
             "out_dir": out_dir, "name": name, "block_weeks": block_weeks}
    from_file = from_config_file(given, config)
    try:
        choices = choose_build(given, config, start=start, seed=seed, today=today(),
                               catalogs=tuple(str(path) for path in catalog or ()))
        from_file = choices.from_file
        _build(choices, catalog or [], continue_, log, publish, config, force, quiet)
    except PlannerError as exc:
        raise config.blame(exc, from_file, list(option or [])) from None
    if from_file and not quiet:
        typer.echo(f"defaults from {visible(str(config.path))}")


def _build(choices, catalogs: list[Path], continue_: bool, log: Path | None,
           publish: str | None, config, force: bool, quiet: bool) -> None:
    """Build the plan `choices` describe over the one in its file, and deliver it."""
    from .builder import build_plan
    from .catalog import load_catalog
    from .delivery import prepare_delivery
    from .lineage import carried_on, identity_of, previous
    from .plan_location import check_replacing
    from .settings import band_warnings
    from .summary import plan_summary
    from .variety import variety_advice

    settings, out_dir = choices.settings, choices.out_dir
    plan_file = out_dir / f"{settings.name}.json"
    # The plan this build replaces: its id and revisions go on, and one the log shaped is
    # kept unless --force or --continue.
    replaced = previous(plan_file)
    check_replacing(plan_file, replaced, force, continue_)
    warn(band_warnings(settings.bands))
    delivery = prepare_delivery(choices.formats, choices.options, out_dir, publish, config)
    shelf = load_catalog(catalogs)
    warn(variety_advice(shelf, settings.equipment))
    if continue_:
        from .log.reading import logged_progress

        progress, logged = logged_progress(shelf.exercises, settings.bands, log, settings.start)
        plan = build_plan(shelf, settings, progress, identity_of(replaced))
        plan = plan._replace(logged={key: done for key, done in logged.items()
                                     if key in plan.exercises})
    else:
        plan = build_plan(shelf, settings, identity=identity_of(replaced))
    if replaced is not None:
        plan = carried_on(plan, replaced)
    plan, written, unchanged = delivery.write(plan, settings.name,
                                              record=lambda plan, stem: out_dir / f"{stem}.json")
    say(quiet, plan_summary(plan, written, catalog=shelf, unchanged=unchanged))
    say(quiet, "\n".join(delivery.publish(plan, written[0])))


@app.command(epilog=examples("planner export plan.json -f pdf -o pdf.paper=letter",
                             "planner export plan.json -f ics --out-dir ~/calendar"))
def export(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN.json", help="A plan written by build.")],
    format: Annotated[list[str], typer.Option(
        "--format", "-f", metavar="LIST", autocompletion=completion.formats,
        help="Exporters to run; repeat or use commas (-f pdf,ics).")],
    option: OptionOption = None,
    out_dir: OutDirOption = Path("."),
    name: Annotated[str | None, typer.Option(
        metavar="STEM", help="File name stem. (default: the plan's name)")] = None,
    quiet: QuietOption = False,
) -> None:
    """Export a saved plan.json again, in any format."""
    from .delivery import prepare_delivery
    from .output import wrote
    from .plan_file import read_plan
    from .settings import check_name

    stem = check_name(name) if name is not None else None
    delivery = prepare_delivery(format, option or [], out_dir, None, None)
    _, written, unchanged = delivery.write(read_plan(plan_file), stem)
    for path in written:
        say(quiet, visible(wrote(path, unchanged)))


@app.command(epilog=examples(
    "planner adapt plan.json -f pdf,ics   (from today on)",
    "planner adapt plan.json --from 2026-12-14",
    "planner adapt plan.json --publish caldav -o caldav.url=…   (and update the calendar)"))
def adapt(
    plan_file: Annotated[Path | None, typer.Argument(
        metavar="[PLAN.json]", help="The plan to adapt, rewritten in place (default: as "
        "--plan of the other commands finds it).")] = None,
    from_: Annotated[str | None, typer.Option(
        "--from", metavar="YYYY-MM-DD",
        help="First session to re-dose (default: today in the plan's zone).")] = None,
    format: FormatOption = None,
    option: OptionOption = None,
    out_dir: Annotated[Path | None, typer.Option(
        "--out-dir", metavar="DIR", help="Folder for the --format files. "
        "(default: the plan's folder)")] = None,
    log: LogOption = None,
    publish: PublishOption = None,
    quiet: QuietOption = False,
) -> None:
    """Re-dose the plan's coming sessions from the log; uids, dates and exercises stay."""
    from .delivery import prepare_delivery
    from .dose_changes import report
    from .dosing import redose
    from .log.reading import read_log
    from .log.when import parse_day
    from .output import wrote
    from .plan_file import read_plan

    plan_file = plan_path(plan_file, "PLAN.json")
    config = None
    if publish is not None:
        from .config import load_build_config

        config = load_build_config()
    folder = out_dir if out_dir is not None else plan_file.parent
    delivery = prepare_delivery(format or [], option or [], folder, publish, config)
    before = read_plan(plan_file)
    first = parse_day(from_ or "today", before, "--from")
    entries, efforts = read_log(log)
    after = redose(before, entries, first, efforts=efforts)
    _, written, unchanged = delivery.write(after, plan_file.stem,
                                           record=lambda plan, stem: plan_file)
    changed = sum(1 for (_, old), (_, new) in zip(before.sessions(), after.sessions(), strict=True)
                  if old != new)
    if changed:
        say(quiet, f"adapted {changed} session(s) from {first} on (plan revision "
             f"{after.revision})")
        say(quiet, "\n".join(report(before, after)))
    else:
        say(quiet, f"no dose changed from {first} on")
    for path in written:
        say(quiet, visible(wrote(path, unchanged)))
    say(quiet, "\n".join(delivery.publish(after, plan_file)))


@app.command(epilog=examples(
    "planner publish plan.json --to caldav -o caldav.url=https://dav.example.com/cal/me/training/"
    " -o caldav.user=me",
    "planner publish plan.json --to caldav -o caldav.url=… --dry-run   (say what would change)",
    "PLANNER_CALDAV_PASSWORD=… planner adapt plan.json --publish caldav -o caldav.url=…",
    "planner publish plan.json   (with the calendar in the config file's [publish] table)"))
def publish(
    plan_file: Annotated[Path | None, typer.Argument(
        metavar="[PLAN.json]", help="A plan written by build (default: found as `planner "
        "today` finds it).")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="NAME", help="Where to: caldav, or a plugin's publisher. (default: "
        "`to` in the config file's \\[publish] table)")] = None,
    option: Annotated[list[str] | None, typer.Option(
        "--option", "-o", metavar="KEY=VALUE", help="Publisher option, e.g. caldav.url=URL, "
        "caldav.user=NAME. The password comes from $PLANNER_CALDAV_PASSWORD, ~/.netrc or a "
        "prompt.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would change; change "
                                                            "nothing.")] = False,
    force: Annotated[bool, typer.Option(
        "--force", help="Overwrite events that changed on the server meanwhile.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Put the plan's sessions into a calendar (CalDAV) and keep them in step.

    Only what changed is sent, sessions no longer in the plan are removed, nothing else is
    touched."""
    from .config import PUBLISH, load_build_config
    from .plan_file import read_plan
    from .publish import prepare, publish_now

    config = load_build_config()
    to = to or config.publish_to
    if to is None:
        raise UsageError(f"name where to publish, e.g. --to caldav (or set `to` in the config "
                         f"file's [{PUBLISH}] table)", option="--to")
    chosen, _ = prepare(to, list(option or []), bare_to_publisher=True, dry_run=dry_run,
                        force=force, config=config)
    warn(chosen.warnings)
    plan_file = plan_path(plan_file, "PLAN.json")
    lines = publish_now(chosen, read_plan(plan_file), str(plan_file))
    say(quiet, "\n".join(lines))
