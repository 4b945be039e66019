"""`--option [NAME.]KEY=VALUE`: reading one, and routing exporter options to the exporters
that declare them (publishers take theirs in publish.py)."""

from __future__ import annotations

from collections.abc import Iterable

from .errors import OptionError
from .plugin_host import Registered


def parse_option(text: str, example: str = "pdf.paper=letter") -> tuple[str, str, str]:
    """(NAME, KEY, VALUE) of `--option NAME.KEY=VALUE`; NAME is "" when not given."""
    key, sep, value = text.partition("=")
    key = key.strip()
    if not sep or not key:
        raise OptionError(f"{text!r} must look like KEY=VALUE, e.g. {example}", option="--option")
    target, _, bare = key.rpartition(".")
    return target, bare, value


def no_such_option(kind: str, name: str, key: str, declared: Iterable[str]) -> str:
    """"the pdf exporter has no option 'margin' (accepts fields, paper)", with a
    "did you mean" when a declared key is close."""
    from .suggest import did_you_mean

    return (f"{did_you_mean(key, declared)}the {name} {kind} has no option '{key}' "
            f"({accepted(declared)})")


def accepted(declared: Iterable[str]) -> str:
    keys = sorted(declared)
    return "accepts " + ", ".join(keys) if keys else "takes no options"


def route_options(raw: list[str], chosen: list[Registered]) -> dict[str, dict[str, str]]:
    """Map each chosen exporter's name to the options meant for it.

    `pdf.paper=letter` goes to the `pdf` exporter; a bare `paper=letter` goes to every
    chosen exporter that declares `paper`. A key no chosen exporter declares is an error.
    """
    routed: dict[str, dict[str, str]] = {entry.name: {} for entry in chosen}
    by_name = {entry.name: entry for entry in chosen}
    for text in raw:
        target, key, value = parse_option(text)
        if target:
            entry = by_name.get(target)
            if entry is None:
                raise OptionError(f"'{target}' is not a chosen format (chosen: "
                                  f"{', '.join(by_name)}); add -f {target} to write it",
                                  key=f"{target}.{key}")
            declared = entry.options
            if key not in declared:
                raise OptionError(no_such_option("exporter", target, key, declared),
                                  key=f"{target}.{key}")
            routed[target][key] = value
            continue
        takers = [entry for entry in chosen if key in entry.options]
        if not takers:
            known = "; ".join(f"{entry.name}: {accepted(entry.options)}"
                              for entry in chosen)
            raise OptionError(f"no chosen format takes this option ({known})", key=key)
        for entry in takers:
            routed[entry.name][key] = value
    return routed
