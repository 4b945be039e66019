"""The `planner` command line. Heavy modules load inside the commands that use them."""

# No `from __future__ import annotations` here: Typer would have to eval every string
# annotation on each start (about 3 ms).
import errno
import gc
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from . import __version__, completion, log_commands, settings
from .errors import PlannerError, UsageError
from .help_text import examples
from .log_commands import QuietOption
from .terminal import visible, visible_lines, warn

HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}
app = typer.Typer(
    name="planner",
    help="Plan multi-week resistance-band routines for the upper, mid and lower back.\n\n"
         "Start here: `planner init` (your bands, gear and days), then `planner build`; each "
         "training day, `planner today` and `planner log`.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings=HELP_OPTIONS,
)
catalog_app = typer.Typer(help="Browse and check exercise catalogs.", no_args_is_help=True,
                          context_settings=HELP_OPTIONS)
app.add_typer(catalog_app, name="catalog")

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


_D = settings.BUILD_DEFAULTS  # shown in build's help


CatalogOption = Annotated[
    list[Path] | None,
    typer.Option("--catalog", metavar="FILE",
                 help="Extra catalog (TOML); repeat for more. Same id replaces a shipped exercise."),
]
FormatOption = Annotated[
    list[str] | None,
    typer.Option("--format", "-f", metavar="LIST", autocompletion=completion.formats,
                 help="Exporters to run: json, pdf, ics or a plugin's; repeat or use commas "
                 "(-f pdf,ics). See `planner exporters`."),
]
OptionOption = Annotated[
    list[str] | None,
    typer.Option("--option", "-o", metavar="KEY=VALUE",
                 help="Exporter option, e.g. pdf.paper=letter or ics.alarm=30."),
]
OutDirOption = Annotated[Path, typer.Option("--out-dir", metavar="DIR", help="Folder for the files.")]
PublishOption = Annotated[str | None, typer.Option(
    "--publish", metavar="NAME", help="After writing, publish the plan, e.g. to caldav (give "
    "its --option caldav.url=…); see `planner publish`.")]
LogOption = log_commands.LogOption


def _version(value: bool) -> None:
    if value:
        typer.echo(f"band-planner {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Plan multi-week resistance-band routines for the upper, mid and lower back."""


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
        "--tz", metavar="IANA-ZONE", autocompletion=completion.zones, help=f"Time zone, e.g. Europe/Berlin. (default: this "
        f"system's, {_zone_hint()})")] = None,
    minutes: Annotated[int | None, typer.Option(
        metavar="N", help=f"Length of each session, 1 to 240. (default: {_D['minutes']})")] = None,
    level: Annotated[str | None, typer.Option(
        metavar="LEVEL", autocompletion=completion.levels, help=f"beginner, intermediate or advanced. (default: {_D['level']})"
    )] = None,
    equipment: Annotated[list[str] | None, typer.Option(
        metavar="LIST", help="What you own: flat (a band without handles), tube (with "
        "handles), loop, anchor (e.g. a door anchor), chair; none for a flat band only. "
        "(default: all of them)")] = None,
    bands: Annotated[list[str] | None, typer.Option(
        metavar="LIST", help="Your band levels, lightest first. "
        f"(default: {', '.join(settings.DEFAULT_BANDS)})")] = None,
    deload_every: Annotated[int | None, typer.Option(
        metavar="N", help="Make every Nth week a lighter deload week; 0 for never. "
        f"(default: {_D['deload_every']})")] = None,
    block_weeks: Annotated[int | None, typer.Option(
        metavar="N", help="Weeks in which each part of the back keeps the same exercises; "
        f"then at most one is swapped. (default: {_D['block_weeks']})")] = None,
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
    from .config import load_build_config, options_for

    config = load_build_config()
    given = {"weeks": weeks, "days": _joined(days), "time": time, "tz": tz, "minutes": minutes,
             "level": level, "equipment": _joined(equipment), "bands": _joined(bands),
             "deload_every": deload_every, "format": format or None, "option": option or None,
             "out_dir": out_dir, "name": name, "block_weeks": block_weeks}
    # Each option: the command line, else the config file, else the built-in default.
    chosen: dict[str, Any] = {
        key: value if value is not None else config.values.get(key, _D.get(key))
        for key, value in given.items()}
    formats = chosen["format"] or ["json"]
    from_file = {key for key, value in given.items() if value is None and key in config.values}
    file_options = options_for(config.values.get("option", []), formats)
    if not file_options:
        from_file.discard("option")
    # The file's exporter options first: a key the command line sets again is the command line's.
    options = file_options + list(option or [])
    try:
        _build(chosen, formats, options, start, catalog, seed, continue_, log, quiet, publish,
               config, force)
    except PlannerError as exc:
        raise config.blame(exc, from_file, list(option or [])) from None
    if from_file and not quiet:
        typer.echo(f"defaults from {visible(str(config.path))}")


def _joined(values: list[str] | None) -> str | None:
    """A list option given several times (`--days mon --days fri`), as one comma list."""
    return ",".join(values) if values else None




