"""The dates and time zones a plan may use: rules shared by the build settings, the plan file
reader and the calendar exporter. Pure, stdlib only."""

from __future__ import annotations

from datetime import date

# Every date of every plan lies in this span; calendar time zone data is written for it.
EARLIEST, LATEST = date(1900, 1, 1), date(2200, 12, 31)


def is_zone_name(name: str, load: bool = True) -> bool:
    """An IANA zone the zone database knows, not a file path or a machine-specific alias.
    With `load=False` only the name is judged (for names the database itself listed)."""
    from zoneinfo import ZoneInfo

    if (not name or name.startswith(("/", ".", "posix/", "right/")) or ".." in name
            or name in ("localtime", "posixrules", "Factory")):
        return False
    if not load:
        return True
    try:
        ZoneInfo(name)
    except Exception:  # ZoneInfoNotFoundError, ValueError, or a file that is not a zone
        return False
    return True


TODAY_VARIABLE = "PLANNER_TODAY"


def today(zone: str | None = None) -> date:
    """Today in `zone` (None: this system's), or $PLANNER_TODAY (YYYY-MM-DD) when it is set,
    for scripts and tests that play out weeks of training."""
    import os

    given = os.environ.get(TODAY_VARIABLE, "").strip()
    if given:
        try:
            return date.fromisoformat(given)
        except ValueError:
            from .errors import UsageError

            shown = given if len(given) <= 20 else given[:19] + "…"
            raise UsageError(f"${TODAY_VARIABLE}: {shown!r} is not a date; use "
                             "YYYY-MM-DD") from None
    if zone is None:
        return date.today()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(zone)).date()
