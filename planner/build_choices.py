"""What `build` builds: each option from the command line, else the config file, else the
built-in default, checked into Settings. Pure: the caller reads the config file."""

from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from .config import BuildConfig, options_for
from .settings import (
    ALL_EQUIPMENT,
    BUILD_DEFAULTS,
    DEFAULT_BANDS,
    Settings,
    check_block_weeks,
    check_deload,
    check_minutes,
    check_name,
    check_seed,
    check_span,
    check_weeks,
    next_monday,
    parse_bands,
    parse_days,
    parse_equipment,
    parse_level,
    parse_start,
    parse_time,
    parse_timezone,
    system_timezone,
)


class BuildChoices(NamedTuple):
    """A build's settings and where its files go, with what the config file supplied."""

    settings: Settings
    formats: list[str]
    options: list[str]  # exporter options: the config file's, then the command line's
    out_dir: Path
    from_file: frozenset[str]  # the options (config keys) whose value is the file's


def from_config_file(given: dict[str, Any], config: BuildConfig) -> frozenset[str]:
    """The options the command line left out and the config file gives."""
    return frozenset(key for key, value in given.items()
                     if value is None and key in config.values)


def choose_build(given: dict[str, Any], config: BuildConfig, *, start: str | None = None,
                 seed: int = 0, catalogs: tuple[str, ...] = (),
                 today: date | None = None) -> BuildChoices:
    """`given` holds the command line's value of each config key (`weeks`, `days`, …, None
    where the option was left out), shaped as the options give them. `start`, `seed` and
    the catalogs are the command line's only; `today` decides the default start (the next
    Monday). A bad value raises the option's UsageError."""
    chosen: dict[str, Any] = {
        key: value if value is not None else config.values.get(key, BUILD_DEFAULTS.get(key))
        for key, value in given.items()}
    formats = chosen["format"] or ["json"]
    from_file = from_config_file(given, config)
    file_options = options_for(config.values.get("option", []), formats)
    if not file_options:
        from_file -= {"option"}
    first_day = (parse_start(start) if start is not None
                 else next_monday(today or date.today()))
    tz, equipment, bands = chosen["tz"], chosen["equipment"], chosen["bands"]
    settings = Settings(
        name=check_name(chosen["name"]),
        weeks=check_weeks(chosen["weeks"]),
        start=first_day,
        days=parse_days(chosen["days"]),
        time=parse_time(chosen["time"]),
        timezone=parse_timezone(tz) if tz is not None else system_timezone(),
        minutes=check_minutes(chosen["minutes"]),
        level=parse_level(chosen["level"]),
        equipment=parse_equipment(equipment) if equipment is not None else ALL_EQUIPMENT,
        bands=parse_bands(bands) if bands is not None else DEFAULT_BANDS,
        seed=check_seed(seed),
        deload_every=check_deload(chosen["deload_every"]),
        catalogs=catalogs,
        block_weeks=check_block_weeks(chosen["block_weeks"]),
    )
    check_span(first_day, settings.weeks)
    # The file's exporter options first: a key the command line sets again is the command line's.
    options = file_options + list(given["option"] or [])
    return BuildChoices(settings, formats, options, chosen["out_dir"], from_file)
