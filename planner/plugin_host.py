"""The plugin host: finds exporters and publishers in the `planner` entry-point group,
isolating failures. One loader serves both kinds; a `Kind` says which hook to call and how
to check and copy what a plugin registers.

Plugin code runs only through `call_plugin`: whatever it raises, `SystemExit` and other
`BaseException`s included, becomes one PluginError naming the plugin (a KeyboardInterrupt
becomes `PluginInterrupted`, exit 130), and what it prints goes to stderr, so stdout
carries only our own output.
"""

import os
import sys
from collections.abc import Callable, Mapping
from contextlib import redirect_stdout
from importlib import import_module
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import PlannerError, PluginError
from .interrupts import Interrupted

if TYPE_CHECKING:  # hookspecs imports pluggy, which only loading plugins needs
    pass

GROUP = "planner"
# Built-in exporters and publishers ship in this distribution and register through the same
# group; PLANNER_DISABLE_PLUGINS=1 loads just these, straight from their modules.
BUILTINS = {"json": "planner_json", "pdf": "planner_pdf", "ics": "planner_ics"}
BUILTIN_PUBLISHERS = {"caldav": "planner_caldav"}
DISABLE_ENV = "PLANNER_DISABLE_PLUGINS"


class Provider(NamedTuple):
    """Which plugin (entry-point name) and distribution an exporter comes from."""

    plugin: str
    dist: str  # "name==version", or "built-in"

    def __str__(self) -> str:
        return f"plugin '{self.plugin}' ({self.dist})"


class PluginInterrupted(PlannerError):
    """A KeyboardInterrupt in plugin code (a plugin raised it, or Ctrl-C where no handler
    of ours turns signals into `planner.interrupts.Interrupted`): exit 130, as for SIGINT.
    Not a PluginError: an interrupt stops the command, it does not skip the plugin."""

    exit_code = 130


class Registered(NamedTuple):
    """An exporter or a publisher, the plugin it came from, and what it declared, read once
    at registration (inside the plugin's register hook, where a failure is contained)."""

    name: str
    provider: Provider
    noun: str  # "exporter" or "publisher"
    plugin: Any  # the object the plugin registered: an Exporter or a Publisher
    description: str
    options: Mapping[str, str]  # key -> one line of help
    suffix: str = ""  # an exporter's file suffix, e.g. ".pdf"
    accepts: frozenset[str] = frozenset()  # which of dry_run and force a publisher takes


class Kind(NamedTuple):
    """One kind of plugin object: the hook that registers it and what it must have."""

    hook: str  # the hookspec's name, e.g. "register_exporters"
    noun: str  # "exporter", "publisher"
    word: str  # what the user calls one: "format", "publisher"
    option: str  # the option that names one: "--format", "--to"
    builtins: Mapping[str, str]  # entry-point name -> module, for the built-ins
    protocol: str  # its Protocol in hookspecs.py: "Exporter", "Publisher"
    method: str  # "render(plan, options)", "publish(plan, options)"


