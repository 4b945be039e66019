"""The routine as plugins see it: Plan -> Week -> Session -> Item.

`Plan.to_dict()` is exactly the JSON export's document (plan_document.py writes it);
plan_file.py reads it back, so `planner export` renders a saved plan the same way
`planner build` did.
Exporters get `Plan.frozen()`: read-only all the way down, so no plugin can change what
the other exporters, the plan of record and the summary see.
"""

from collections.abc import Iterator, Mapping
from datetime import date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from .exercise import Exercise

if TYPE_CHECKING:  # planner.settings imports this module
    from .settings import Settings

FORMAT = "band-planner/plan"
VERSION = 1
MAX_REVISION = 1_000_000  # a plan's and a session's revision are 0 to this


class Item(NamedTuple):
    """One exercise in a session with its dose for that week."""

    exercise: str  # id, a key of Plan.exercises
    region: str  # "upper" | "mid" | "lower"
    sets: int
    reps: int  # per side when per_side is true
    band: str  # band level, one of the user's bands (settings.bands)
    slack: str  # "added" | "normal" | "reduced" | "minimal"
    per_side: bool
    rest_seconds: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise, "region": self.region, "sets": self.sets,
            "reps": self.reps, "band": self.band, "slack": self.slack,
            "per_side": self.per_side, "rest_seconds": self.rest_seconds,
        }


class Session(NamedTuple):
    """One workout on one day."""

    uid: str  # stable: depends only on plan name, date and slot
    date: date
    start: datetime  # timezone-aware local start
    timezone: str  # IANA zone name
    minutes: int
    focus: tuple[str, ...]  # regions trained, in upper/mid/lower order
    items: tuple[Item, ...]
    revision: int = 0  # the plan revision at which its doses last changed (see Plan.revision)

    def to_dict(self) -> dict[str, Any]:
        return {
            "uid": self.uid, "date": self.date.isoformat(),
            "start": self.start.isoformat(), "timezone": self.timezone,
            "minutes": self.minutes, "focus": list(self.focus),
            "items": [item.to_dict() for item in self.items],
            "revision": self.revision,
        }


class Week(NamedTuple):
    number: int  # 1-based
    deload: bool  # a lighter week: one set, the band of the week before
    sessions: tuple[Session, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "deload": self.deload,
                "sessions": [s.to_dict() for s in self.sessions]}


class Logged(NamedTuple):
    """What the training log last holds for an exercise, as of when the plan was built or
    adapted from the log: the "last time" of its next session."""

    date: date
    sets: tuple  # reps per set; (left, right) pairs for one-sided exercises
    band: str
    slack: str
    feel: str | None  # "easy" | "ok" | "hard" | "pain" | None

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date.isoformat(),
                "sets": [list(s) if isinstance(s, tuple) else s for s in self.sets],
                "band": self.band, "slack": self.slack, "feel": self.feel}


NOTHING_LOGGED: Mapping[str, Logged] = MappingProxyType({})


def freeze(value: Any) -> Any:
    """`value` read-only all the way down: mappings become read-only views of a copy, lists
    and tuples tuples, sets frozensets, and named tuples (Exercise, Logged) get their
    fields frozen the same way."""
    if isinstance(value, Mapping):
        return MappingProxyType({key: freeze(item) for key, item in value.items()})
    if isinstance(value, tuple) and _hashable(value):
        return value  # tuples all the way down already (hash() walks them in C)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        named: Any = value
        return named._make(freeze(item) for item in value)
    if isinstance(value, (list, tuple)):
        return tuple(freeze(item) for item in value)
    if isinstance(value, (set, frozenset)):
        return frozenset(freeze(item) for item in value)
    return value


def _hashable(value: tuple) -> bool:
    try:
        hash(value)
    except TypeError:  # a list, dict or set somewhere inside
        return False
    return True


def thaw(value: Any) -> Any:
    """The JSON types of a `freeze`d value: dicts and lists again."""
    if isinstance(value, Mapping):
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)) and not hasattr(value, "_fields"):
        return [thaw(item) for item in value]
    return value


class Plan(NamedTuple):
    """A whole routine: the settings that built it, every exercise it uses, its weeks."""

    generator: str  # "band-planner X.Y.Z"
    settings: "Settings"  # every option that built it
    guidance: tuple[str, ...]  # how to dose and progress, in plain words
    safety: tuple[str, ...]  # safety and care notes to show the user
    exercises: Mapping[str, Exercise]  # every exercise the items refer to
    weeks: tuple[Week, ...] = ()
    revision: int = 0  # 0 when built; `planner adapt` raises it when it changes any dose
    logged: Mapping[str, Logged] = NOTHING_LOGGED  # by exercise id: from `--continue`, `adapt`
    id: str = ""  # from the first build's settings, kept by rebuilds (see planner.lineage)
    stamp: str = ""  # the DTSTAMP base, "YYYY-MM-DDTHH:MM:SSZ" (see planner.lineage)

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def timezone(self) -> str:
        return self.settings.timezone

    def sessions(self) -> Iterator[tuple[Week, Session]]:
        """Every session in date order, with its week."""
        for week in self.weeks:
            for session in week.sessions:
                yield week, session

    def equipment(self) -> tuple[str, ...]:
        """The equipment words (see `planner.exercise.EQUIPMENT`) the plan needs beyond a
        plain flat band, in that table's order."""
        from .exercise import EQUIPMENT, PLAIN_BAND

        needed = {word for key in self.exercises for word in self.equipment_of(key)}
        return tuple(word for word in EQUIPMENT if word in needed and word != PLAIN_BAND)

    def equipment_of(self, exercise: str) -> tuple[str, ...]:
        """The equipment an exercise of the plan is done with: the first of its equipment
        sets that the plan's owner has."""
        from .exercise import canonical_equipment

        ex = self.exercises[exercise]
        owned = [canonical_equipment(word) for word in self.settings.equipment]
        return ex.equipment_for(owned) or ex.equipment

    def bands_used(self) -> tuple[str, ...]:
        """Band levels the plan prescribes, lightest first."""
        used = {item.band for _, s in self.sessions() for item in s.items}
        return tuple(b for b in self.settings.bands if b in used)

    def frozen(self) -> "Plan":
        """This plan read-only all the way down: exercises and logged as read-only
        mappings, lists inside them and the settings as tuples. The plan every exporter is
        handed. A plan already frozen is returned as it is."""
        if isinstance(self.exercises, MappingProxyType):
            return self
        return self._replace(
            settings=freeze(self.settings), guidance=tuple(self.guidance),
            safety=tuple(self.safety), exercises=freeze(self.exercises),
            # Weeks, sessions and items are named tuples of scalars and tuples wherever
            # they are made (builder, dosing, plan_file); walking thousands of them on
            # every export would only cost time.
            weeks=tuple(self.weeks), logged=freeze(self.logged))

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "generator": self.generator,
            "revision": self.revision,
            **({"id": self.id} if self.id else {}),
            **({"stamp": self.stamp} if self.stamp else {}),
            "settings": self.settings.to_dict(),
            "guidance": list(self.guidance),
            "safety": list(self.safety),
            "exercises": {key: ex.to_dict() for key, ex in self.exercises.items()},
            "weeks": [week.to_dict() for week in self.weeks],
            **({"logged": {key: done.to_dict() for key, done in self.logged.items()}}
               if self.logged else {}),
        }
