"""`planner init`: a few questions, then the config file that `build` starts from.

Answers are checked by the helpers `build` uses for its options; a bad one is asked again
with the reason. The file is written whole (a temp file in the same folder, then a rename),
so Ctrl-C or an early end of input leaves nothing behind, and an existing file is replaced
only after a yes, or with --force.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

import typer

from . import settings
from .config import (
    TABLE,
    ConfigError,
    config_path,
    load_build_config,
    read_config_text,
    toml_value,
)
from .errors import UsageError
from .settings import BAND_WORDS, BUILD_DEFAULTS, GEAR_WORDS
from .terminal import visible, visible_lines, wrap
from .terminal import width as terminal_width

MAX_ANSWER = 1000  # characters in one answer
ASKED = ("bands", "equipment", "days", "time", "tz", "minutes", "level")


class Answers(NamedTuple):
    bands: str
    kinds: str
    other: str
    days: str
    time: str
    tz: str
    minutes: str
    level: str


def run_init(target: Path | None, force: bool) -> None:
    """Ask, show the config, and write it to `target` (default: where `build` looks)."""
    path = target if target is not None else config_path()
    if path is None:
        raise ConfigError("cannot tell where your home folder is, so not where the config "
                          "file goes; use --config FILE or set PLANNER_CONFIG=FILE")
    interactive = sys.stdin.isatty()
    exists = os.path.lexists(path)
    if exists and os.path.isdir(path):
        raise ConfigError(f"{path}: is a folder; choose a file with --config FILE")
    if exists and not force and not interactive:
        raise ConfigError(f"{path}: already exists; not replacing it without asking, and "
                          "standard input is not a terminal to ask on; use --force to replace "
                          "it, or --config FILE to write another file")
    previous, kept = _previous(path) if exists else ({}, {})

    typer.echo(f"band-planner settings for `planner build`, to be written to {visible(str(path))}")
    if exists:
        typer.echo("That file exists: its values are the defaults below.")
    typer.echo("Press Enter to take the value in [brackets].\n")
    defaults = _defaults(previous)
    ask = _Asker(interactive)
    values = {
        "bands": ask("Which band levels do you own, lightest first?", defaults.bands,
                     lambda text: ",".join(settings.parse_bands(text))),
        "kinds": ask("Which kinds of band do you own? flat (no handles), tube (with handles), "
                     "loop", defaults.kinds, _kinds),
        "other": ask("What else do you have? anchor (a door anchor or another fixed point to "
                     "tie a band to), chair (a sturdy high-backed chair), or none",
                     defaults.other, _other),
        "days": ask("Which days do you train?", defaults.days,
                    lambda text: ",".join(settings.parse_days(_commas(text)))),
        "time": ask("At what time (HH:MM)?", defaults.time,
                    lambda text: f"{settings.parse_time(text):%H:%M}"),
        "tz": ask("In which time zone?", defaults.tz, settings.parse_timezone),
        "minutes": ask("How many minutes per session?", defaults.minutes, _minutes),
        "level": ask("What level are you: beginner, intermediate or advanced?",
                     defaults.level, lambda text: settings.parse_level(text.lower())),
    }
    equipment = settings.parse_equipment(",".join(values.pop("kinds") + values.pop("other")))
    chosen = {
        "bands": values["bands"].split(","),
        "equipment": list(equipment),
        "days": values["days"].split(","),
        "time": values["time"],
        "tz": values["tz"],
        "minutes": values["minutes"],
        "level": values["level"],
    }
    text = config_text(chosen, kept)

    typer.echo(f"\nThe config file:\n\n{visible_lines(text)}")
    if exists and not force and not ask.yes_no(f"Replace {visible(str(path))} with this?"):
        typer.echo(f"Left {visible(str(path))} as it was; nothing was written.")
        return
    write_whole(path, text.encode("utf-8"), replace=exists)
    typer.echo(f"wrote {visible(str(path))}")
    if target is not None and target != config_path():
        typer.echo(f"`planner build` reads it when PLANNER_CONFIG={visible(str(path))} is set.")
    else:
        typer.echo("`planner build` now starts from these settings; options you give it win.")


class _Asker:
    """One question at a time on standard input, re-asked until the answer is usable."""

    def __init__(self, interactive: bool):
        self.interactive = interactive

    def __call__(self, question: str, default: str, check: Callable[[str], Any]) -> Any:
        while True:
            answer = self.read(f"{question} [{default}] ", question).strip() or default
            try:
                return check(answer)
            except UsageError as exc:
                why = f"That answer will not do: {visible(exc.reason)}. Please try again."
                typer.echo("\n".join(_wrapped(why, indent="  ")))

    def yes_no(self, question: str) -> bool:
        while True:
            answer = self.read(f"{question} [y/N] ", question).strip().lower()
            if answer in ("", "n", "no"):
                return False
            if answer in ("y", "yes"):
                return True
            typer.echo("  Please answer y or n.")

    def read(self, prompt: str, question: str) -> str:
        while True:
            answer = self._line(prompt, question)
            if answer is not None:
                return answer
            typer.echo(f"  That answer is too long (over {MAX_ANSWER} characters). "
                       "Please try again.")

    def _line(self, prompt: str, question: str) -> str | None:
        """One line of standard input without its line end; None if it was too long."""
        # The prompt goes to standard output ourselves: input() would send it to standard
        # error at a terminal, where `2>/dev/null` would hide the questions.
        *whole, last = _wrapped(prompt)
        for line in whole:
            typer.echo(line)
        typer.echo(last + " ", nl=False)
        sys.stdout.flush()
        try:
            line = sys.stdin.readline(MAX_ANSWER + 2)  # room for "\r\n"
            too_long = len(line.rstrip("\r\n")) > MAX_ANSWER
            rest = line
            while too_long and rest and not rest.endswith("\n"):  # skip the rest of it
                rest = sys.stdin.readline(MAX_ANSWER)
        except UnicodeDecodeError:
            typer.echo()
            raise ConfigError("init: standard input is not UTF-8 text; nothing was "
                              "written") from None
        except KeyboardInterrupt:  # where no handler of ours turns Ctrl-C into Interrupted
            typer.echo()
            raise typer.Abort() from None
        except BaseException:  # planner.interrupts.Interrupted: end the prompt's line first
            typer.echo()
            raise
        if not line:
            typer.echo()
            asked = question.partition("?")[0] + "?"
            raise ConfigError(f"init: standard input ended before the question {asked!r} was "
                              "answered; nothing was written")
        answer = line.rstrip("\r\n")
        if not self.interactive:
            typer.echo(visible(answer[:80]))  # a terminal shows what was typed; a pipe does not
        return None if too_long else answer


def _defaults(previous: dict[str, Any]) -> Answers:
    """The answers that keep things as they are: the existing file's, else build's own."""
    equipment = settings.parse_equipment(previous["equipment"]) if "equipment" in previous \
        else settings.ALL_EQUIPMENT
    kinds = [kind for kind in dict.fromkeys(settings.BAND_WORDS.values()) if kind in equipment]
    other: list[str] = [word for word in ("anchor", "chair") if word in equipment] or ["none"]
    return Answers(
        bands=",".join(settings.parse_bands(previous["bands"])) if "bands" in previous
        else ",".join(settings.DEFAULT_BANDS),
        kinds=",".join(kinds),
        other=",".join(other),
        days=",".join(settings.parse_days(previous.get("days", BUILD_DEFAULTS["days"]))),
        time=previous.get("time", BUILD_DEFAULTS["time"]),
        tz=previous["tz"] if "tz" in previous else settings.system_timezone(),
        minutes=str(previous.get("minutes", BUILD_DEFAULTS["minutes"])),
        level=previous.get("level", BUILD_DEFAULTS["level"]),
    )


def _previous(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The existing file's values (for the defaults) and the raw [build] entries that init
    does not ask about (kept as they are). A file that cannot be used gives neither."""
    try:
        values = load_build_config(path).values
        import tomllib

        raw = tomllib.loads(read_config_text(path)).get(TABLE, {})
    except ConfigError as exc:
        typer.echo(f"Note: the existing file cannot be used ({visible(str(exc))}); "
                   "starting from the standard answers.")
        return {}, {}
    kept = {key: value for key, value in raw.items() if key.replace("-", "_") not in ASKED}
    return values, kept


