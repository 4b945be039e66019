"""Built-in `ics` exporter: one calendar event per session, with a reminder.

Importing this module stays cheap: icalendar is imported only when a file is rendered.
Event UIDs are the sessions' uids and every other value comes from the plan, so the same
plan always gives the same bytes and re-importing a rebuilt plan updates events in place.
"""

from __future__ import annotations

import re

from planner.api import OptionError, hookimpl

DEFAULT_ALARM = 15  # minutes before the session
MAX_ALARM = 7 * 24 * 60  # a week; anything longer is a typo, not a reminder
_MINUTES = re.compile(r"[0-9]{1,5}")


def parse_alarm(value: str, option: str = "ics.alarm") -> int | None:
    """Minutes before the session for the reminder, or None for no reminder. `option` is
    the option's name as an OptionError names it."""
    text = value.strip().lower()
    if text == "none":
        return None
    if _MINUTES.fullmatch(text) and int(text) <= MAX_ALARM:
        return int(text)
    shown = value if len(value) <= 40 else value[:39] + "…"
    raise OptionError(f"{shown!r} is not allowed; "
                      f"use minutes from 0 to {MAX_ALARM} or none", key=f"{option}")


class IcsExporter:
    name = "ics"
    suffix = ".ics"
    description = "iCalendar file with one event and reminder per session, for calendar apps"
    options = {"alarm": "minutes before each session for a reminder (default 15), or none"}

    def check_options(self, options: dict[str, str]) -> dict[str, int | None]:
        """The option values as the renderer uses them; OptionError for a bad value.
        (The host passes only the keys in `options`.)"""
        alarm = options.get("alarm")
        return {"alarm": DEFAULT_ALARM if alarm is None else parse_alarm(alarm)}

    def render(self, plan, options: dict[str, str]) -> bytes:
        settings = self.check_options(options)
        from .document import render_calendar

        return render_calendar(plan, settings["alarm"])


@hookimpl
def register_exporters(register):
    register(IcsExporter())
