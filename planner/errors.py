"""Errors the CLI turns into one-line messages and exit codes."""

from __future__ import annotations


class PlannerError(Exception):
    """A problem the user can fix; the message is shown as-is after "Error: "."""

    exit_code = 2


class UsageError(PlannerError):
    """An option value that cannot be used."""


class CatalogError(PlannerError):
    """One or more problems in catalog files, each already naming file, exercise and field."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class PlanFileError(PlannerError):
    """A plan document that cannot be read or is not a band-planner plan."""


class OptionError(PlannerError):
    """An exporter option key or value that the chosen exporters do not accept.

    Exporters raise it from ``render`` (or ``check_options``) for a value they cannot use.
    """


class OutputError(PlannerError):
    """An output file or folder that cannot be written."""


class PluginError(PlannerError):
    """A plugin that failed while the user relied on it."""

    exit_code = 1
