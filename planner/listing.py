"""What the informational commands print: exporters and catalog contents."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .errors import CatalogError, UsageError
from .exercise import EQUIPMENT, REGIONS
from .terminal import safe_json, visible, visible_lines, width, wrap


def show_exporters(as_json: bool) -> None:
    from .plugin_host import load_exporters, load_publishers

    found, publishing = load_exporters(), load_publishers()
    rows = [_row(entry, suffix=entry.suffix)
            for entry in sorted(found.found.values(), key=lambda e: e.name)]
    publishers = [_row(entry)
                  for entry in sorted(publishing.found.values(), key=lambda e: e.name)]
    problems = list(dict.fromkeys([*found.failures, *found.clashes.values(),
                                   *publishing.failures, *publishing.clashes.values()]))
    if as_json:
        document = {"exporters": rows, "publishers": publishers, "problems": problems}
        typer.echo(safe_json(json.dumps(document, indent=2, ensure_ascii=False)))
    else:
        lines, columns = [], width(100)
        for row in rows + publishers:  # plugins are outside code: shown, not obeyed
            kind = row.get("suffix", "publish")
            lines += wrap(row["description"], f"{row['name']:<8} {kind:<7} ", columns)
            lines += wrap(f"provided by {row['provided_by']} (plugin '{row['plugin']}')",
                          " " * 17, columns)
            for key, help_text in row["options"].items():
                lines += wrap(f"--option {row['name']}.{key}=…  {help_text}", " " * 17, columns)
        lines += [f"broken   {problem}" for problem in problems]
        if lines:
            typer.echo("\n".join(visible(line) for line in lines))
    for problem in problems:
        typer.echo(f"Warning: {visible(problem)}", err=True)


def _row(entry, **extra) -> dict:
    return {"name": entry.name, **extra, "description": entry.description,
            "options": dict(entry.options), "plugin": entry.provider.plugin,
            "provided_by": entry.provider.dist}


def list_exercises(region: str | None, catalogs: list[Path], as_json: bool,
                   equipment: str | None = None) -> None:
    """The catalog's exercises, by region; with `equipment`, only those it allows."""
    from .catalog import load_catalog
    from .settings import parse_equipment

    if region is not None and region not in REGIONS:
        raise UsageError(f"unknown region {region!r}; use {', '.join(REGIONS)}", option="--region")
    owned = parse_equipment(equipment) if equipment is not None else None
    exercises = [ex for ex in load_catalog(catalogs).exercises.values()
                 if (region is None or ex.region == region)
                 and (owned is None or ex.fits(owned))]
    exercises.sort(key=lambda ex: (REGIONS.index(ex.region), ex.id))
    if as_json:
        # Every entry has "figure": its drawing data, or null for an exercise without one.
        entries = [ex.to_dict() for ex in exercises]
        for entry in entries:
            entry.setdefault("figure", None)
        typer.echo(safe_json(json.dumps(entries, indent=2, ensure_ascii=False)))
        return
    rows: list[tuple[str, ...]] = [(visible(_one_line(ex.name)), ex.id, ex.region,
                                    equipment_words(ex)) for ex in exercises]
    for line in _table(("NAME", "ID", "REGION", "EQUIPMENT"), rows, width(100)):
        typer.echo(line)
    if not rows:
        typer.echo("(no exercise fits)")


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]], columns: int) -> list[str]:
    """Rows as aligned columns in `columns`; when they do not fit, the first and last columns
    (name, equipment) wrap at spaces, so the id always stays whole."""
    import textwrap

    widths = [max(len(h), *(len(row[n]) for row in rows)) if rows else len(h)
              for n, h in enumerate(header)]
    spare = columns - 1 - sum(widths[1:-1]) - 2 * (len(widths) - 1)
    if widths[0] + widths[-1] > spare:
        words = [w for row in rows for w in row[-1].split()] or ["x"]
        last = max(max(map(len, words)) + 3, min(widths[-1], spare // 2))
        if spare - last < 12:  # too narrow even so: each row's last cell on its own lines
            return [line for row in (header, *rows)
                    for line in (*wrap("  ".join(row[:-1]), "", columns - 1),
                                 *wrap(row[-1], "    ", columns - 1))]
        widths[0], widths[-1] = spare - last, last
    lines = []
    for row in (header, *rows):
        cells = [textwrap.wrap(cell, w, break_on_hyphens=False) or [""]
                 for cell, w in zip(row, widths, strict=True)]
        for depth in range(max(map(len, cells))):
            parts = [cell[depth] if depth < len(cell) else "" for cell in cells]
            lines.append("  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip())
    return lines


def equipment_words(exercise) -> str:
    """`tube+anchor or flat+anchor`: each set of equipment words the exercise works with."""
    return " or ".join("+".join(need) or "any band" for need in exercise.options())


def _needs(need) -> str:
    return "; ".join(EQUIPMENT[word] for word in need) or "a band only"


def show_exercise(exercise_id: str, catalogs: list[Path]) -> None:
    from .catalog import load_catalog

    catalog = load_catalog(catalogs)
    exercise = find_exercise(catalog.exercises, exercise_id)
    low, high = exercise.reps
    side = " per side" if exercise.per_side else ""
    out = [
        f"{exercise.name}  ({exercise.id})",
        f"Region: {exercise.region} back    Position: {exercise.position}    "
        f"Reps: {low}-{high}{side}",
        f"Band: {exercise.band} band    Anchor: {exercise.anchor}",
        "Equipment: " + _needs(exercise.equipment),
        *([f"Also works with: {'; or '.join(_needs(need) for need in exercise.alternatives)}"]
          if exercise.alternatives else []),
        # The drawings are for paper: a terminal gets one line saying where they are.
        *([f"Figure: start and end drawings ({exercise.figure.view} view) in the PDF"]
          if exercise.figure is not None else []),
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
    if catalog.safety:  # listed once by `catalog safety`, not with every exercise
        out += ["", f"Before you start, read the {len(catalog.safety)} safety notes: "
                    "`planner catalog safety`."]
    typer.echo(visible_lines("\n".join(out)))


def show_safety(catalogs: list[Path]) -> None:
    from .catalog import load_catalog

    catalog = load_catalog(catalogs)
    typer.echo(visible_lines("\n".join(_wrap(note, "- ") for note in catalog.safety)))


def find_exercise(exercises: dict, wanted: str):
    """The exercise `wanted` names: its id, its name in any case or a unique beginning."""
    from .naming import find_exercise as named

    return exercises[named(wanted, exercises, "EXERCISE", "the catalog")]


def validate_catalogs(files: list[Path]) -> None:
    from .catalog import read_catalog_file

    problems: list[str] = []
    for path in files:
        loaded, found = read_catalog_file(path)
        if loaded is not None:
            typer.echo(visible(f"ok: {path} ({_one_line(loaded.name)}): "
                               f"{len(loaded.exercises)} exercise(s)"))
        problems.extend(found)
    if problems:
        raise CatalogError(problems)


def _numbered(steps: tuple[str, ...]) -> list[str]:
    return [_wrap(step, f"  {n}. ") for n, step in enumerate(steps, start=1)]


def _wrap(text: str, prefix: str) -> str:
    """One paragraph wrapped at spaces to the terminal's width (at most 100 columns)."""
    return "\n".join(wrap(_one_line(text), prefix, width(88, most=100)))


def _one_line(text: str) -> str:
    return " ".join(text.split())
