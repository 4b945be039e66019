"""The plugin host: finds exporters and publishers in the `planner` entry-point group,
isolating failures. One loader serves both kinds; a `Kind` says which hook to call and how
to check and copy what a plugin registers.

Plugin code runs only through `call_plugin`: whatever it raises, `SystemExit` and other
`BaseException`s included, becomes one PluginError naming the plugin (a KeyboardInterrupt
becomes `PluginInterrupted`, exit 130), and what it prints goes to stderr, so stdout
carries only our own output.
"""

from __future__ import annotations

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
    from .hookspecs import Exporter, Publisher

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


class ExporterSnapshot(NamedTuple):
    """What the host keeps of a registered exporter: its strings and options, read once at
    registration so that no plugin code runs to read them again, and its methods. It is an
    `Exporter` (hookspecs.py) itself."""

    name: str
    suffix: str
    description: str
    options: Mapping[str, str]
    render: Callable[[Any, dict[str, str]], Any]
    check_options: Callable[[dict[str, str]], Any] | None
    original: Exporter  # the object the plugin registered


class PublisherSnapshot(NamedTuple):
    """What the host keeps of a registered publisher, read once at registration as for
    exporters. `accepts` holds which of `dry_run` and `force` its `publish` takes."""

    name: str
    description: str
    options: Mapping[str, str]
    publish: Callable[..., Any]
    check_options: Callable[[dict[str, str]], Any] | None
    accepts: frozenset[str]
    original: Publisher


class Registered(NamedTuple):
    """An exporter and the plugin it came from."""

    exporter: ExporterSnapshot
    provider: Provider

    @property
    def name(self) -> str:
        return self.exporter.name


class RegisteredPublisher(NamedTuple):
    """A publisher and the plugin it came from."""

    publisher: PublisherSnapshot
    provider: Provider

    @property
    def name(self) -> str:
        return self.publisher.name


class Kind(NamedTuple):
    """One kind of plugin object: the hook that registers it and how the host takes it in."""

    hook: str  # the hookspec's name, e.g. "register_exporters"
    word: str  # what the user calls one: "format", "publisher"
    option: str  # the option that names one: "--format", "--to"
    builtins: Mapping[str, str]  # entry-point name -> module, for the built-ins
    problem: Callable[[Any], str | None]  # why a registered object is unusable, or None
    entry: Callable[[Any, Provider], Any]  # the host's copy of the object, with its provider


class Found:
    """Every exporter (or publisher) found, and every plugin that failed to load or register."""

    def __init__(self, kind: Kind) -> None:
        self.kind = kind
        self.found: dict[str, Any] = {}  # name -> Registered or RegisteredPublisher
        self.failures: list[str] = []
        self.failed: dict[str, str] = {}  # plugin (entry-point) name -> its failure message
        self.clashes: dict[str, str] = {}  # format name -> message

    def fail(self, plugin: str, message: str) -> None:
        self.failures.append(message)
        self.failed[plugin] = message

    def get(self, name: str) -> Any:
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
    manager = get_plugin_manager()
    result = Found(kind)
    if wanted and wanted <= set(kind.builtins) and not _plugins_disabled():
        # Built-in formats need no entry-point scan: load their modules directly.
        _load(_builtin_sources(_own_dist(), wanted, kind.builtins), manager, result)
        if wanted <= set(result.found):
            return result
        manager, result = get_plugin_manager(), Found(kind)
    sources = list(_plugin_sources(kind))
    if wanted:
        first = [source for source in sources if source[0] in wanted]
        _load(first, manager, result)
        if wanted <= set(result.found):
            return result
        sources = [source for source in sources if source not in first]
    _load(sources, manager, result)
    return result


def _load(sources, manager, result: Found) -> None:
    hook = getattr(manager.hook, result.kind.hook)
    for plugin_name, dist, load in sources:
        provider = Provider(plugin_name, dist)
        try:
            # A broken plugin must not take the others down.
            module = call_plugin(load, failed=f"{provider} failed to load",
                                 doing=f"loading {provider}")
            call_plugin(manager.register, module, name=plugin_name,
                        failed=f"{provider} failed to load", doing=f"loading {provider}")
        except PluginError as exc:
            result.fail(plugin_name, str(exc))
            continue
        # Each plugin's hook function is called on its own instead of through
        # `manager.hook.register_exporters(...)`, which would run them all in one call: so a
        # plugin that raises is skipped alone, its failure and registrations stay its own,
        # and every registered object is credited to the plugin (Provider) that made it.
        for impl in hook.get_hookimpls():
            if impl.plugin_name == plugin_name:
                _call_register(impl, provider, result)


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


