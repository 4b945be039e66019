"""band-planner: resistance-band routines for the upper, mid and lower back."""

from __future__ import annotations

from typing import Any

__version__ = "0.3.0"

__all__ = ["hookimpl", "OptionError", "__version__"]


def __getattr__(name: str) -> Any:
    # pluggy is loaded only by code that deals with plugins, not by `planner --help`.
    if name == "hookimpl":
        import pluggy

        globals()["hookimpl"] = marker = pluggy.HookimplMarker("planner")
        return marker
    if name == "OptionError":
        from .errors import OptionError

        return OptionError
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
