"""What the informational commands print: exporters and catalog contents."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import typer

from .errors import CatalogError, PlannerError, UsageError
from .exercise import EQUIPMENT, REGIONS
from .terminal import safe_json, visible, visible_lines


def show_exporters(as_json: bool) -> None:
    from .plugins import exporter_options, load_exporters

    found = load_exporters()
    rows = [
        {"name": entry.name, "suffix": entry.exporter.suffix,
         "description": entry.exporter.description,
         "options": exporter_options(entry.exporter),
         "plugin": entry.provider.plugin, "provided_by": entry.provider.dist}
        for entry in sorted(found.found.values(), key=lambda e: e.name)
    ]
    problems = found.failures + list(found.clashes.values())
    if as_json:
        typer.echo(safe_json(json.dumps({"exporters": rows, "problems": problems}, indent=2,
                                        ensure_ascii=False)))
    else:
        lines = []
        for row in rows:  # plugins are outside code: what they say is shown, not obeyed
            lines.append(f"{row['name']:<8} {row['suffix']:<7} {row['description']}")
            lines.append(f"{'':<16} provided by {row['provided_by']} (plugin '{row['plugin']}')")
            for key, help_text in row["options"].items():
                lines.append(f"{'':<16} --option {row['name']}.{key}=…  {help_text}")
        lines += [f"broken   {problem}" for problem in problems]
        if lines:
            typer.echo("\n".join(visible(line) for line in lines))
    for problem in problems:
        typer.echo(f"Warning: {visible(problem)}", err=True)


def list_exercises(region: str | None, catalogs: list[Path], as_json: bool) -> None:
    from .catalog import load_catalog

    if region is not None and region not in REGIONS:
        raise UsageError(f"--region: unknown region {region!r}; use {', '.join(REGIONS)}")
    exercises = [ex for ex in load_catalog(catalogs).exercises.values()
                 if region is None or ex.region == region]
    exercises.sort(key=lambda ex: (REGIONS.index(ex.region), ex.id))
    if as_json:
        typer.echo(safe_json(json.dumps([ex.to_dict() for ex in exercises], indent=2,
                                        ensure_ascii=False)))
        return
    width = max((len(ex.id) for ex in exercises), default=2)
    typer.echo(f"{'ID':<{width}}  {'REGION':<6}  {'NEEDS':<18}  NAME")
    for ex in exercises:
        needs = ",".join(ex.equipment) or "band only"
        typer.echo(f"{ex.id:<{width}}  {ex.region:<6}  {needs:<18}  {visible(_one_line(ex.name))}")


def show_exercise(exercise_id: str, catalogs: list[Path]) -> None:
    from .catalog import load_catalog

    catalog = load_catalog(catalogs)
    exercise = catalog.exercises.get(exercise_id)
    if exercise is None:
        raise PlannerError(f"EXERCISE-ID: no exercise {exercise_id!r}; "
                           "see `planner catalog list` for the ids")
    low, high = exercise.reps
    side = " per side" if exercise.per_side else ""
    out = [
        f"{exercise.name}  ({exercise.id})",
        f"Region: {exercise.region} back    Position: {exercise.position}    "
        f"Reps: {low}-{high}{side}",
        f"Band: {exercise.band} band    Anchor: {exercise.anchor}",
        "Equipment: " + ("; ".join(EQUIPMENT[w] for w in exercise.equipment) or "a band only"),
        *([f"Source: {exercise.source}"] if exercise.source.strip().lower() != "added" else []),
        "",
        _wrap(exercise.setup_line, "Set up: "),
        _wrap(exercise.key_cue, "Key cue: "),
        "",
        "Steps:",
        *_numbered(exercise.steps),
        "",
        "Breathing and form:",
        *(_wrap(cue, "  - ") for cue in exercise.cues),
    ]
    if exercise.notes:
        out += ["", "Notes:", *(_wrap(note, "  - ") for note in exercise.notes)]
    if catalog.safety:
        out += ["", "Safety:", *(_wrap(note, "  - ") for note in catalog.safety)]
    typer.echo(visible_lines("\n".join(out)))


def validate_catalogs(files: list[Path]) -> None:
    from .catalog import read_catalog_file

    problems: list[str] = []
    for path in files:
        loaded, found = read_catalog_file(path)
        if loaded is not None:
            typer.echo(visible(f"ok: {path}: {len(loaded.exercises)} exercise(s)"))
        problems.extend(found)
    if problems:
        raise CatalogError(problems)


def _numbered(steps: tuple[str, ...]) -> list[str]:
    return [_wrap(step, f"  {n}. ") for n, step in enumerate(steps, start=1)]


def _wrap(text: str, prefix: str) -> str:
    return textwrap.fill(_one_line(text), width=88, initial_indent=prefix,
                         subsequent_indent=" " * len(prefix))


def _one_line(text: str) -> str:
    return " ".join(text.split())