def _words(text: str, known: Mapping[str, str | None], what: str, choices: str) -> list[str]:
    words = [w.lower() for w in _commas(text).split(",") if w]
    for word in words:
        if word not in known:
            from .suggest import did_you_mean

            hint = did_you_mean(word, known)
            raise UsageError(f"unknown {what} {word!r}; {hint}answer with {choices}")
    return words


def _kinds(text: str) -> list[str]:
    words = _words(text, BAND_WORDS, "kind of band", "flat, tube or loop")
    if not words:
        raise UsageError("name at least one kind of band: flat, tube or loop")
    return [kind for w in words if (kind := BAND_WORDS[w])]


def _other(text: str) -> list[str]:
    words = _words(text, GEAR_WORDS, "item", "anchor, chair or none")
    if "none" in words and len(words) > 1:
        raise UsageError("'none' goes alone; answer with anchor, chair, both, or none")
    return [gear for w in words if (gear := GEAR_WORDS[w])]


def _minutes(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise UsageError(f"{text!r} is not a whole number of minutes") from None
    return settings.check_minutes(number)


def _commas(text: str) -> str:
    """`mon wed, fri` -> `mon,wed,fri`: spaces separate words as well as commas do."""
    return ",".join(text.replace(",", " ").split())


def config_text(values: dict[str, Any], kept: dict[str, Any]) -> str:
    """The config file: a short comment, then the [build] table."""
    lines = [
        "# band-planner settings, written by `planner init`.",
        "# `planner build` starts from these; options given on its command line win.",
        "# Other keys: weeks, deload_every, block_weeks, format, option, out_dir, name.",
        "",
        f"[{TABLE}]",
        *(f"{key} = {toml_value(value)}" for key, value in values.items()),
        *(f"{key} = {toml_value(value)}" for key, value in kept.items()),
    ]
    return "\n".join(lines) + "\n"


def write_whole(path: Path, data: bytes, replace: bool) -> None:
    """Write `path` all at once: a temp file in its folder, then a rename. Without `replace`
    an existing file is never overwritten, even one that appeared while we asked."""
    from .files import remove_file, stage
    from .interrupts import not_split

    if replace and os.path.islink(path):
        path = Path(os.path.realpath(path))  # a linked config (dotfiles): replace its target
    folder = path.parent
    created = _make_folders(folder)
    temp = None
    done = False
    try:
        try:
            temp = stage(path, data, mode_of=path if replace else None)
            with not_split():
                if replace:
                    os.replace(temp, path)
                else:
                    _link_new(temp, path)
                done = True
        except OSError as exc:
            raise ConfigError(f"{path}: cannot write the config file: "
                              f"{exc.strerror or exc}") from None
    finally:
        if temp is not None:
            remove_file(temp)
        if not done:
            from .files import remove_folders

            remove_folders(created)


def _link_new(temp: str, path: Path) -> None:
    """Put `temp` at `path` only if nothing is there: a hard link fails on an existing file."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise ConfigError(f"{path}: appeared while the questions were asked; it was left as "
                          "it is; run `planner init` again to replace it") from None
    except OSError:  # a file system without hard links
        if os.path.lexists(path):
            raise ConfigError(f"{path}: appeared while the questions were asked; it was left "
                              "as it is") from None
        os.replace(temp, path)


def _make_folders(folder: Path) -> list[Path]:
    from .files import make_folders

    try:
        return make_folders(folder)
    except NotADirectoryError as exc:
        raise ConfigError(f"{exc.filename}: is a file, not a folder; the config file "
                          "cannot go under it") from None
    except OSError as exc:
        raise ConfigError(f"cannot create the folder {exc.filename or folder}: "
                          f"{exc.strerror or exc}") from None


def _wrapped(text: str, indent: str = "") -> list[str]:
    """`text` in lines that fit the terminal (a column spare), broken at spaces only."""
    return wrap(text, indent, terminal_width() - 1)
