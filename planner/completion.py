"""Shell completion for option values: what each option accepts, from where it is known.
Each function takes what has been typed so far and returns the words that continue it."""

from __future__ import annotations


def _starting(words, incomplete: str) -> list[str]:
    return sorted(word for word in set(words) if word.startswith(incomplete))


def formats(incomplete: str) -> list[str]:
    """--format: the exporters installed."""
    from .plugin_host import load_exporters

    return _starting(load_exporters().found, incomplete)


def exercises(incomplete: str) -> list[str]:
    """An exercise: the shipped catalog's ids (names work too, but have spaces)."""
    from .catalog import shipped_catalog

    return _starting((ex.id for ex in shipped_catalog().exercises), incomplete)


def bands(incomplete: str) -> list[str]:
    """--band: the config file's bands, else the default ladder."""
    from .config import load_build_config
    from .errors import PlannerError
    from .settings import DEFAULT_BANDS

    try:
        owned = load_build_config().values.get("bands")
    except PlannerError:
        owned = None
    names = owned.split(",") if isinstance(owned, str) else owned or DEFAULT_BANDS
    return _starting((name.strip() for name in names), incomplete)


def feels(incomplete: str) -> list[str]:
    from .log.entry import FEELS

    return _starting(FEELS, incomplete)


def slacks(incomplete: str) -> list[str]:
    from .progression import SLACKS

    return _starting(SLACKS, incomplete)


def levels(incomplete: str) -> list[str]:
    from .progression import LEVELS

    return _starting(LEVELS, incomplete)


def zones(incomplete: str) -> list[str]:
    """--tz: the IANA zones this system knows."""
    from zoneinfo import available_timezones

    from .dates import is_zone_name

    return _starting((z for z in available_timezones() if is_zone_name(z, load=False)),
                     incomplete)
