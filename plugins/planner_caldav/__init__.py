"""Built-in `caldav` publisher: puts each session into a CalDAV calendar and keeps it in step.

Importing this module stays cheap: the HTTP transport and icalendar load only when
publishing. The events are the ics exporter's events (see events.py), one resource each.
"""

from __future__ import annotations

from planner.api import hookimpl, warn


class CaldavPublisher:
    name = "caldav"
    description = "Events in a CalDAV calendar (Nextcloud, Fastmail, iCloud, Radicale…), kept in step"
    options = {
        "url": "the calendar's URL (required), e.g. https://dav.example.com/cal/me/training/",
        "user": "user name; the password comes from $PLANNER_CALDAV_PASSWORD, ~/.netrc or a prompt",
        "alarm": "minutes before each session for a reminder (default 15), or none",
        "timeout": "seconds each request may take in all, 1 to 300 (default 20)",
        "connections": "requests sent at once, 1 to 8 (default 4)",
        "insecure": "yes to allow http:// to another machine (the password travels in clear)",
        "ca": "a PEM file of the certificate (or CA) to trust for a self-signed server",
    }

    def check_options(self, options: dict[str, str]):
        """The options as a Target. (The host passes only the keys in `options`.)"""
        from .target import read_target

        return read_target(options)

    def publish(self, plan, options: dict[str, str], dry_run: bool = False,
                force: bool = False):

        from .publish import publish

        target = self.check_options(options)
        if target.cleartext:
            warn([f"caldav: http:// to {target.host}: the password travels in clear text"])
        return publish(plan, target, dry_run=dry_run, force=force)


@hookimpl
def register_publishers(register):
    register(CaldavPublisher())
