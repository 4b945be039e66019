"""The path from a plan to a publisher: choose it, route its options, run it contained.

Used by `planner publish` and by `build`/`adapt --publish`. The publisher is chosen and its
options checked before anything is built or written, so a typo fails fast.
"""

from __future__ import annotations

import signal
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import OptionError, PlannerError, PluginError
from .options import no_such_option, parse_option
from .plugin_host import Registered, call_plugin, check_options, load_publishers
from .publishing import PublishReport

if TYPE_CHECKING:
    from .config import BuildConfig


def choose_publisher(name: str) -> tuple[Registered, list[str]]:
    """The publisher called `name` and warnings to print (other plugins that failed); its
    own plugin's failure is exit 1, an unknown name exit 2."""
    name = name.strip()
    found = load_publishers({name})
    if name not in found.found and name in found.failed:
        raise PluginError(found.failed[name], option="--to", key=name)
    if name in found.clashes:
        raise PluginError(found.clashes[name])
    return found.get(name), list(found.failures)


def split_options(raw: list[str], entry: Registered, bare_to_publisher: bool
                  ) -> tuple[dict[str, str], list[str]]:
    """(the publisher's options, the rest). `NAME.key=value` for the chosen publisher is its;
    with `bare_to_publisher` (`planner publish`, where nothing else takes options) a bare
    `key=value` is too. The rest go on to the exporters of `build` and `adapt`."""
    mine: dict[str, str] = {}
    rest: list[str] = []
    declared = entry.options
    for text in raw:
        target, key, value = parse_option(text, f"{entry.name}.url=https://…")
        if target and target != entry.name:
            if bare_to_publisher:
                raise OptionError(f"'{target}' is not the chosen publisher ({entry.name}); "
                                  f"write {entry.name}.{key}", key=f"{target}.{key}")
            rest.append(text)
            continue
        if not target and not bare_to_publisher:
            rest.append(text)  # a bare key with build/adapt: the exporters'
            continue
        if key not in declared:
            raise OptionError(no_such_option("publisher", entry.name, key, declared),
                              key=f"{entry.name}.{key}")
        mine[key] = value
    return mine, rest


def check_flags(entry: Registered, dry_run: bool, force: bool) -> None:
    for flag, wanted in (("dry_run", dry_run), ("force", force)):
        if wanted and flag not in entry.accepts:
            raise OptionError(f"the {entry.name} publisher ({entry.provider}) does not "
                              "support it", option=f"--{flag.replace('_', '-')}")


def run_publisher(entry: Registered, plan, options: dict[str, str],
                  dry_run: bool = False,
                  force: bool = False) -> PublishReport:
    """Publish the read-only plan; a crash or a report of the wrong shape is a PluginError
    naming the publisher, a PublishError from it is exit 2."""
    plan = plan.frozen()
    where = f"publisher '{entry.name}' from {entry.provider}"
    flags = {flag: True for flag, on in (("dry_run", dry_run), ("force", force)) if on}

    def publish() -> PublishReport | str:
        report = entry.plugin.publish(plan, dict(options), **flags)
        return _copied(report)  # read inside the containment: attributes are plugin code

    report = call_plugin(publish, failed=f"{where} failed", doing=f"{where} was publishing",
                         option_errors=True, publish_errors=True)
    if isinstance(report, str):
        raise PluginError(f"{where} returned {report}")
    return report


def _copied(report) -> PublishReport | str:
    """A plain PublishReport with the plugin's values, or why its report is unusable."""
    if not hasattr(report, "created"):
        return f"{type(report).__name__}, not a PublishReport"
    counts: dict[str, Any] = {}
    for field in ("created", "updated", "unchanged", "deleted"):
        value = getattr(report, field, 0)
        if type(value) is not int or value < 0:
            return f"a report whose '{field}' is not a count"
        counts[field] = value
    lines: dict[str, Any] = {}
    for field in ("skipped", "details"):
        values = tuple(getattr(report, field, ()) or ())
        if not all(isinstance(line, str) for line in values):
            return f"a report whose '{field}' is not a list of lines"
        lines[field] = tuple(str(line) for line in values)
    where = getattr(report, "where", "") or ""
    requests = getattr(report, "requests", 0)
    return PublishReport(**counts, **lines, dry_run=bool(getattr(report, "dry_run", False)),
                         where=str(where) if isinstance(where, str) else "",
                         requests=requests if type(requests) is int else 0)


