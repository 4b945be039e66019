"""The `planner` command line. Heavy modules load inside the commands that use them."""

# No `from __future__ import annotations` here: Typer would have to eval every string
# annotation on each start (about 3 ms).
import errno
import gc
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__, log_commands
from .errors import PlannerError
from .terminal import visible, visible_lines

app = typer.Typer(
    name="planner",
    help="Plan multi-week resistance-band routines for the upper, mid and lower back.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
catalog_app = typer.Typer(help="Browse and check exercise catalogs.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")

CatalogOption = Annotated[
    Optional[list[Path]],
    typer.Option("--catalog", metavar="FILE",
                 help="Extra catalog (TOML); repeat for more. Same id replaces a shipped exercise."),
]
FormatOption = Annotated[
    Optional[list[str]],
    typer.Option("--format", "-f", metavar="NAME", help="Exporter to run; repeat for more. "
                 "See `planner exporters`."),
]
OptionOption = Annotated[
    Optional[list[str]],
    typer.Option("--option", "-o", metavar="KEY=VALUE",
                 help="Exporter option, e.g. pdf.paper=letter or ics.alarm=30."),
]
OutDirOption = Annotated[Path, typer.Option("--out-dir", metavar="DIR", help="Folder for the files.")]
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


@app.command()
def build(
    weeks: Annotated[int, typer.Option(help="Number of weeks, 1 to 520.")] = 4,
    start: Annotated[Optional[str], typer.Option(metavar="YYYY-MM-DD",
                                                 help="First day. (default: next Monday)")] = None,
    days: Annotated[str, typer.Option(help="Training days, comma-separated.")] = "mon,wed,fri",
    time: Annotated[str, typer.Option("--time", metavar="HH:MM", help="Start time.")] = "07:00",
    tz: Annotated[Optional[str], typer.Option("--tz", metavar="IANA-ZONE",
                                              help="Time zone. (default: this system's)")] = None,
    minutes: Annotated[int, typer.Option(help="Length of each session.")] = 30,
    level: Annotated[str, typer.Option(help="beginner, intermediate or advanced.")] = "beginner",
    equipment: Annotated[Optional[str], typer.Option(
        metavar="LIST", help="What you own besides a band: loop,handles,anchor,chair or none. "
        "(default: all)")] = None,
    bands: Annotated[Optional[str], typer.Option(
        metavar="LIST", help="Your band levels, lightest first. "
        "(default: extra-light,light,medium,heavy,extra-heavy)")] = None,
    deload_every: Annotated[int, typer.Option(
        metavar="N", help="Make every Nth week a lighter deload week; 0 for never.")] = 0,
    catalog: CatalogOption = None,
    format: FormatOption = None,
    option: OptionOption = None,
    out_dir: OutDirOption = Path("."),
    name: Annotated[str, typer.Option(metavar="STEM",
                                      help="Plan name and file name stem.")] = "plan",
    seed: Annotated[int, typer.Option(help="Seed for the exercise rotation.")] = 0,
    continue_: Annotated[bool, typer.Option(
        "--continue", help="Start each exercise where the training log leaves it.")] = False,
    log: LogOption = None,
) -> None:
    """Build a routine and write it in each --format, and always STEM.json (default: json)."""
    from datetime import date

    from . import settings as s
    from .builder import build_plan
    from .catalog import load_catalog
    from .export import export_plan
    from .log_commands import logged_progress
    from .summary import plan_summary

    settings = s.Settings(
        name=s.check_name(name),
        weeks=s.check_weeks(weeks),
        start=s.parse_start(start) if start is not None else s.next_monday(date.today()),
        days=s.parse_days(days),
        time=s.parse_time(time),
        timezone=s.parse_timezone(tz) if tz is not None else s.system_timezone(),
        minutes=s.check_minutes(minutes),
        level=s.parse_level(level),
        equipment=s.parse_equipment(equipment) if equipment is not None else s.ALL_EQUIPMENT,
        bands=s.parse_bands(bands) if bands is not None else s.DEFAULT_BANDS,
        seed=s.check_seed(seed),
        deload_every=s.check_deload(deload_every),
        catalogs=tuple(str(p) for p in catalog or ()),
    )
    s.check_span(settings.start, settings.weeks)
    formats = format or ["json"]

    if log is not None and not continue_:
        raise s.UsageError("--log: is read by --continue only; add --continue")

    def make_plan():
        shelf = load_catalog(catalog or [])
        if not continue_:
            return build_plan(shelf, settings)
        progress, logged = logged_progress(shelf.exercises, settings.bands, log, settings.start)
        plan = build_plan(shelf, settings, progress)
        return plan._replace(logged={key: done for key, done in logged.items()
                                     if key in plan.exercises})

    plan, written = export_plan(make_plan, formats, option or [], out_dir, name,
                                record=lambda plan, stem: out_dir / f"{stem}.json")
    typer.echo(visible_lines(plan_summary(plan, written)))


@app.command()
def export(
    plan_file: Annotated[Path, typer.Argument(metavar="PLAN.json", help="A plan written by build.")],
    format: Annotated[list[str], typer.Option("--format", "-f", metavar="NAME",
                                              help="Exporter to run; repeat for more.")],
    option: OptionOption = None,
    out_dir: OutDirOption = Path("."),
    name: Annotated[Optional[str], typer.Option(
        metavar="STEM", help="File name stem. (default: the plan's name)")] = None,
) -> None:
    """Export a saved plan.json again, in any format."""
    from .export import export_plan
    from .plan_file import read_plan
    from .settings import check_name

    stem = check_name(name) if name is not None else None
    plan, written = export_plan(lambda: read_plan(plan_file), format, option or [], out_dir, stem)
    for path in written:
        typer.echo(f"wrote {path}")


log_commands.register(app, FormatOption, OptionOption)


@app.command()
def exporters(
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the installed exporters and the plugins that provide them."""
    from .listing import show_exporters

    show_exporters(json_output)


@catalog_app.command("list")
def catalog_list(
    region: Annotated[Optional[str], typer.Option(help="upper, mid or lower.")] = None,
    catalog: CatalogOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
) -> None:
    """List the exercises, optionally of one region."""
    from .listing import list_exercises

    list_exercises(region, catalog or [], json_output)


@catalog_app.command("show")
def catalog_show(
    exercise_id: Annotated[str, typer.Argument(metavar="EXERCISE-ID")],
    catalog: CatalogOption = None,
) -> None:
    """Show one exercise: steps, breathing cues, equipment and safety notes."""
    from .listing import show_exercise

    show_exercise(exercise_id, catalog or [])


@catalog_app.command("validate")
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