def _call_register(impl, provider: Provider, result: Found) -> None:
    added: list[Any] = []
    registering = True
    kind = result.kind

    def register(exporter: Any) -> None:
        if not registering:  # a callback kept for later, e.g. called from render
            raise RuntimeError(f"register() called after {kind.hook} returned")
        problem = kind.problem(exporter)
        if problem:
            raise TypeError(problem)
        added.append(kind.entry(exporter, provider))

    try:
        call_plugin(impl.function, register=register, failed=f"{provider} failed to register",
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


def _exporter_entry(exporter: Any, provider: Provider) -> Registered:
    """The exporter's declared values as plain copies (runs inside the register hook)."""
    return Registered(ExporterSnapshot(
        name=str.__str__(exporter.name), suffix=str.__str__(exporter.suffix),
        description=str.__str__(exporter.description),
        options=MappingProxyType({str.__str__(key): str.__str__(text) for key, text
                                  in (getattr(exporter, "options", None) or {}).items()}),
        render=exporter.render, check_options=getattr(exporter, "check_options", None),
        original=exporter), provider)


def _exporter_problem(exporter: Any) -> str | None:
    for attribute in ("name", "suffix", "description"):
        if not isinstance(getattr(exporter, attribute, None), str):
            return f"exporter {exporter!r} has no string attribute '{attribute}'"
    if not callable(getattr(exporter, "render", None)):
        return f"exporter '{exporter.name}' has no render(plan, options) method"
    if not exporter.suffix.startswith("."):
        return f"exporter '{exporter.name}' suffix {exporter.suffix!r} must start with '.'"
    return _options_problem(exporter, "exporter")


def _publisher_entry(publisher: Any, provider: Provider) -> RegisteredPublisher:
    """As `_exporter_entry`, for a publisher (runs inside the register hook)."""
    import inspect

    parameters: Mapping[str, inspect.Parameter]
    try:
        parameters = inspect.signature(publisher.publish).parameters
    except (TypeError, ValueError):  # a callable without a readable signature
        parameters = {}
    takes_any = any(p.kind is p.VAR_KEYWORD for p in parameters.values())
    accepts = frozenset(flag for flag in ("dry_run", "force") if takes_any or flag in parameters)
    return RegisteredPublisher(PublisherSnapshot(
        name=str.__str__(publisher.name), description=str.__str__(publisher.description),
        options=MappingProxyType({str.__str__(key): str.__str__(text) for key, text
                                  in (getattr(publisher, "options", None) or {}).items()}),
        publish=publisher.publish, check_options=getattr(publisher, "check_options", None),
        accepts=accepts, original=publisher), provider)


def _publisher_problem(publisher: Any) -> str | None:
    for attribute in ("name", "description"):
        if not isinstance(getattr(publisher, attribute, None), str):
            return f"publisher {publisher!r} has no string attribute '{attribute}'"
    if not callable(getattr(publisher, "publish", None)):
        return f"publisher '{publisher.name}' has no publish(plan, options) method"
    return _options_problem(publisher, "publisher")


def _options_problem(thing: Any, noun: str) -> str | None:
    options = getattr(thing, "options", {})
    if not isinstance(options, dict) or not all(
            isinstance(key, str) and isinstance(text, str) for key, text in options.items()):
        return f"{noun} '{thing.name}' options must be a dict of key -> help"
    return None


EXPORTERS = Kind(hook="register_exporters", word="format", option="--format",
                 builtins=BUILTINS, problem=_exporter_problem, entry=_exporter_entry)
PUBLISHERS = Kind(hook="register_publishers", word="publisher", option="--to",
                  builtins=BUILTIN_PUBLISHERS, problem=_publisher_problem,
                  entry=_publisher_entry)


def exporter_options(exporter: Any) -> dict[str, str]:
    return dict(getattr(exporter, "options", None) or {})


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


def check_options(entry: Registered | RegisteredPublisher, options: dict[str, str]) -> None:
    """Let an exporter or publisher refuse option values before any work, if it offers
    `check_options`."""
    if isinstance(entry, RegisteredPublisher):
        checker, noun = entry.publisher.check_options, "publisher"
    else:
        checker, noun = entry.exporter.check_options, "exporter"
    if checker is not None:
        where = f"{noun} '{entry.name}' from {entry.provider}"
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
        data = entry.exporter.render(plan, dict(options))
        if isinstance(data, (bytes, bytearray)):
            return bytes(data), ""  # bytes() of a subclass runs its __bytes__: plugin code
        return None, type(data).__name__

    data, kind = call_plugin(render, failed=f"{where} failed", doing=f"{where} was rendering",
                             option_errors=True)
    if data is None:
        raise PluginError(f"{where} returned {kind}, not bytes")
    return data
