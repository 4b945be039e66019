"""The config file: where it lives, its [build] table as defaults for `build`, and its
[publish] table: where `publish` and `--publish` send the plan.

Values are checked with the same helpers `build` uses for its options, so a bad value gets
the same reason, told as `FILE: build.KEY: …` instead of `--KEY: …`. What is returned has the
shape the command line gives (a comma string, a number, a list of strings), so `build`
treats a value from the file exactly like one typed on the command line.

Nothing here imports more than the standard library's smallest parts until a config file
exists: tomllib and difflib load only then.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import Any

from .errors import PlannerError, UsageError
from .suggest import did_you_mean

APP_NAME = "band-planner"
FILE_NAME = "config.toml"
CONFIG_ENV = "PLANNER_CONFIG"
MAX_BYTES = 2**20  # a config file is a few hundred bytes; this only stops a runaway read
TABLE = "build"
PUBLISH = "publish"  # [publish] to = NAME, and [publish.NAME] with that publisher's options
_PUBLISHER = r"[a-z0-9][a-z0-9_-]{0,39}"  # compiled when a [publish] table is read

# The `build` options the file may set, with the kind of value each takes.
INT, TEXT, LIST = "a whole number", "a string", "a list of strings or a comma-separated string"
KEYS = {
    "weeks": INT, "days": LIST, "time": TEXT, "tz": TEXT, "minutes": INT, "level": TEXT,
    "equipment": LIST, "bands": LIST, "deload_every": INT, "format": LIST, "option": LIST,
    "out_dir": TEXT, "name": TEXT, "block_weeks": INT,
}
# `build` options that make no sense as lasting defaults: named, so the message can say so.
COMMAND_LINE_ONLY = ("start", "seed", "catalog", "continue", "log")


class ConfigError(PlannerError):
    """A config file that cannot be read, or a table, key or value in it that is wrong."""


class BuildConfig:
    """The [build] defaults of one config file (`path` None: there is no config file)."""

    # A plain class: a NamedTuple's creation would cost `build` a measurable share of a ms.
    __slots__ = ("path", "values", "spelled", "publish_to", "publishers", "publish_auto")

    def __init__(self, path: Path | None, values: dict[str, Any], spelled: dict[str, str],
                 publish_to: str | None = None,
                 publishers: dict[str, dict[str, str]] | None = None,
                 publish_auto: bool = False):
        self.path = path
        self.values = values  # build parameter name -> value, shaped like the option's
        self.spelled = spelled  # build parameter name -> the key as the file writes it
        self.publish_to = publish_to  # [publish] to: `planner publish` without --to
        self.publishers = publishers or {}  # [publish.NAME]: that publisher's options
        self.publish_auto = publish_auto  # [publish] auto: publish what log and import change

    def publisher_options(self, name: str) -> dict[str, str]:
        """The [publish.NAME] options; the command line's `--option NAME.key=…` win."""
        return dict(self.publishers.get(name, {}))

    def blame(self, exc: PlannerError, from_file: AbstractSet[str],
              cli_options: list[str]) -> PlannerError:
        """`exc` told against the file when it is about a value taken from it.

        Most values are checked as the file is read; a few can be judged only by the build
        (an unknown --format, an exporter option's value, equipment that leaves a region
        without exercises). Their messages name the option (`--format: …`); when that
        option's value came from this file, the message names the file and key instead."""
        if self.path is None or exc.exit_code != 2 or exc.option is None:
            return exc
        name = exc.option.removeprefix("--").replace("-", "_")
        if name not in from_file:
            return exc
        rest = exc.reason
        if name == "option":
            if exc.key is None:
                return exc  # `--option: … must look like KEY=VALUE`: the file's were checked
            # A value the command line also set is the command line's (it wins).
            bare = exc.key.rpartition(".")[2]
            if any(entry.partition("=")[0].strip().rpartition(".")[2] == bare
                   for entry in cli_options):
                return exc
            rest = f"{exc.key}: {rest}"
        blamed = ConfigError(f"{self.path}: {TABLE}.{self.spelled[name]}: {rest}")
        blamed.exit_code = exc.exit_code
        return blamed


