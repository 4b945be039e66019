"""`--option KEY=VALUE`: routing exporter options to the exporters that declare them."""

from __future__ import annotations

from .errors import OptionError
from .plugin_host import Registered, exporter_options


def route_options(raw: list[str], chosen: list[Registered]) -> dict[str, dict[str, str]]:
    """Map each chosen exporter's name to the options meant for it.

    `pdf.paper=letter` goes to the `pdf` exporter; a bare `paper=letter` goes to every
    chosen exporter that declares `paper`. A key no chosen exporter declares is an error.
    """
    routed: dict[str, dict[str, str]] = {entry.name: {} for entry in chosen}
    by_name = {entry.name: entry for entry in chosen}
    for text in raw:
        key, sep, value = text.partition("=")
        key = key.strip()
        if not sep or not key:
            raise OptionError(f"--option: {text!r} must look like KEY=VALUE, e.g. pdf.paper=letter")
        target, dot, bare = key.rpartition(".")
        if dot:
            entry = by_name.get(target)
            if entry is None:
                raise OptionError(f"--option {key}: '{target}' is not a chosen format "
                                  f"(chosen: {', '.join(by_name)}); add -f {target} to write it")
            if bare not in exporter_options(entry.exporter):
                raise OptionError(f"--option {key}: the {target} exporter has no option "
                                  f"'{bare}' ({_accepted(entry)})")
            routed[target][bare] = value
            continue
        takers = [entry for entry in chosen if key in exporter_options(entry.exporter)]
        if not takers:
            known = "; ".join(f"{entry.name}: {_accepted(entry)}" for entry in chosen)
            raise OptionError(f"--option {key}: no chosen format takes this option ({known})")
        for entry in takers:
            routed[entry.name][key] = value
    return routed


def _accepted(entry: Registered) -> str:
    keys = sorted(exporter_options(entry.exporter))
    return "accepts " + ", ".join(keys) if keys else "takes no options"
