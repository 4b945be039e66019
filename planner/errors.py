"""Errors the CLI turns into one-line messages and exit codes."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem the user can fix, shown as one `Error:` line.

    `option` and `key` say where the problem is, as data: `UsageError("0 is out of range",
    option="--minutes")` reads `--minutes: 0 is out of range`, and `OptionError("not a paper
    size", key="pdf.paper")` reads `--option pdf.paper: not a paper size`.
    Whoever knows better where a value came from (the config file, say) re-tells the `reason`
    against its own place without reading the message's text."""

    exit_code = 2

    def __init__(self, reason: str = "", *, option: str | None = None,
                 key: str | None = None) -> None:
        self.reason = reason
        self.option = option
        self.key = key
        where = " ".join(part for part in (option, key) if part)
        super().__init__(f"{where}: {reason}" if where else reason)

    def noted(self, note: str) -> PlannerError:
        """The same problem, with `note` added in brackets (what was done, how to go on)."""
        again = PlannerError(f"{self.reason} ({note})", option=self.option, key=self.key)
        again.exit_code = self.exit_code
        return again


class UsageError(PlannerError):
    """An option value that cannot be used."""


class CatalogError(PlannerError):
    """One or more problems in catalog files, each already naming file, exercise and field."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class LogError(PlannerError):
    """A log file, log entry or logged value that cannot be used."""


class PlanFileError(PlannerError):
    """A plan document that cannot be read or is not a band-planner plan."""


class OptionError(PlannerError):
    """An exporter option key or value that the chosen exporters do not accept.

    Exporters raise it from ``render`` (or ``check_options``) for a value they cannot use:
    `OptionError("'A5' is not a paper size", key="pdf.paper")` reads
    `--option pdf.paper: 'A5' is not a paper size`.
    """

    def __init__(self, reason: str = "", *, option: str | None = "--option",
                 key: str | None = None) -> None:
        super().__init__(reason, option=option, key=key)


class OutputError(PlannerError):
    """An output file or folder that cannot be written."""


class PluginError(PlannerError):
    """A plugin that failed while the user relied on it."""

    exit_code = 1