def config_path() -> Path | None:
    """PLANNER_CONFIG, else the user's config folder; None when there is no home folder."""
    named = os.environ.get(CONFIG_ENV, "")
    if named:
        return Path(named)
    folder = _config_folder()
    return folder / FILE_NAME if folder is not None else None


def _config_folder() -> Path | None:
    """`platformdirs.user_config_path("band-planner")`, without its import where that is easy.

    platformdirs costs a start-up import that `build` otherwise does without. Its answer on
    Linux and the BSDs is simple when XDG_CONFIG_HOME is an absolute path, or unset with an
    absolute HOME; every other case (other systems, Android, relative or missing values) is
    left to platformdirs itself, so the path is always the one it gives (tests compare)."""
    import sys

    plain_unix = (sys.platform not in ("win32", "darwin", "ios")
                  and not hasattr(sys, "getandroidapilevel")
                  and "ANDROID_DATA" not in os.environ)
    if plain_unix:
        xdg = os.environ.get("XDG_CONFIG_HOME", "")
        if xdg.startswith("/"):
            return Path(xdg, APP_NAME)
        home = os.environ.get("HOME", "")
        if not xdg and home.startswith("/"):
            return Path(os.path.expanduser("~/.config"), APP_NAME)
    import platformdirs

    try:
        folder = platformdirs.user_config_path(APP_NAME)
    except RuntimeError:  # platformdirs' word for "no home folder"
        return None
    return folder if folder.is_absolute() else None


def load_build_config(path: Path | None = None) -> BuildConfig:
    """The [build] defaults from `path` (default: `config_path()`); none if it does not exist."""
    path = path if path is not None else config_path()
    if path is None:
        return BuildConfig(None, {}, {})
    try:
        os.stat(path)
    except FileNotFoundError:
        return BuildConfig(None, {}, {})
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file: {exc.strerror or exc}") from None
    return parse_config(read_config_text(path), path)


def read_config_text(path: Path) -> str:
    """The file's text: a regular file, bounded, UTF-8 (a byte-order mark is allowed)."""
    from .files import read_bounded

    try:
        data = read_bounded(path, MAX_BYTES, "config file")
    except ConfigError:
        raise
    except PlannerError as exc:
        raise ConfigError(str(exc)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: is not UTF-8 text (byte {exc.start + 1}); "
                          "save the config file as UTF-8") from None


def parse_config(text: str, path: Path) -> BuildConfig:
    """Check the TOML text of a config file and return its [build] defaults."""
    import tomllib

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except ValueError:  # an integer of thousands of digits, past Python's conversion limit
        raise ConfigError(f"{path}: not valid TOML: an integer is far too long") from None
    except RecursionError:  # arrays or tables inside each other thousands deep
        raise ConfigError(f"{path}: not a config file (nested too deeply)") from None
    for key, value in document.items():
        if key == PUBLISH:
            continue
        if key == TABLE:
            if not isinstance(value, dict):
                raise ConfigError(f"{path}: {_shown(key)}: must be a table ([{TABLE}]), "
                                  f"not {_kind(value)}")
        elif isinstance(value, dict):
            hint = did_you_mean(key.lower(), [TABLE, PUBLISH], shape="[{}]").strip()
            raise ConfigError(f"{path}: [{_shown(key)}]: unknown table; "
                              + (hint or f"the config file has the tables [{TABLE}] and "
                                         f"[{PUBLISH}]"))
        elif key.replace("-", "_") in KEYS:
            raise ConfigError(f"{path}: {_shown(key)}: is outside any table; "
                              f"put it under [{TABLE}]")
        else:
            raise ConfigError(f"{path}: {_shown(key)}: unknown key; the config file has the "
                              f"tables [{TABLE}] and [{PUBLISH}]")
    values: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for key, value in document.get(TABLE, {}).items():
        name = key.replace("-", "_")
        where = f"{path}: {TABLE}.{_shown(key)}"
        if name not in KEYS:
            raise ConfigError(f"{where}: {_unknown_key(key)}")
        if name in spelled:
            raise ConfigError(f"{where}: is given twice (as {spelled[name]} and {key}); "
                              "keep one")
        spelled[name] = key
        values[name] = _checked(name, value, where)
    publish_to, publishers, auto = _publish_table(document.get(PUBLISH, {}), path)
    if publish_to or publishers:
        _check_ownership(path)
    return BuildConfig(path, values, spelled, publish_to, publishers, auto)