def report_lines(report: PublishReport) -> list[str]:
    """What `planner publish` prints: the changes (dry run), the skipped events, the sum."""
    lines = [f"  {line}" for line in report.details] if report.dry_run else []
    lines += list(report.skipped)
    lines.append(report.summary())
    return lines


class Chosen(NamedTuple):
    """A publisher chosen and its options checked, before any file is written."""

    entry: Registered
    options: dict[str, str]
    dry_run: bool
    force: bool
    warnings: list[str]  # for the command to print
    given: tuple[tuple[str, str], ...] = ()  # its options from the command line, for hints


def prepare(name: str, raw_options: list[str], bare_to_publisher: bool, dry_run: bool = False,
            force: bool = False, config: BuildConfig | None = None) -> tuple[Chosen, list[str]]:
    """Choose the publisher and check its options and flags; return it with the options
    left for the exporters. The config file's [publish.NAME] options come first; the
    command line's win. A bad one from the file names the file and key."""
    entry, warnings = choose_publisher(name)
    configured = config.publisher_options(entry.name) if config is not None else {}
    mine, rest = split_options(raw_options, entry, bare_to_publisher)
    from_file = {key for key in configured if key not in mine}
    declared = entry.options
    for key in sorted(from_file - set(declared)):
        raise _blamed(config, entry.name, key,
                      no_such_option("publisher", entry.name, key, declared))
    options = {**configured, **mine}
    check_flags(entry, dry_run, force)
    try:
        check_options(entry, options)
    except OptionError as exc:
        key = (exc.key or "").removeprefix(f"{entry.name}.")
        if exc.option == "--option" and key in from_file:
            raise _blamed(config, entry.name, key, exc.reason) from None
        raise
    return Chosen(entry, options, dry_run, force, warnings, tuple(mine.items())), rest


def _blamed(config, name: str, key: str, message: str) -> PlannerError:
    from .config import PUBLISH, ConfigError

    return ConfigError(f"{config.path}: {PUBLISH}.{name}.{key}: {message}")


def retry_command(chosen: Chosen, plan_file: str) -> str:
    """The `planner publish` command that repeats this publish, as a shell would read it:
    the options given on the command line (the config file's apply again by themselves)."""
    import shlex

    name = chosen.entry.name
    words = ["planner", "publish", str(plan_file), "--to", name]
    for key, value in chosen.given:
        words += ["-o", f"{name}.{key}={value}"]
    if chosen.force:
        words.append("--force")
    return shlex.join(words)


def publish_now(chosen: Chosen, plan, plan_file: str, written: bool = False) -> list[str]:
    """Run the chosen publisher on the plan read from (or, after `build`/`adapt`, just
    `written` to) `plan_file`; its lines to print. A failure or an interrupt says what is
    on disk and how to finish: publishing again sends only what is still missing."""
    from .interrupts import Interrupted, broken_pipes_raise
    from .plugin_host import PluginInterrupted
    from .publishing import InterruptedBeforeSending

    again = f"`{retry_command(chosen, plan_file)}`"
    wrote = f"{plan_file} was written; " if written else ""
    try:
        with broken_pipes_raise():
            report = run_publisher(chosen.entry, plan, chosen.options, chosen.dry_run,
                                   chosen.force)
    except InterruptedBeforeSending as exc:
        raise Interrupted(exc.signum, done=f"before anything was sent: {wrote}run {again} "
                                           "to publish") from None
    except (Interrupted, PluginInterrupted) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        raise Interrupted(signum, done=f"while publishing: {wrote}some events may have "
                                       f"been sent; run {again} to finish") from None
    except PlannerError as exc:
        if not written:
            raise
        raise exc.noted(f"{wrote}publish it again with {again}") from None
    return report_lines(report)
