"""Build settings, which a plan keeps as `Plan.settings`: the `Settings` record, and parsing and
checking the user's option values, without I/O."""

# Kept here (unlike the other model modules): Settings has `time: time = time(7, 0)`, and an
# evaluated annotation would read the default value, not the class.
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import date, time, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from .dates import EARLIEST, LATEST, is_zone_name
from .errors import UsageError
from .exercise import EQUIPMENT, OLD_EQUIPMENT_WORDS, PLAIN_BAND
from .progression import LEVELS
from .suggest import did_you_mean

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_BANDS = ("extra-light", "light", "medium", "heavy", "extra-heavy")
MAX_WEEKS = 520
MAX_MINUTES = 240
# Band names are checked with sets, not a pattern: compiling one takes a fifth of a ms.
_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
_BAND_CHARACTERS = _ALNUM | frozenset(" ._+-")
MAX_NAME_BYTES = 200  # file systems allow 255 bytes for a file name, suffix included
# Plans stay within years that calendars, time zone rules and date arithmetic all handle.
MAX_SEED = 2**32 - 1
ALL_EQUIPMENT = tuple(EQUIPMENT)
NO_EQUIPMENT = (PLAIN_BAND,)  # `--equipment none`: a plain flat band only

SEVEN_AM = time(7, 0)
# The keys of a plan document's settings, in the order band-planner writes them.
KEYS = ("name", "weeks", "start", "days", "time", "timezone", "minutes", "level", "equipment",
        "bands", "seed", "deload_every", "catalogs", "block_weeks")
NO_EXTRA: Mapping[str, Any] = MappingProxyType({})


class Settings(NamedTuple):
    """What a plan is built from, checked and typed: `build`'s options, and `Plan.settings`.
    `to_dict()` is the plan document's "settings", `from_dict` reads them back."""

    name: str = "plan"
    weeks: int = 4
    start: date | None = None  # must be set before building (the CLI picks the next Monday)
    days: tuple[str, ...] = ("mon", "wed", "fri")
    time: time = SEVEN_AM
    timezone: str = "UTC"
    minutes: int = 30
    level: str = "beginner"
    equipment: tuple[str, ...] = ALL_EQUIPMENT
    bands: tuple[str, ...] = DEFAULT_BANDS
    seed: int = 0
    deload_every: int = 0
    catalogs: tuple[str, ...] = ()
    block_weeks: int = 4  # weeks in which each region's exercises stay the same
    # How a plan document holds them, so that it is written back as it was: its keys in its
    # order (plans from before block_weeks lack that key), and the keys this version does not
    # know with their values (JSON types, read-only).
    key_order: tuple[str, ...] = KEYS
    extra: Mapping[str, Any] = NO_EXTRA

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Settings:
        """The settings of a plan document that passed the plan file's checks."""
        from .plan import freeze  # here: `catalog` and `init` read settings, not plans

        return cls(
            name=data["name"], weeks=data["weeks"], start=date.fromisoformat(data["start"]),
            days=tuple(data["days"]), time=time.fromisoformat(data["time"]),
            timezone=data["timezone"], minutes=data["minutes"], level=data["level"],
            equipment=tuple(data["equipment"]), bands=tuple(data["bands"]), seed=data["seed"],
            deload_every=data["deload_every"], catalogs=tuple(data["catalogs"]),
            block_weeks=data.get("block_weeks", cls._field_defaults["block_weeks"]),
            key_order=tuple(data),
            extra=freeze({key: value for key, value in data.items() if key not in KEYS}))

    def to_dict(self) -> dict[str, Any]:
        """The plan document's "settings": JSON types, the keys of `key_order` in its order."""
        from .plan import thaw

        values = {**self._asdict(), **thaw(self.extra),
                  "start": self.start.isoformat() if self.start else None,
                  "time": self.time.strftime("%H:%M"), "days": list(self.days),
                  "equipment": list(self.equipment), "bands": list(self.bands),
                  "catalogs": list(self.catalogs)}
        return {key: values[key] for key in self.key_order}


