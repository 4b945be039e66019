"""The path from a plan to files, in two steps: `prepare_export` chooses the exporters,
routes and checks their options and the output folder, before any plan is built or read, so a
typo fails fast; `write_export` renders every format and writes them all or none.

Warnings (a plugin that failed to load, two plugins with one format name) are returned for
the command to print: nothing here talks to the terminal."""

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from .errors import PlannerError, PluginError
from .output import check_dir, write_all
from .plan import Plan
from .plugin_host import Registered
from .status_line import StatusLine


class Export(NamedTuple):
    """Exporters chosen, with their checked options, and where their files go."""

    chosen: list[Registered]
    options: dict[str, dict[str, str]]  # format name -> its options
    out_dir: Path
    warnings: list[str]


def prepare_export(formats: list[str], raw_options: list[str], out_dir: Path) -> Export:
    """Choose the exporters of `formats` (repeated or comma-separated), route `--option`s to
    them and let each check its own; check the output folder can be one."""
    from .options import route_options
    from .plugin_host import check_options, load_exporters

    formats = [name.strip() for given in formats for name in given.split(",") if name.strip()]
    if len(set(formats)) != len(formats):
        raise PlannerError("a format is named twice", option="--format")
    found = load_exporters(set(formats))
    # A chosen format whose own plugin (same entry-point name) failed to load or register
    # is a plugin failure (exit 1), not an unknown format.
    broken = {name: found.failed[name] for name in formats
              if name not in found.found and name in found.failed}
    if broken:
        name, failure = next(iter(broken.items()))
        raise PluginError(failure, option="--format", key=name)
    warnings = list(found.failures)
    for name, clash in found.clashes.items():
        if name in formats:
            raise PluginError(clash)
        warnings.append(clash)
    chosen = [found.get(name) for name in formats]
    suffixes = [entry.suffix for entry in chosen]
    if len(set(suffixes)) != len(suffixes):
        raise PlannerError("two chosen formats write the same file suffix; "
                           "export them one at a time with different --name", option="--format")
    routed = route_options(raw_options, chosen)
    for entry in chosen:
        check_options(entry, routed[entry.name])
    check_dir(out_dir)
    return Export(chosen, routed, out_dir, warnings)


def write_export(export: Export, plan: Plan, stem: str | None,
                 record: Callable[[Plan, str], Path] | None = None
                 ) -> tuple[Plan, list[str], set[str]]:
    """Render every chosen format of the plan and write them, all or none; return the
    read-only plan they all got, the files of the set and those of them left unchanged
    (they held exactly these bytes already).

    Every exporter, the plan of record and the returned plan (for the summary) share one
    read-only plan (`Plan.frozen`), so no plugin can change what the others get.
    `record(plan, stem)` names where the plan of record (its JSON document) goes as well,
    unless a chosen format already writes that file.
    """
    from .plugin_host import render_with

    plan = plan.frozen()
    stem = stem or plan.name
    progress = StatusLine(sum(len(week.sessions) for week in plan.weeks))
    files = []
    try:
        for number, entry in enumerate(export.chosen, start=1):
            progress.step(f"writing {entry.name} ({number} of {len(export.chosen)})…")
            data = render_with(entry, plan, export.options[entry.name])
            files.append((export.out_dir / f"{stem}{entry.suffix}", data))
    finally:
        progress.done()
    if record is not None:
        from .plan_document import plan_json

        target = record(plan, stem)
        # The built-in json format writes exactly the plan of record: no second rendering.
        same = [data for (path, data), entry in zip(files, export.chosen, strict=True)
                if path == target and entry.name == "json"]
        files = [(path, data) for path, data in files if path != target]
        files.insert(0, (target, same[0] if same else plan_json(plan)))
    unchanged = write_all(files, export.out_dir)
    return plan, [str(path) for path, _ in files], {str(path) for path in unchanged}
