"""The path from a plan to files: choose exporters, route options, render all, write all."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import typer

from .errors import PlannerError, PluginError
from .output import check_dir, write_all
from .plan import Plan
from .progress import Progress


def export_plan(
    load_plan: Callable[[], Plan],
    formats: list[str],
    raw_options: list[str],
    out_dir: Path,
    stem: str | None,
    record: Callable[[Plan, str], Path] | None = None,
) -> tuple[Plan, list[str]]:
    """Render `formats` of the plan and write them, all or none; return what was written.

    Exporters and options are checked before the plan is built or read, so a typo fails fast.
    Every exporter, the plan of record and the returned plan (for the summary) share one
    read-only plan (`Plan.frozen`), so no plugin can change what the others get.
    `record(plan, stem)` names where the plan of record (its JSON document) goes as well,
    unless a chosen format already writes that file.
    """
    from .options import route_options
    from .plugins import check_options, load_exporters, render_with

    formats = [name.strip() for given in formats for name in given.split(",") if name.strip()]
    if len(set(formats)) != len(formats):
        raise PlannerError("--format: a format is named twice")
    found = load_exporters(set(formats))
    # A chosen format whose own plugin (same entry-point name) failed to load or register
    # is a plugin failure (exit 1), not an unknown format.
    broken = {name: found.failed[name] for name in formats
              if name not in found.found and name in found.failed}
    for failure in found.failures:
        if failure not in broken.values():
            typer.echo(f"Warning: {failure}", err=True)
    if broken:
        name, failure = next(iter(broken.items()))
        raise PluginError(f"--format {name}: {failure}")
    for name, clash in found.clashes.items():
        if name in formats:
            raise PluginError(clash)
        typer.echo(f"Warning: {clash}", err=True)
    chosen = [found.get(name) for name in formats]
    suffixes = [entry.exporter.suffix for entry in chosen]
    if len(set(suffixes)) != len(suffixes):
        raise PlannerError("--format: two chosen formats write the same file suffix; "
                           "export them one at a time with different --name")
    routed = route_options(raw_options, chosen)
    for entry in chosen:
        check_options(entry, routed[entry.name])
    check_dir(out_dir)
    plan = load_plan().frozen()
    stem = stem or plan.name
    progress = Progress(sum(len(week.sessions) for week in plan.weeks))
    files = []
    try:
        for number, entry in enumerate(chosen, start=1):
            progress.step(f"writing {entry.name} ({number} of {len(chosen)})…")
            data = render_with(entry, plan, routed[entry.name])
            files.append((out_dir / f"{stem}{entry.exporter.suffix}", data))
    finally:
        progress.done()
    if record is not None:
        from .plan_file import plan_json

        target = record(plan, stem)
        # The built-in json format writes exactly the plan of record: no second rendering.
        same = [data for (path, data), entry in zip(files, chosen, strict=True)
                if path == target and entry.name == "json"]
        files = [(path, data) for path, data in files if path != target]
        files.insert(0, (target, same[0] if same else plan_json(plan)))
    write_all(files, out_dir)
    return plan, [str(path) for path, _ in files]