_DEFAULT = Settings()
# `build`'s defaults as its options spell them, where neither the command line nor the config
# file gives a value (start, tz, equipment and bands are worked out when building). The help
# texts and `planner init` show these, so they are written once, here.
BUILD_DEFAULTS: dict[str, Any] = {
    "weeks": _DEFAULT.weeks, "days": ",".join(_DEFAULT.days),
    "time": f"{_DEFAULT.time:%H:%M}", "minutes": _DEFAULT.minutes, "level": _DEFAULT.level,
    "deload_every": _DEFAULT.deload_every, "out_dir": Path("."), "name": _DEFAULT.name,
    "block_weeks": _DEFAULT.block_weeks,
}


def next_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def check_weeks(weeks: int) -> int:
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"{weeks} is out of range; use 1 to {MAX_WEEKS}", option="--weeks")
    return weeks


def check_minutes(minutes: int) -> int:
    if not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(f"{minutes} is out of range; use 1 to {MAX_MINUTES}", option="--minutes")
    return minutes


def check_deload(every: int) -> int:
    if every < 0 or every == 1 or every > MAX_WEEKS:
        raise UsageError(f"{every} is not allowed; use 0 (never) or 2 to {MAX_WEEKS}",
                         option="--deload-every")
    return every


def check_block_weeks(weeks: int) -> int:
    if not 1 <= weeks <= MAX_WEEKS:
        raise UsageError(f"{weeks} is out of range; use 1 to {MAX_WEEKS}", option="--block-weeks")
    return weeks


def parse_start(text: str, today: date | None = None) -> date:
    """YYYY-MM-DD (the zeros may be left out), `today` or `tomorrow`."""
    today = today or date.today()
    word = text.strip().lower()
    if word in ("today", "tomorrow"):
        return today + timedelta(days=word == "tomorrow")
    if len(word) == 10 and word[4] == word[7] == "-":  # YYYY-MM-DD: no pattern to compile
        numbers: tuple[str, ...] = (word[:4], word[5:7], word[8:])
    else:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", word)
        numbers = match.groups() if match else ("",)
    try:
        if all(number.isdecimal() for number in numbers):
            return date(*map(int, numbers))
    except ValueError:
        pass
    example = next_monday(today).isoformat()
    raise UsageError(f"{text!r} is not a date; use YYYY-MM-DD (e.g. {example}), "
                     "today or tomorrow", option="--start")


def check_span(start: date, weeks: int) -> None:
    """The whole plan must lie between EARLIEST and LATEST."""
    if start < EARLIEST or start > LATEST or start + timedelta(weeks=weeks, days=-1) > LATEST:
        raise UsageError(f"{start.isoformat()} with {weeks} week(s) runs outside "
                         f"{EARLIEST.isoformat()} to {LATEST.isoformat()}; choose a start in "
                         "that range",
                         option="--start")


def check_seed(seed: int) -> int:
    if not 0 <= seed <= MAX_SEED:
        raise UsageError(f"{seed} is out of range; use 0 to {MAX_SEED}", option="--seed")
    return seed


FULL_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_days(text: str) -> tuple[str, ...]:
    """`mon,wed,fri` or `mon wed fri`; any case, full names and their beginnings (`tues`,
    `Thursday`) too."""
    words = text.replace(",", " ").lower().split()
    if not words:
        raise UsageError("empty; name training days, e.g. mon,wed,fri", option="--days")
    days = []
    for word in words:
        found = [short for short, full in zip(DAY_NAMES, FULL_DAY_NAMES, strict=True)
                 if len(word) >= 2 and full.startswith(word)]
        if len(found) != 1:
            raise UsageError(f"unknown day {word!r}; {did_you_mean(word, FULL_DAY_NAMES)}"
                             f"use {','.join(DAY_NAMES)}", option="--days")
        days.append(found[0])
    return tuple(d for d in DAY_NAMES if d in days)





