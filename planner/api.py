"""The plugin API: everything an exporter or a publisher plugin needs, in one module.

A plugin imports from here and nowhere else in `planner` (the built-in plugins are held to
that by tests/test_plugin_api.py). `API_VERSION` goes up by one whenever a name here goes, or
changes in a way a plugin could notice; new names alone do not change it. A plugin that needs
a later API can check it at import time:

    from planner import api

    if api.API_VERSION < 2:
        raise ImportError("needs band-planner's plugin API 2 or later")

What a plugin is given and returns:

- `hookimpl` marks its `register_exporters(register)` or `register_publishers(register)`
  hook; `register` takes an object shaped like `Exporter` or `Publisher`.
- `Plan` (with its `Week`, `Session`, `Item`, `Logged` and `Exercise` records and its
  `Settings`) is what `render` and `publish` get: read-only.
- `OptionError` says an option's value is wrong (`OptionError(reason, key="pdf.paper")`);
  `PublishError` says the destination refused; both are one `Error:` line and exit 2.
- `PublishReport` is what `publish` returns.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:  # each name loads on first use (below): a JSON build needs few of them
    from . import __version__
    from .dates import EARLIEST, LATEST
    from .errors import OptionError
    from .exercise import EQUIPMENT, Exercise
    from .figure import HEIGHT as FIGURE_HEIGHT
    from .figure import WIDTH as FIGURE_WIDTH
    from .hookspecs import Exporter, Publisher
    from .interrupts import Interrupted
    from .lineage import plan_stamp
    from .log.sheet_fields import SESSION, field_name, format_dose
    from .plan import Item, Logged, Plan, Session, Week
    from .plan_document import plan_json
    from .progression import SLACKS, rep_step_for
    from .publishing import InterruptedBeforeSending, PublishError, PublishReport
    from .settings import Settings
    from .status_line import StatusLine
    from .terminal import has_controls, visible, warn
    from .timing import dose_seconds, session_seconds

API_VERSION = 2  # 2: Plan.settings is a Settings record, no longer a mapping

hookimpl = pluggy.HookimplMarker("planner")

# Where each name lives: (module, its name there).
_HOMES = {
    "__version__": ("planner", "__version__"),
    "EARLIEST": (".dates", "EARLIEST"), "LATEST": (".dates", "LATEST"),
    "OptionError": (".errors", "OptionError"),
    "EQUIPMENT": (".exercise", "EQUIPMENT"), "Exercise": (".exercise", "Exercise"),
    "FIGURE_HEIGHT": (".figure", "HEIGHT"), "FIGURE_WIDTH": (".figure", "WIDTH"),
    "Exporter": (".hookspecs", "Exporter"), "Publisher": (".hookspecs", "Publisher"),
    "Interrupted": (".interrupts", "Interrupted"),
    "plan_stamp": (".lineage", "plan_stamp"),
    "SESSION": (".log.sheet_fields", "SESSION"), "field_name": (".log.sheet_fields", "field_name"),
    "format_dose": (".log.sheet_fields", "format_dose"),
    "Item": (".plan", "Item"), "Logged": (".plan", "Logged"), "Plan": (".plan", "Plan"),
    "Session": (".plan", "Session"), "Week": (".plan", "Week"),
    "plan_json": (".plan_document", "plan_json"),
    "SLACKS": (".progression", "SLACKS"), "rep_step_for": (".progression", "rep_step_for"),
    "InterruptedBeforeSending": (".publishing", "InterruptedBeforeSending"),
    "PublishError": (".publishing", "PublishError"),
    "PublishReport": (".publishing", "PublishReport"),
    "Settings": (".settings", "Settings"),
    "StatusLine": (".status_line", "StatusLine"),
    "has_controls": (".terminal", "has_controls"), "visible": (".terminal", "visible"),
    "warn": (".terminal", "warn"),
    "dose_seconds": (".timing", "dose_seconds"), "session_seconds": (".timing", "session_seconds"),
}

__all__ = [
    "API_VERSION", "EARLIEST", "EQUIPMENT", "FIGURE_HEIGHT", "FIGURE_WIDTH", "LATEST", "SESSION",
    "SLACKS", "Exercise", "Exporter", "Interrupted", "InterruptedBeforeSending", "Item", "Logged",
    "OptionError", "Plan", "PublishError", "PublishReport", "Publisher", "Session", "Settings",
    "StatusLine", "Week", "__version__", "dose_seconds", "field_name", "format_dose", "has_controls",
    "hookimpl", "plan_json", "plan_stamp", "rep_step_for", "session_seconds", "visible", "warn",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'planner.api' has no attribute {name!r}")
    module, attribute = _HOMES[name]
    value = getattr(import_module(module, "planner"), attribute)
    globals()[name] = value
    return value
