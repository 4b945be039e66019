"""The Typer application every command module adds its commands to, and its root options."""

# No `from __future__ import annotations` in the command modules: Typer reads their
# annotations at start-up, and would have to evaluate strings (about 3 ms).
from typing import Annotated

import typer

from . import __version__

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