def _build(chosen: dict, formats: list[str], options: list[str], start: str | None,
           catalog: list[Path] | None, seed: int, continue_: bool, log: Path | None,
           quiet: bool = False, publish: str | None = None, config=None,
           force: bool = False) -> None:

    from .builder import build_plan
    from .catalog import load_catalog
    from .dates import today
    from .export import prepare_export, write_export
    from .lineage import carried_on, identity_of, previous
    from .plan_location import check_replacing
    from .settings import (
        ALL_EQUIPMENT,
        DEFAULT_BANDS,
        Settings,
        band_warnings,
        check_block_weeks,
        check_deload,
        check_minutes,
        check_name,
        check_seed,
        check_span,
        check_weeks,
        next_monday,
        parse_bands,
        parse_days,
        parse_equipment,
        parse_level,
        parse_start,
        parse_time,
        parse_timezone,
        system_timezone,
    )
    from .summary import plan_summary
    from .variety import variety_advice

    publisher = None
    if publish is not None:  # chosen and checked before anything is built or written
        from .publish import prepare

        publisher, options = prepare(publish, options, bare_to_publisher=False,
                                     config=config)
        warn(publisher.warnings)
    tz, equipment, bands = chosen["tz"], chosen["equipment"], chosen["bands"]
    first_day = parse_start(start) if start is not None else next_monday(today())
    settings = Settings(
        name=check_name(chosen["name"]),
        weeks=check_weeks(chosen["weeks"]),
        start=first_day,
        days=parse_days(chosen["days"]),
        time=parse_time(chosen["time"]),
        timezone=parse_timezone(tz) if tz is not None else system_timezone(),
        minutes=check_minutes(chosen["minutes"]),
        level=parse_level(chosen["level"]),
        equipment=parse_equipment(equipment) if equipment is not None else ALL_EQUIPMENT,
        bands=parse_bands(bands) if bands is not None else DEFAULT_BANDS,
        seed=check_seed(seed),
        deload_every=check_deload(chosen["deload_every"]),
        catalogs=tuple(str(p) for p in catalog or ()),
        block_weeks=check_block_weeks(chosen["block_weeks"]),
    )
    check_span(first_day, settings.weeks)
    out_dir, name = chosen["out_dir"], chosen["name"]

    if log is not None and not continue_:
        raise UsageError("is read by --continue only; add --continue", option="--log")

    # The plan this build replaces: its id and revisions go on, and one the log shaped is
    # kept unless --force or --continue.
    replaced = previous(out_dir / f"{name}.json")
    check_replacing(out_dir / f"{name}.json", replaced, force, continue_)
    warn(band_warnings(settings.bands))
    export = prepare_export(formats, options, out_dir)  # before the plan: a typo fails fast
    warn(export.warnings)
    shelf = load_catalog(catalog or [])
    warn(variety_advice(shelf, settings.equipment))
    if continue_:
        from .log_commands import logged_progress

        progress, logged = logged_progress(shelf.exercises, settings.bands, log, settings.start)
        plan = build_plan(shelf, settings, progress, identity_of(replaced))
        plan = plan._replace(logged={key: done for key, done in logged.items()
                                     if key in plan.exercises})
    else:
        plan = build_plan(shelf, settings, identity=identity_of(replaced))
    if replaced is not None:
        plan = carried_on(plan, replaced)
    plan, written = write_export(export, plan, name,
                                 record=lambda plan, stem: out_dir / f"{stem}.json")
    if not quiet:
        typer.echo(visible_lines(plan_summary(plan, written, catalog=shelf)))
    if publisher is not None:
        from .publish import publish_now

        lines = publish_now(publisher, plan, written[0], written=True)
        if not quiet:
            typer.echo(visible_lines("\n".join(lines)))


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
    from .export import prepare_export, write_export
    from .plan_file import read_plan
    from .settings import check_name

    stem = check_name(name) if name is not None else None
    export = prepare_export(format, option or [], out_dir)
    warn(export.warnings)
    _, written = write_export(export, read_plan(plan_file), stem)
    for path in written:
        if not quiet:
            typer.echo(visible(f"wrote {path}"))


log_commands.register(app, FormatOption, OptionOption, PublishOption)


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
    from .plan_location import plan_path
    from .publish import prepare, publish_now

    config = load_build_config()
    to = to or config.publish_to
    if to is None:
        raise UsageError(f"name where to publish, e.g. --to caldav (or set `to` in the "
                         f"config file's [{PUBLISH}] table)", option="--to")
    chosen, _ = prepare(to, list(option or []), bare_to_publisher=True, dry_run=dry_run,
                        force=force, config=config)
    warn(chosen.warnings)
    plan_file = plan_path(plan_file, "PLAN.json")
    lines = publish_now(chosen, read_plan(plan_file), str(plan_file))
    if not quiet:
        typer.echo(visible_lines("\n".join(lines)))