def _check_ownership(path: Path) -> None:
    """A config file that says where to publish (and so where a password goes) is refused,
    as ssh refuses its config, when someone else could have written it: it or its folder
    belongs to another user (root aside) or may be written by others."""
    import stat

    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is None:
        return  # no owners to compare (Windows)
    for what, place in (("file", path), ("folder", path.absolute().parent)):
        try:
            info = os.stat(place)
        except OSError:
            continue
        owner_ok = info.st_uid in (uid, 0)
        writable = info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
        shared_folder = what == "folder" and info.st_mode & stat.S_ISVTX
        if owner_ok and (not writable or shared_folder):
            continue
        who = "another user" if not owner_ok else "others"
        reason = (f"belongs to {who}" if not owner_ok
                  else f"may be written by others (mode {stat.S_IMODE(info.st_mode):04o})")
        fix = (f"chown $USER {place}" if not owner_ok else f"chmod go-w {place}")
        raise ConfigError(f"{path}: not read: its {what} {reason}, and it says where to "
                          f"publish (and so where your password goes); `{fix}` if it is yours")


def _publish_table(table: Any, path: Path
                   ) -> tuple[str | None, dict[str, dict[str, str]], bool]:
    """[publish]: `to = "caldav"`, `auto = true` (publish what `log` and `import` change in
    the plan) and one sub-table of string options per publisher. Whether a publisher takes a
    key is checked when it runs (`publish.check_configured`)."""
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: {PUBLISH}: must be a table ([{PUBLISH}]), not {_kind(table)}")
    publish_to = None
    auto = False
    publishers: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        where = f"{path}: {PUBLISH}.{_shown(key)}"
        if key == "auto":
            if not isinstance(value, bool):
                raise ConfigError(f"{where}: expected true or false")
            auto = value
        elif key == "to":
            if not isinstance(value, str) or not re.fullmatch(_PUBLISHER, value.strip()):
                raise ConfigError(f"{where}: expected a publisher's name, e.g. \"caldav\"")
            publish_to = value.strip()
        elif isinstance(value, dict):
            if not re.fullmatch(_PUBLISHER, key):
                raise ConfigError(f"{where}: not a publisher's name")
            publishers[key] = {option: _publisher_option(option, text, f"{where}.{_shown(option)}")
                               for option, text in value.items()}
        else:
            raise ConfigError(f"{where}: unknown key; [{PUBLISH}] takes `to = NAME`, "
                              f"`auto = true` and a [{PUBLISH}.NAME] table of that "
                              "publisher's options")
    if auto and publish_to is None:
        raise ConfigError(f"{path}: {PUBLISH}.auto: needs `to = NAME` in [{PUBLISH}]: where "
                          "to publish")
    return publish_to, publishers, auto


def _publisher_option(key: str, value: Any, where: str) -> str:
    if "password" in key.lower() or "secret" in key.lower():
        raise ConfigError(f"{where}: passwords are never kept in the config file; the "
                          "publisher reads them from the environment, ~/.netrc or a prompt")
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected {TEXT}, not {_kind(value)}")
    if any(ord(c) < 32 or ord(c) == 127 for c in value + key):
        raise ConfigError(f"{where}: contains a control character")
    return value


def _checked(name: str, value: Any, where: str) -> Any:
    """The value in the shape the command line gives it, checked by build's own helpers."""
    from . import settings

    kind = KEYS[name]
    if name == "time" and _is_time_of_day(value):
        value = f"{value:%H:%M}" if not (value.second or value.microsecond) else str(value)
    if kind == INT and (type(value) is not int):
        raise ConfigError(f"{where}: expected {INT}, not {_kind(value)}")
    if kind == INT and not -2**63 <= value < 2**63:
        shown = value if len(str(value)) <= 24 else f"a number of {len(str(value))} digits"
        raise ConfigError(f"{where}: {shown} is past the 64-bit range TOML allows")
    if kind == TEXT and not isinstance(value, str):
        raise ConfigError(f"{where}: expected {TEXT}, not {_kind(value)}")
    if kind == LIST:
        value = _as_list(value, where)
    checks: dict[str, Callable[[Any], object]] = {
        "weeks": settings.check_weeks, "minutes": settings.check_minutes,
        "deload_every": settings.check_deload, "time": settings.parse_time,
        "block_weeks": settings.check_block_weeks,
        "tz": settings.parse_timezone, "level": settings.parse_level,
        "name": settings.check_name, "days": lambda v: settings.parse_days(",".join(v)),
        "equipment": lambda v: settings.parse_equipment(",".join(v)),
        "bands": lambda v: settings.parse_bands(",".join(v)),
        "format": _check_formats, "option": _check_options, "out_dir": _check_folder,
    }
    try:
        checks[name](value)
    except UsageError as exc:
        raise ConfigError(f"{where}: {exc.reason}") from None
    if name in ("days", "equipment", "bands"):
        return ",".join(value)  # as the command line's comma-separated option
    if name == "out_dir":
        return Path(os.path.expanduser(value))
    return value