def parse_time(text: str) -> time:
    """`07:00`, `7:00`, `18.30`, `1830`, `7pm`, `7:30 am`."""
    word = text.strip().lower()
    if len(word) == 5 and word[2] == ":" and (word[:2] + word[3:]).isdecimal():
        hour, minute = int(word[:2]), int(word[3:])  # HH:MM: no pattern to compile
    else:
        hour, minute = _loose_time(word)
    if hour > 23 or minute > 59:
        raise UsageError(f"{text!r} is not a time of day; use HH:MM from 00:00 to "
                         "23:59, or e.g. 7pm", option="--time")
    return time(hour, minute)


def _loose_time(word: str) -> tuple[int, int]:
    """Hour and minute of a time written any other way; 99 for what is not one."""
    match = re.fullmatch(r"(\d{1,2})(?:[:.h]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?", word)
    if not match:
        return 99, 99
    hour, minute = int(match[1]), int(match[2] or 0)
    half = match[3][0] if match[3] else ""
    if not match[2] and not half and len(match[1]) < 3:
        return 99, minute  # a bare "7" could be morning or evening
    if half:
        hour = 99 if not 1 <= hour <= 12 else hour % 12 + (12 if half == "p" else 0)
    return hour, minute


def parse_timezone(text: str) -> str:
    """An IANA zone name, in any case (`america/chicago`); a city alone (`Chicago`) is
    suggested its zone."""
    name = text.strip()
    if is_zone_name(name):
        return name
    zones = _zone_names()
    by_fold = {zone.casefold(): zone for zone in zones}
    if name.casefold() in by_fold:
        return by_fold[name.casefold()]
    city = name.casefold().replace(" ", "_")
    cities = [zone for zone in zones if zone.rsplit("/", 1)[-1].casefold() == city]
    if cities:
        hint = f"did you mean {cities[0]!r}? "
    else:
        hint = did_you_mean(name, zones, cutoff=0.75)
    raise UsageError(f"unknown time zone {text!r}; {hint}use an IANA name such as "
                     "Europe/Berlin or America/New_York", option="--tz")


def _zone_names() -> list[str]:
    from zoneinfo import available_timezones

    # The database lists its own zones: the name rules suffice, no file needs loading.
    return sorted(zone for zone in available_timezones() if is_zone_name(zone, load=False))


def parse_level(text: str) -> str:
    word = text.strip().lower()
    if word not in LEVELS:
        raise UsageError(f"unknown level {text!r}; {did_you_mean(word, LEVELS)}"
                         f"use {', '.join(LEVELS)}", option="--level")
    return word


# The words --equipment, `planner init` and the config file take: the equipment words
# (planner.exercise.EQUIPMENT), the words of earlier versions, and `none`. A flat band is what
# every plan assumes, so it is always part of what is owned.
BAND_WORDS = {"flat": "flat", "tube": "tube", "handles": "tube", "loop": "loop"}
GEAR_WORDS = {"anchor": "anchor", "door": "anchor", "chair": "chair", "none": None}
EQUIPMENT_WORDS = {**BAND_WORDS, **GEAR_WORDS}
assert set(OLD_EQUIPMENT_WORDS) <= set(EQUIPMENT_WORDS)


def parse_equipment(text: str, option: str = "--equipment") -> tuple[str, ...]:
    """`tube,door` -> ("flat", "tube", "anchor"): what the user owns, in the equipment words."""
    words = [w.strip().lower() for w in text.split(",") if w.strip()]
    unknown = [w for w in words if w not in EQUIPMENT_WORDS]
    if unknown:
        hint = did_you_mean(unknown[0], EQUIPMENT_WORDS)
        raise UsageError(f"unknown item {unknown[0]!r}; {hint}use any of {equipment_help()}, "
                         "or 'none' for a plain flat band only", option=option)
    owned = {EQUIPMENT_WORDS[w] for w in words} | {PLAIN_BAND}
    return tuple(w for w in EQUIPMENT if w in owned)


