"""The hooks a planner plugin may implement, and what their `register` callbacks take."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import pluggy

if TYPE_CHECKING:
    from .plan import Plan
    from .publishing import PublishReport

hookspec = pluggy.HookspecMarker("planner")


@runtime_checkable
class Exporter(Protocol):
    """One output format (`--format NAME`). It may also have `options` (a dict of the keys it
    accepts -> one-line help) and `check_options(options)`, which raises OptionError for a
    value it cannot use before any work is done."""

    name: str  # the --format word
    suffix: str  # of the file it writes, e.g. ".pdf"
    description: str  # one line, for `planner exporters`

    def render(self, plan: Plan, options: dict[str, str]) -> bytes:
        """The file's bytes, the same for the same plan and options."""
        ...


@runtime_checkable
class Publisher(Protocol):
    """One place to publish a plan to (`planner publish --to NAME`). It may also have
    `options` and `check_options` as an exporter does; `publish` may take `dry_run` and
    `force` keywords, and is only offered those flags if it does."""

    name: str
    description: str

    def publish(self, plan: Plan, options: dict[str, str], **flags: Any) -> PublishReport:
        """Put the plan there; say what was created, updated, unchanged and deleted."""
        ...



@hookspec
def register_exporters(register: Callable[[Exporter], None]) -> None:
    """Call ``register(exporter)`` once for each exporter this plugin provides."""


@hookspec
def register_publishers(register: Callable[[Publisher], None]) -> None:
    """Call ``register(publisher)`` once for each publisher (``planner publish --to``) provided."""