class Found:
    """Every exporter (or publisher) found, and every plugin that failed to load or register."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.found: dict[str, Registered] = {}
        self.failures: list[str] = []
        self.failed: dict[str, str] = {}  # plugin (entry-point) name -> its failure message
        self.clashes: dict[str, str] = {}  # format name -> message

    def fail(self, plugin: str, message: str) -> None:
        self.failures.append(message)
        self.failed[plugin] = message

    def get(self, name: str) -> Registered:
        if name in self.found:
            return self.found[name]
        folded = {key.casefold(): key for key in self.found}
        if name.casefold() in folded:  # `-f PDF`: names are one word in any case
            return self.found[folded[name.casefold()]]
        from .suggest import did_you_mean

        known = ", ".join(sorted(self.found)) or "none"
        raise PlannerError(f"unknown {self.kind.word} '{name}' "
                           f"({did_you_mean(name.casefold(), self.found)}available: {known})",
                           option=self.kind.option)


def plugin_manager():
    """A pluggy plugin manager that knows the hooks of hookspecs.py."""
    import pluggy

    from . import hookspecs

    manager = pluggy.PluginManager(GROUP)
    manager.add_hookspecs(hookspecs)
    return manager


def discover_entry_points() -> list[Any]:
    """The installed entry points of the `planner` group (replaced in tests)."""
    from importlib.metadata import entry_points

    return sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def load_exporters(wanted: set[str] | None = None) -> Found:
    """The exporters: see `load_plugins`."""
    return load_plugins(EXPORTERS, wanted)


def load_publishers(wanted: set[str] | None = None) -> Found:
    """The publishers (`planner publish --to NAME`): see `load_plugins`."""
    return load_plugins(PUBLISHERS, wanted)


def load_plugins(kind: Kind, wanted: set[str] | None = None) -> Found:
    """Load plugins, call their `kind.hook`, and collect what they register.

    With `wanted`, only what is needed loads: built-in formats straight from their modules
    (no entry-point scan), else plugins whose entry-point name is a wanted format first, and
    the rest only if a wanted format is still missing. A JSON build imports no PDF code.
    A plugin that fails to import or register is recorded in `failures` and skipped;
    two exporters with one name are recorded in `clashes`.
    """
    result = Found(kind)
    if wanted and wanted <= set(kind.builtins) and not _plugins_disabled():
        # Built-in formats need no entry-point scan: load their modules directly.
        _load(_builtin_sources(_own_dist(), wanted, kind.builtins), result)
        if wanted <= set(result.found):
            return result
        result = Found(kind)
    sources = list(_plugin_sources(kind))
    if wanted:
        first = [source for source in sources if source[0] in wanted]
        _load(first, result)
        if wanted <= set(result.found):
            return result
        sources = [source for source in sources if source not in first]
    _load(sources, result)
    return result


def _load(sources, result: Found) -> None:
    for plugin_name, dist, load in sources:
        provider = Provider(plugin_name, dist)
        # Each plugin gets a plugin manager of its own, and pluggy calls its hook there: so
        # a plugin that raises is skipped alone, and what it registers is credited to it.
        manager = plugin_manager()
        try:
            # A broken plugin must not take the others down.
            module = call_plugin(load, failed=f"{provider} failed to load",
                                 doing=f"loading {provider}")
            call_plugin(manager.register, module, name=plugin_name,
                        failed=f"{provider} failed to load", doing=f"loading {provider}")
        except PluginError as exc:
            result.fail(plugin_name, str(exc))
            continue
        _call_register(getattr(manager.hook, result.kind.hook), provider, result)


def _plugins_disabled() -> bool:
    return os.environ.get(DISABLE_ENV, "").strip() not in ("", "0")


def _own_dist() -> str:
    from . import __version__

    return f"band-planner=={__version__}"


def _builtin_sources(dist: str, names, modules: Mapping[str, str]):
    for name in names:
        yield name, dist, lambda module=modules[name]: import_module(module)


def _plugin_sources(kind: Kind):
    if _plugins_disabled():
        yield from _builtin_sources("built-in", kind.builtins, kind.builtins)
        return
    for ep in discover_entry_points():
        dist = f"{ep.dist.name}=={ep.dist.version}" if ep.dist else "unknown distribution"
        yield ep.name, dist, ep.load


def _call_register(hook: Callable[..., Any], provider: Provider, result: Found) -> None:
    added: list[Registered] = []
    registering = True
    kind = result.kind

    def register(thing: Any) -> None:
        if not registering:  # a callback kept for later, e.g. called from render
            raise RuntimeError(f"register() called after {kind.hook} returned")
        added.append(_registered(thing, kind, provider))

    try:
        call_plugin(hook, register=register, failed=f"{provider} failed to register",
                    doing=f"{provider} was registering")
    except PluginError as exc:
        result.fail(provider.plugin, str(exc))
        return
    finally:
        registering = False
    for entry in added:
        other = result.found.get(entry.name)
        if other is not None:
            result.clashes[entry.name] = (f"{kind.word} '{entry.name}' is registered twice: "
                                          f"by {other.provider} and by {entry.provider}")
            continue
        result.found[entry.name] = entry


def _registered(thing: Any, kind: Kind, provider: Provider) -> Registered:
    """What the host keeps of a registered object, once it is one of `kind` (the Protocol's
    attributes and method, strings where strings are meant); a TypeError says why not."""
    from . import hookspecs

    if not isinstance(thing, getattr(hookspecs, kind.protocol)):
        raise TypeError(f"{kind.noun} {thing!r} is not an {kind.protocol}: it needs name, "
                        f"description{', suffix' if kind.noun == 'exporter' else ''} and "
                        f"{kind.method}")
    strings = ("name", "description", "suffix")[:3 if kind.noun == "exporter" else 2]
    for attribute in strings:
        if not isinstance(getattr(thing, attribute), str):
            raise TypeError(f"{kind.noun} {thing!r}: '{attribute}' must be a string")
    if kind.noun == "exporter" and not thing.suffix.startswith("."):
        raise TypeError(f"exporter '{thing.name}' suffix {thing.suffix!r} must start with '.'")
    options = getattr(thing, "options", None) or {}
    if not isinstance(options, dict) or not all(
            isinstance(key, str) and isinstance(text, str) for key, text in options.items()):
        raise TypeError(f"{kind.noun} '{thing.name}' options must be a dict of key -> help")
    return Registered(name=thing.name, provider=provider, noun=kind.noun, plugin=thing,
                      description=thing.description, options=MappingProxyType(dict(options)),
                      suffix=getattr(thing, "suffix", ""),
                      accepts=_flags(thing.publish) if kind.noun == "publisher" else frozenset())


def _flags(publish: Callable[..., Any]) -> frozenset[str]:
    """Which of `dry_run` and `force` a publisher's `publish` takes."""
    import inspect

    try:
        parameters = inspect.signature(publish).parameters
    except (TypeError, ValueError):  # a callable without a readable signature
        return frozenset()
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    return frozenset(flag for flag in ("dry_run", "force") if takes_any or flag in parameters)


