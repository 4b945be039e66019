"""Built-in `caldav` publisher: puts each session into a CalDAV calendar and keeps it in step.

Importing this module stays cheap: the caldav library and icalendar load only when
publishing. The events are the ics exporter's events (see events.py), one resource each.
"""

from __future__ import annotations

from planner import hookimpl


class CaldavPublisher:
    name = "caldav"
    description = "Events in a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale…), kept in step"
    options = {
        "url": "the calendar's URL (required), e.g. https://dav.example.com/cal/me/training/",
        "user": "user name; the password comes from $PLANNER_CALDAV_PASSWORD, ~/.netrc or a prompt",
        "alarm": "minutes before each session for a reminder (default 15), or none",
        "timeout": "seconds to wait for each answer, 1 to 300 (default 20)",
        "insecure": "yes to allow http:// to another machine (the password travels in clear)",
    }

    def check_options(self, options: dict[str, str]):
        from planner.errors import OptionError

        from .target import read_target

        unknown = sorted(set(options) - set(self.options))
        if unknown:
            raise OptionError(f"--option caldav.{unknown[0]}: unknown option for caldav "
                              f"(allowed: {', '.join(self.options)})")
        return read_target(options)

    def publish(self, plan, options: dict[str, str], dry_run: bool = False,
                force: bool = False):
        import sys

        from .publish import publish

        target = self.check_options(options)
        if target.cleartext:
            print(f"Warning: caldav: http:// to {target.host}: the password travels in clear "
                  "text", file=sys.stderr)
        return publish(plan, target, dry_run=dry_run, force=force)


@hookimpl
def register_publishers(register):
    register(CaldavPublisher())
