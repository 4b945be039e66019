"""The commands around a plan: init (the config file), exporters, and the catalog's list,
show, safety and validate."""

# No `from __future__ import annotations`: Typer reads these annotations at start-up.
from pathlib import Path
from typing import Annotated

import typer

from . import completion
from .cli_app import app, catalog_app
from .cli_options import CatalogOption, JsonOption, joined
from .help_text import examples


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
def exporters(json_output: JsonOption = False) -> None:
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
    json_output: JsonOption = False,
) -> None:
    """List the exercises: name, id, region and the equipment each works with."""
    from .listing import list_exercises

    list_exercises(region, catalog or [], json_output, joined(equipment))


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
