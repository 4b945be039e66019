"""The options several commands share, as Typer parameter types."""

from pathlib import Path
from typing import Annotated

import typer

from . import completion

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
LogOption = Annotated[Path | None, typer.Option(
    "--log", metavar="FILE", help="The training log (default: $PLANNER_LOG, else "
    "log.sqlite3 in the user's data folder).")]
PlanOption = Annotated[Path | None, typer.Option(
    "--plan", metavar="PLAN.json", help="The plan (default: $PLANNER_PLAN, else \\[build] "
    "out_dir and name in the config file, else ./plan.json).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
NoAdaptOption = Annotated[bool, typer.Option(
    "--no-adapt", help="Leave the plan's doses as they are (by default the coming sessions "
    "follow the log).")]
OnOption = Annotated[str | None, typer.Option(
    "--on", metavar="DATE", help="Answer as of this day (YYYY-MM-DD, today, yesterday) "
    "instead of today.")]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors.")]


def joined(values: list[str] | None) -> str | None:
    """A list option given several times (`--days mon --days fri`), as one comma list."""
    return ",".join(values) if values else None
