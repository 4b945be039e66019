"""What a publisher plugin returns and raises (stdlib only: plugins import it freely).

A publisher puts a plan somewhere that keeps it, such as a CalDAV calendar, and keeps it in
step on later runs. `publish(plan, options)` returns a `PublishReport`; a publisher that
takes `dry_run` and `force` keyword arguments supports `--dry-run` and `--force`.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import PlannerError
from .interrupts import Interrupted


class PublishError(PlannerError):
    """The destination refused or failed (wrong password, no such calendar, server down):
    one `Error:` line and exit 2, unlike a crash in the plugin (exit 1)."""


class InterruptedBeforeSending(Interrupted):
    """Ctrl-C (or SIGTERM) before anything was sent to the destination, e.g. at a password
    prompt: the command then says that nothing was sent."""


@dataclass(frozen=True)
class PublishReport:
    """What a publish did (or, with `dry_run`, would do), counted in events."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    # One line per event left alone because someone changed it there (see --force), e.g.
    # "kept your change to Mon 8 Mar; --force to overwrite".
    skipped: tuple[str, ...] = ()
    dry_run: bool = False
    where: str = ""  # the destination as the user knows it, e.g. the calendar's URL
    details: tuple[str, ...] = ()  # one line per change, shown with --dry-run
    requests: int = 0  # requests sent to the destination, if the publisher counts them

    def summary(self) -> str:
        where = self.where or "published"
        skipped = (f"; {len(self.skipped)} kept as changed there (--force overwrites)"
                   if self.skipped else "")
        if self.dry_run:
            return (f"dry run, nothing sent to {where}: would create {self.created}, "
                    f"update {self.updated}, delete {self.deleted}; {self.unchanged} "
                    f"unchanged{skipped}")
        return (f"{where}: {self.created} created, {self.updated} updated, "
                f"{self.deleted} deleted, {self.unchanged} unchanged{skipped}")
