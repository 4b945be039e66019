"""The plugin host: finds exporters in the `planner` entry-point group, isolating failures."""

import os
from contextlib import contextmanager
from importlib import import_module
from typing import Any, NamedTuple

from .errors import PlannerError, PluginError

GROUP = "planner"
# Built-in exporters ship in this distribution and register through the same group;
# PLANNER_DISABLE_PLUGINS=1 loads just these, straight from their modules.
BUILTINS = {"json": "planner_json", "pdf": "planner_pdf", "ics": "planner_ics"}
DISABLE_ENV = "PLANNER_DISABLE_PLUGINS"


class Provider(NamedTuple):
    """Which plugin (entry-point name) and distribution an exporter comes from."""

    plugin: str
    dist: str  # "name==version", or "built-in"

    def __str__(self) -> str:
        return f"plugin '{self.plugin}' ({self.dist})"


class Registered(NamedTuple):
    exporter: Any
    provider: Provider

    @property
    def name(self) -> str:
        return self.exporter.name


class Exporters:
    """Every exporter found, and every plugin that failed to load or register."""

    def __init__(self) -> None:
        self.found: dict[str, Registered] = {}
        self.failures: list[str] = []
        self.clashes: dict[str, str] = {}  # format name -> message

    def get(self, name: str) -> Registered:
        if name in self.found:
            return self.found[name]
        known = ", ".join(sorted(self.found)) or "none"
        raise PlannerError(f"--format: unknown format '{name}' (available: {known})")


def get_plugin_manager():
    import pluggy

    from . import hookspecs

    manager = pluggy.PluginManager(GROUP)
    manager.add_hookspecs(hookspecs)
    return manager


def discover_entry_points() -> list[Any]:
    """The installed entry points of the `planner` group (replaced in tests)."""
    from importlib.metadata import entry_points

    return sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def load_exporters(wanted: set[str] | None = None) -> Exporters:
    """Load plugins, call their `register_exporters`, and collect what they register.

    With `wanted`, only what is needed loads: built-in formats straight from their modules
    (no entry-point scan), else plugins whose entry-point name is a wanted format first, and
    the rest only if a wanted format is still missing. A JSON build imports no PDF code.
    A plugin that fails to import or register is recorded in `failures` and skipped;
    two exporters with one name are recorded in `clashes`.
    """
    manager = get_plugin_manager()
    result = Exporters()
    if wanted and wanted <= set(BUILTINS) and not _plugins_disabled():
        # Built-in formats need no entry-point scan: load their modules directly.
        _load(_builtin_sources(_own_dist(), wanted), manager, result)
        if wanted <= set(result.found):
            return result
        manager, result = get_plugin_manager(), Exporters()
    sources = list(_plugin_sources())
    if wanted:
        first = [source for source in sources if source[0] in wanted]
        _load(first, manager, result)
        if wanted <= set(result.found):
            return result
        sources = [source for source in sources if source not in first]
    _load(sources, manager, result)
    return result


def _load(sources, manager, result: Exporters) -> None:
    for plugin_name, dist, load in sources:
        provider = Provider(plugin_name, dist)
        try:
            module = load()
            manager.register(module, name=plugin_name)
        except Exception as exc:  # a broken plugin must not take the others down
            result.failures.append(f"{provider} failed to load: {_describe(exc)}")
            continue
        for impl in manager.hook.register_exporters.get_hookimpls():
            if impl.plugin_name == plugin_name:
                _call_register(impl, provider, result)


def _plugins_disabled() -> bool:
    return os.environ.get(DISABLE_ENV, "").strip() not in ("", "0")


def _own_dist() -> str:
    from . import __version__

    return f"band-planner=={__version__}"


def _builtin_sources(dist: str, names=BUILTINS):
    for name in names:
        yield name, dist, lambda module=BUILTINS[name]: import_module(module)


def _plugin_sources():
    if _plugins_disabled():
        yield from _builtin_sources("built-in")
        return
    for ep in discover_entry_points():
        dist = f"{ep.dist.name}=={ep.dist.version}" if ep.dist else "unknown distribution"
        yield ep.name, dist, ep.load


def _call_register(impl, provider: Provider, result: Exporters) -> None:
    added: list[Registered] = []

    def register(exporter: Any) -> None:
        problem = _exporter_problem(exporter)
        if problem:
            raise TypeError(problem)
        added.append(Registered(exporter, provider))

    try:
        impl.function(register=register)
    except Exception as exc:
        result.failures.append(f"{provider} failed to register: {_describe(exc)}")
        return
    for entry in added:
        other = result.found.get(entry.name)
        if other is not None:
            result.clashes[entry.name] = (f"format '{entry.name}' is registered twice: "
                                          f"by {other.provider} and by {entry.provider}")
            continue
        result.found[entry.name] = entry


def _exporter_problem(exporter: Any) -> str | None:
    for attribute in ("name", "suffix", "description"):
        if not isinstance(getattr(exporter, attribute, None), str):
            return f"exporter {exporter!r} has no string attribute '{attribute}'"
    if not callable(getattr(exporter, "render", None)):
        return f"exporter '{exporter.name}' has no render(plan, options) method"
    if not exporter.suffix.startswith("."):
        return f"exporter '{exporter.name}' suffix {exporter.suffix!r} must start with '.'"
    options = getattr(exporter, "options", {})
    if not isinstance(options, dict):
        return f"exporter '{exporter.name}' options must be a dict of key -> help"
    return None


def exporter_options(exporter: Any) -> dict[str, str]:
    return dict(getattr(exporter, "options", None) or {})


def _describe(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "no details"
    return f"{type(exc).__name__}: {text}"


@contextmanager
def _exporter_call(entry: Registered, failed: str):
    """OptionError passes through (bad input, exit 2); any other error becomes a PluginError."""
    from .errors import OptionError

    try:
        yield
    except OptionError:
        raise
    except Exception as exc:
        raise PluginError(f"exporter '{entry.name}' from {entry.provider} {failed}: "
                          f"{_describe(exc)}") from exc


def check_options(entry: Registered, options: dict[str, str]) -> None:
    """Let an exporter refuse option values before any work, if it offers `check_options`."""
    checker = getattr(entry.exporter, "check_options", None)
    if checker is not None:
        with _exporter_call(entry, "failed to check its options"):
            checker(dict(options))


def render_with(entry: Registered, plan: Any, options: dict[str, str]) -> bytes:
    """Run one exporter; a crash or a wrong return type is a PluginError naming it."""
    with _exporter_call(entry, "failed"):
        data = entry.exporter.render(plan, dict(options))
    if not isinstance(data, (bytes, bytearray)):
        raise PluginError(f"exporter '{entry.name}' from {entry.provider} returned "
                          f"{type(data).__name__}, not bytes")
    return bytes(data)
