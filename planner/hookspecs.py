"""The hooks a planner plugin may implement."""

from __future__ import annotations

from typing import Callable

import pluggy

hookspec = pluggy.HookspecMarker("planner")


@hookspec
def register_exporters(register: Callable[[object], None]) -> None:
    """Call ``register(exporter)`` once for each exporter this plugin provides."""


@hookspec
def register_publishers(register: Callable[[object], None]) -> None:
    """Call ``register(publisher)`` once for each publisher (``planner publish --to``) provided."""
