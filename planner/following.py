"""The plan follows the log: once `log` or `import` has changed the log, the plan file's
sessions after the last logged one get their doses from the whole log, as `adapt` would.

This runs inside the log's write transaction, so several `planner log` processes at once
each re-dose from every entry written before them and the plan file ends in step with the
whole log."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .dose_changes import report
from .dosing import efforts_of, follow_log
from .output import write_all
from .plan import Plan
from .plan_document import plan_json

if TYPE_CHECKING:
    from .log.store import Log


class Follower:
    """Re-doses one plan file from the log it is handed; remembers what changed."""

    def __init__(self, path: Path, plan: Plan, today: date):
        self.path, self.before, self.today = path, plan, today
        self.after = plan

    def __call__(self, store: Log) -> None:
        self.after = follow_log(self.before, store.entries(), efforts_of(store.notes()),
                                self.today)
        if self.after != self.before:
            write_all([(self.path, plan_json(self.after))], self.path.parent)

    def lines(self) -> list[str]:
        """What to print: nothing when no dose changed."""
        if self.after.weeks == self.before.weeks:
            return []
        changes = report(self.before, self.after)
        if not changes:
            return []
        sessions = sum(1 for (_, old), (_, new) in zip(self.before.sessions(),
                                                       self.after.sessions(), strict=True)
                       if old.items != new.items)
        return [f"{self.path.name} follows the log: {sessions} session(s) re-dosed", *changes]