def equipment_help() -> str:
    """The equipment words with what each means, for messages and help."""
    return ("flat (a band without handles), tube (a band with handles), loop (a loop band), "
            "anchor (a door anchor or another fixed point), chair (a high-backed chair)")


def parse_bands(text: str) -> tuple[str, ...]:
    bands = [b.strip() for b in text.split(",") if b.strip()]
    if not bands:
        raise UsageError("empty; list your band levels lightest first, e.g. light,medium,heavy",
                         option="--bands")
    for band in bands:
        if not is_band_name(band):
            raise UsageError(f"{band!r} is not a band name; use up to 40 letters, "
                             "digits, spaces or . _ + -", option="--bands")
    if len(set(bands)) != len(bands):
        raise UsageError("a band level is listed twice", option="--bands")
    standard = [b for b in bands if b in DEFAULT_BANDS]
    if standard != sorted(standard, key=DEFAULT_BANDS.index):
        ordered = ",".join(sorted(standard, key=DEFAULT_BANDS.index))
        raise UsageError(f"{','.join(standard)} is not lightest first; the plan moves "
                         f"up the list, so write {ordered}", option="--bands")
    return tuple(bands)


def is_band_name(text: str) -> bool:
    """1 to 40 ASCII letters, digits, spaces or . _ + -, the first a letter or digit."""
    return 0 < len(text) <= 40 and text[0] in _ALNUM and _BAND_CHARACTERS.issuperset(text)


def band_warnings(bands: tuple[str, ...]) -> list[str]:
    """A line for each band name that looks like a misspelt standard one ("meduim")."""
    lines = []
    for band in bands:
        hint = "" if band in DEFAULT_BANDS else did_you_mean(band.lower(), DEFAULT_BANDS, 0.75)
        if hint:
            lines.append(f"--bands: {band!r} is not a standard band level; {hint}"
                         "(it is printed on every sheet as you wrote it)")
    return lines


def check_name(name: str) -> str:
    try:
        size = len(name.encode("utf-8"))
    except UnicodeEncodeError:
        raise UsageError("is not valid UTF-8 text", option="--name") from None
    from .terminal import has_controls

    if (not 0 < len(name) <= 80 or "/" in name or "\\" in name or not name.strip()
            or name in (".", "..") or size > MAX_NAME_BYTES or has_controls(name)):
        raise UsageError(f"{name!r} cannot be a file name; use up to 80 characters "
                         f"({MAX_NAME_BYTES} bytes) without / or \\ or control characters",
                         option="--name")
    return name


def system_timezone() -> str:
    """The IANA name of the machine's zone, from TZ or /etc/localtime, else UTC.

    TZ may name a zone (`Europe/Berlin`, `:Europe/Berlin`) or a zone file
    (`/usr/share/zoneinfo/Europe/Berlin`); a POSIX rule (`CET-1CEST,M3.5.0,M10.5.0/3`) has no
    zone name, so UTC is used and a line on stderr says so."""
    tz = os.environ.get("TZ", "").removeprefix(":")
    candidates = [zone_of_file(tz) if tz.startswith("/") else tz]
    try:
        candidates.append(zone_of_file(str(Path("/etc/localtime").resolve())))
    except OSError:
        pass
    try:
        candidates.append(Path("/etc/timezone").read_text().strip())
    except (OSError, UnicodeDecodeError):
        pass
    found = next((name for name in candidates if name and is_zone_name(name)), None)
    if tz and found != candidates[0]:
        from .terminal import warn

        warn([f"TZ={tz!r} names no time zone band-planner knows; using {found or 'UTC'} "
              "(choose one with --tz)"])
    return found or "UTC"


def zone_of_file(path: str) -> str:
    """"Europe/Berlin" for a path to a zone file under a zoneinfo folder, else ""."""
    return path.split("zoneinfo/", 1)[1] if "zoneinfo/" in path else ""