def _as_list(value: Any, where: str) -> list[str]:
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected {LIST}, not {_kind(value)}")
    for number, item in enumerate(value, 1):
        if not isinstance(item, str):
            raise ConfigError(f"{where}: item {number} is {_kind(item)}; expected a string")
    return [item.strip() for item in value if item.strip()]


def _check_formats(formats: list[str]) -> None:
    if not formats:
        raise UsageError("empty; name at least one format, e.g. json or pdf", option="--format")
    if len(set(formats)) != len(formats):
        raise UsageError("a format is named twice", option="--format")


def _check_options(entries: list[str]) -> None:
    for entry in entries:
        key, sep, _ = entry.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"{entry!r} must look like KEY=VALUE, e.g. pdf.paper=letter",
                             option="--option")


def _check_folder(folder: str) -> None:
    if not folder.strip():
        raise UsageError("empty; name a folder, e.g. '.' or '~/plans'", option="--out-dir")
    if "\x00" in folder:
        raise UsageError("contains a NUL character", option="--out-dir")


def options_for(entries: list[str], formats: list[str]) -> list[str]:
    """The file's --option entries that apply to a build of `formats`: an entry that names
    its format (`pdf.paper=letter`) applies only when that format is built, so the file can
    keep options for formats that are not always asked for."""
    kept = []
    for entry in entries:
        target, dot, _ = entry.partition("=")[0].strip().rpartition(".")
        if not dot or target in formats:
            kept.append(entry)
    return kept


def _unknown_key(key: str) -> str:
    name = key.replace("-", "_")
    if name in COMMAND_LINE_ONLY:
        return (f"is not read from the config file; give --{name} on the command line "
                "when you want it")
    spelling = (lambda k: k.replace("_", "-")) if "-" in key else (lambda k: k)
    known = [spelling(k) for k in KEYS]
    hint = did_you_mean(spelling(name).lower(), known)
    if hint:
        return f"unknown key; {hint.rstrip('; ')}"
    return f"unknown key; use {', '.join(known[:-1])} or {known[-1]}"


def _shown(key: str) -> str:
    """A key as TOML would write it: bare when it can be, else quoted."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else toml_string(key)


def _is_time_of_day(value: Any) -> bool:
    from datetime import datetime, time

    return isinstance(value, time) and not isinstance(value, datetime) and value.tzinfo is None


def _kind(value: Any) -> str:
    """How a TOML value is called in a message: `a number (1.5)`, `a table`."""
    from datetime import date, datetime, time

    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, int):
        digits = str(value)
        return f"a whole number ({digits if len(digits) <= 24 else f'{len(digits)} digits'})"
    if isinstance(value, float):
        return f"a decimal number ({value})"
    if isinstance(value, str):
        return f"a string ({toml_string(value) if len(value) <= 40 else 'long'})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, (datetime, date, time)):
        return f"a date or time ({value.isoformat()})"
    return type(value).__name__


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped."""
    escapes = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f",
               "\r": "\\r"}
    out = []
    for char in text:
        if char in escapes:
            out.append(escapes[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def toml_value(value: Any) -> str:
    """A config value (a whole number, a string or a list of strings) as TOML."""
    if isinstance(value, bool):
        raise TypeError("no true/false values in the config file")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    return "[" + ", ".join(toml_string(item) for item in value) + "]"