EXPORTERS = Kind(hook="register_exporters", noun="exporter", word="format", option="--format",
                 builtins=BUILTINS, protocol="Exporter", method="render(plan, options)")
PUBLISHERS = Kind(hook="register_publishers", noun="publisher", word="publisher",
                  option="--to", builtins=BUILTIN_PUBLISHERS, protocol="Publisher",
                  method="publish(plan, options)")


def _describe(exc: BaseException) -> str:
    try:
        text = " ".join(str(exc).split())
    except BaseException:  # noqa: BLE001 - an exception whose message itself fails
        text = ""
    return f"{type(exc).__name__}: {text or 'no details'}"


def call_plugin(function: Callable, *args: Any, failed: str, doing: str,
                option_errors: bool = False, publish_errors: bool = False,
                **kwargs: Any) -> Any:
    """Call plugin code with its prints sent to stderr.

    Whatever it raises, `SystemExit`, `GeneratorExit` and other `BaseException`s included,
    becomes a PluginError "`failed`: Type: message" (exit 1); a KeyboardInterrupt becomes
    PluginInterrupted, naming what was `doing` (exit 130). With `option_errors`, an
    exporter's OptionError (a value it cannot use: exit 2) goes through; with
    `publish_errors`, a publisher's PublishError too (the server said no: exit 2). Ctrl-C or SIGTERM
    as our own signal handlers raise them go through untouched: the user's doing, not the
    plugin's.
    """
    from .errors import OptionError

    try:
        with redirect_stdout(sys.stderr):
            return function(*args, **kwargs)
    except Interrupted:  # Ctrl-C or SIGTERM, as our own signal handlers raise them
        raise
    except OptionError as exc:
        if not option_errors:
            raise PluginError(f"{failed}: {_describe(exc)}") from exc
        # A plain OptionError again: a subclass could change the exit code or the message.
        raise _plain(exc, OptionError) from exc
    except KeyboardInterrupt as exc:
        # A publisher may have sent part of its changes: publish_now says so, not this.
        nothing = "" if publish_errors else "; nothing was written"
        raise PluginInterrupted(f"interrupted while {doing}{nothing}") from exc
    except BaseException as exc:  # containing plugins is the point
        if publish_errors:  # imported only here: exporting needs no publishing code
            from .publishing import PublishError

            if isinstance(exc, PublishError):
                raise _plain(exc, PublishError) from exc
        raise PluginError(f"{failed}: {_describe(exc)}") from exc


def _plain(exc: BaseException, kind: type[PlannerError]) -> PlannerError:
    """A plugin's OptionError or PublishError as a plain one of `kind`, with its option and
    key kept when they are strings: a subclass could change the exit code or the message."""
    parts = [getattr(exc, name, None) for name in ("reason", "option", "key")]
    if type(parts[0]) is str and all(part is None or type(part) is str for part in parts[1:]):
        return kind(parts[0], option=parts[1], key=parts[2])
    return kind(_message(exc), option=None)


def _message(exc: BaseException) -> str:
    try:
        return str(exc)
    except BaseException:  # noqa: BLE001 - as in _describe
        return f"{type(exc).__name__}: no details"


def check_options(entry: Registered, options: dict[str, str]) -> None:
    """Let an exporter or publisher refuse option values before any work, if it offers
    `check_options`."""
    where = f"{entry.noun} '{entry.name}' from {entry.provider}"
    checker = call_plugin(getattr, entry.plugin, "check_options", None,
                          failed=f"{where} failed", doing=f"{where} was checking its options")
    if checker is not None:
        call_plugin(checker, dict(options), failed=f"{where} failed to check its options",
                    doing=f"{where} was checking its options", option_errors=True)


def render_with(entry: Registered, plan: Any, options: dict[str, str]) -> bytes:
    """Run one exporter on the read-only plan; a crash or a wrong return type is a
    PluginError naming it."""
    from .plan import Plan

    if isinstance(plan, Plan):
        plan = plan.frozen()
    where = f"exporter '{entry.name}' from {entry.provider}"

    def render() -> tuple[bytes | None, str]:
        data = entry.plugin.render(plan, dict(options))
        if isinstance(data, (bytes, bytearray)):
            return bytes(data), ""  # bytes() of a subclass runs its __bytes__: plugin code
        return None, type(data).__name__

    data, kind = call_plugin(render, failed=f"{where} failed", doing=f"{where} was rendering",
                             option_errors=True)
    if data is None:
        raise PluginError(f"{where} returned {kind}, not bytes")
    return data