@app.command(epilog=examples("planner init", "planner init --config ~/band.toml"))
def init(
    config: Annotated[Path | None, typer.Option(
        "--config", metavar="FILE", help="Where to write it. (default: $PLANNER_CONFIG, else "
        "config.toml in the user's config folder, where build looks)")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace an existing file without asking.")] = False,
) -> None:
    """Ask which bands and gear you own, when you train, and write the config file build reads."""
    from .init_wizard import run_init

    run_init(config, force)


@app.command(epilog=examples("planner exporters", "planner exporters --json"))
def exporters(
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the installed exporters and publishers and the plugins that provide them."""
    from .listing import show_exporters

    show_exporters(json_output)


@catalog_app.command("list", epilog=examples("planner catalog list --region lower",
                                               "planner catalog list --equipment flat,loop"))
def catalog_list(
    region: Annotated[str | None, typer.Option(metavar="REGION",
                                                  help="upper, mid or lower.")] = None,
    equipment: Annotated[list[str] | None, typer.Option(
        metavar="LIST", help="Only exercises this equipment allows: flat, tube, loop, anchor, "
        "chair.")] = None,
    catalog: CatalogOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the exercises: name, id, region and the equipment each works with."""
    from .listing import list_exercises

    list_exercises(region, catalog or [], json_output, _joined(equipment))


@catalog_app.command("show", epilog=examples('planner catalog show face-pull',
                                              'planner catalog show "Band deadlift"'))
def catalog_show(
    exercise_id: Annotated[str, typer.Argument(metavar="EXERCISE",
                                               help="An exercise's id or name.",
                                               autocompletion=completion.exercises)],
    catalog: CatalogOption = None,
) -> None:
    """Show one exercise: how to set up, steps, breathing cues and equipment."""
    from .listing import show_exercise

    show_exercise(exercise_id, catalog or [])


@catalog_app.command("safety", epilog=examples("planner catalog safety"))
def catalog_safety(catalog: CatalogOption = None) -> None:
    """Show the safety notes: read them before you start."""
    from .listing import show_safety

    show_safety(catalog or [])


@catalog_app.command("validate", epilog=examples("planner catalog validate my.toml"))
def catalog_validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE...", help="Catalog files to check.")],
) -> None:
    """Check catalog files; exit 0 when all are valid, 2 otherwise."""
    from .listing import validate_catalogs

    validate_catalogs(files)


def run() -> None:
    """The `planner` program: `main`, then a quick exit."""
    try:
        main()
    finally:
        # The process ends here. Freezing the objects that are left spares the interpreter a
        # full garbage collection on the way out, a tenth of a JSON build's wall time.
        # Everything this program writes is closed and flushed before this point.
        gc.freeze()


def main(argv: list[str] | None = None) -> None:
    """Run one command: known errors become `Error: …` lines and exit codes."""
    from .interrupts import Interrupted, raising_on_signals

    debug = os.environ.get("PLANNER_DEBUG", "") == "1"
    command = typer.main.get_command(app)
    try:
        with raising_on_signals():
            code = command.main(args=argv, prog_name="planner", standalone_mode=False)
            _flush_stdout()
    except Interrupted as exc:
        typer.echo(f"Error: {exc.message()}", err=True)
        sys.exit(exc.exit_code)
    except BrokenPipeError:  # `planner catalog list | head -1`: the reader has had enough
        _quiet_stdout()
        sys.exit(141)  # as if killed by SIGPIPE, like other command-line tools
    except OSError as exc:
        if exc.filename is not None or exc.errno not in _STDOUT_ERRORS:
            raise  # not standard output's: an internal error, below
        _quiet_stdout()
        typer.echo(f"Error: cannot write to standard output: {exc.strerror}", err=True)
        sys.exit(2)
    except PlannerError as exc:
        if debug:
            raise
        for line in str(exc).splitlines() or ["unknown problem"]:
            typer.echo(f"Error: {visible(line)}", err=True)  # may quote a file's text
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("Error: aborted", err=True)
        sys.exit(130)
    except typer.TyperException as exc:  # bad option syntax, unknown option, bad number…
        if debug:
            raise
        message = " ".join(exc.format_message().split())
        if type(exc).__name__ == "NoArgsIsHelpError" or not message:
            sys.exit(0)  # `planner` or `planner catalog` alone: the help was shown
        context = getattr(exc, "ctx", None)
        if context is not None:
            message += f" (see '{context.command_path} --help')"
        typer.echo(f"Error: {message}", err=True)
        sys.exit(exc.exit_code)
    except MemoryError:
        if debug:
            raise
        typer.echo("Error: out of memory: the input is too large for the memory this system "
                   "allows the command", err=True)
        sys.exit(2)
    except Exception as exc:
        if debug:
            raise
        typer.echo(f"Error: internal error: {type(exc).__name__}: {exc} "
                   "(run with PLANNER_DEBUG=1 for details)", err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)


_STDOUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EFBIG, errno.EDQUOT, errno.EPIPE}


def _flush_stdout() -> None:
    """Flush now, so a full disk or a closed pipe is reported here, not at exit."""
    sys.stdout.flush()


def _quiet_stdout() -> None:
    """Point standard output at /dev/null, so that the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # a replaced stdout (tests) has no fd
        pass
