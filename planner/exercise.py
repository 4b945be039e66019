"""The exercise model and its validation, shared by catalog files and plan files."""

from typing import Any, NamedTuple

from .figure import Figure, parse_figure

REGIONS = ("upper", "mid", "lower")
BAND_KINDS = ("short", "long", "loop")
ANCHORS = ("none", "fixed", "foot", "chair")
POSITIONS = ("standing", "seated", "standing-or-seated", "kneeling", "lying")

# The equipment words, the same in `--equipment`, `planner init`, the config file, catalogs,
# `catalog list` and the PDF: three kinds of band, then what a band is fixed to. A plain flat
# band is what everyone is assumed to own.
EQUIPMENT = {
    "flat": "a flat band without handles",
    "tube": "a tube band with two handles",
    "loop": "a loop band, or a band tied into a loop",
    "anchor": "a fixed anchor point (door anchor, sturdy post or rail)",
    "chair": "a sturdy high-backed chair",
}
PLAIN_BAND = "flat"
BAND_EQUIPMENT = ("flat", "tube", "loop")  # the kinds of band; the rest is what it is fixed to
# Words of earlier versions, still read wherever equipment is read.
OLD_EQUIPMENT_WORDS = {"handles": "tube", "door": "anchor"}
MAX_ALTERNATIVES = 4


def is_exercise_id(text: str) -> bool:
    """Lower-case letters and digits, in words joined by single hyphens: `band-pull-apart`."""
    return all(word and _ID_CHARACTERS.issuperset(word) for word in text.split("-"))


def canonical_equipment(word: str) -> str:
    """An equipment word as it is written everywhere now (`handles` -> `tube`)."""
    return OLD_EQUIPMENT_WORDS.get(word, word)

# Rep ranges outside these bounds are typos, not training prescriptions.
MIN_REPS, MAX_REPS = 1, 30

_ID_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
MAX_TEXT = 2000
MAX_LINE = 160  # setup and cue: one line on a session sheet


class Exercise(NamedTuple):
    """One band exercise, as a catalog defines it and a plan document carries it."""

    id: str
    name: str
    region: str
    band: str
    anchor: str
    position: str
    per_side: bool
    reps: tuple[int, int]
    steps: tuple[str, ...]
    cues: tuple[str, ...]
    equipment: tuple[str, ...]
    source: str
    notes: tuple[str, ...] = ()
    setup: str = ""  # one line: how to set up (anchor height, position)
    cue: str = ""  # the one cue that matters most
    figure: Figure | None = None  # start and end drawings (planner/figure.py), if any
    # Other sets of equipment the exercise works with as well as `equipment`.
    alternatives: tuple[tuple[str, ...], ...] = ()

    def options(self) -> tuple[tuple[str, ...], ...]:
        """Each set of equipment the exercise works with, the preferred one first."""
        return (self.equipment, *self.alternatives)

    def equipment_for(self, owned) -> tuple[str, ...] | None:
        """The first of its equipment sets that `owned` holds (a flat band is always owned;
        an empty set means any band), or None when it cannot be done with what is owned."""
        have = set(owned) | {PLAIN_BAND}
        return next((need for need in self.options() if set(need) <= have), None)

    def fits(self, owned) -> bool:
        return self.equipment_for(owned) is not None

    @property
    def setup_line(self) -> str:
        """How to start, in one line, for the session sheets: `setup`, else the first step."""
        return self.setup or self.steps[0]

    @property
    def key_cue(self) -> str:
        """The cue for the session sheets: `cue`, else the last of `cues`."""
        return self.cue or self.cues[-1]

    def to_dict(self) -> dict[str, Any]:
        extra = {key: value for key, value in (("setup", self.setup), ("cue", self.cue)) if value}
        return {
            "id": self.id,
            "name": self.name,
            "region": self.region,
            "band": self.band,
            "anchor": self.anchor,
            "position": self.position,
            "per_side": self.per_side,
            "reps": list(self.reps),
            "steps": list(self.steps),
            "cues": list(self.cues),
            "equipment": list(self.equipment),
            "source": self.source,
            "notes": list(self.notes),
            **extra,
            **({"alternatives": [list(need) for need in self.alternatives]}
               if self.alternatives else {}),
            **({"figure": self.figure.to_dict()} if self.figure is not None else {}),
        }


def parse_exercise(data: Any, where: str) -> tuple[Exercise | None, list[str]]:
    """Check one exercise mapping; return the exercise or every problem found.

    `where` prefixes each problem (e.g. "my.toml: exercise 'row'") so messages name
    the file and the exercise.
    """
    if not isinstance(data, dict):
        return None, [f"{where}: must be a table of fields, not {_kind(data)}"]
    fields = _Fields(data, where)
    ident = fields.text("id", max_length=80)
    if ident is not None and not is_exercise_id(ident):
        fields.problem("id", f"{ident!r} must be lower-case letters, digits and single hyphens")
    name = fields.one_line("name", max_length=200)
    region = fields.choice("region", REGIONS)
    band = fields.choice("band", BAND_KINDS)
    anchor = fields.choice("anchor", ANCHORS)
    position = fields.choice("position", POSITIONS)
    per_side = fields.boolean("per_side")
    reps = fields.rep_range("reps")
    steps = fields.text_list("steps")
    cues = fields.text_list("cues")
    equipment = fields.equipment("equipment")
    alternatives = fields.alternatives("alternatives")
    source = fields.text("source", max_length=300)
    notes = fields.text_list("notes", required=False)
    setup = fields.one_line("setup", max_length=MAX_LINE, required=False)
    cue = fields.one_line("cue", max_length=MAX_LINE, required=False)
    figure = None
    if "figure" in data:
        figure = parse_figure(data["figure"], fields.problem)
    for key in sorted(set(data) - _KNOWN_FIELDS):
        fields.problem(key, f"unknown field (allowed: {', '.join(sorted(_KNOWN_FIELDS))})")
    if fields.problems:
        return None, fields.problems
    # Every required field is there now (a missing one is a problem above): none is None.
    checked: dict[str, Any] = dict(
        id=ident, name=name, region=region, band=band, anchor=anchor,
        position=position, per_side=per_side, reps=reps, steps=steps, cues=cues,
        equipment=equipment, source=source, notes=notes, setup=setup or "", cue=cue or "",
        figure=figure, alternatives=alternatives)
    return (
        Exercise(**checked),
        [],
    )


_KNOWN_FIELDS = set(Exercise._fields)


def _kind(value: Any) -> str:
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


class _Fields:
    """Reads fields off one mapping and collects a message per bad field."""

    def __init__(self, data: dict, where: str):
        self.data, self.where = data, where
        self.problems: list[str] = []

    def problem(self, key: str, message: str) -> None:
        self.problems.append(f"{self.where}: {key}: {message}")

    def _get(self, key: str, required: bool = True) -> Any:
        if key not in self.data:
            if required:
                self.problem(key, "missing")
            return None
        return self.data[key]

    def text(self, key: str, max_length: int = MAX_TEXT, required: bool = True) -> str | None:
        value = self._get(key, required)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            self.problem(key, f"must be a non-empty string, not {_kind(value)}")
            return None
        if len(value) > max_length:
            self.problem(key, f"is {len(value)} characters long; at most {max_length} allowed")
            return None
        return value

    def one_line(self, key: str, max_length: int, required: bool = True) -> str | None:
        """Text shown on one line (a name, a sheet's set-up line): no control characters,
        which could drive a terminal or reorder what is printed."""
        from .terminal import has_controls

        value = self.text(key, max_length, required)
        if value is not None and has_controls(value):
            self.problem(key, f"{value!r} has control characters; write it as plain text")
            return None
        return value

    def choice(self, key: str, allowed: tuple[str, ...]) -> str | None:
        value = self._get(key)
        if value is None:
            return None
        if value not in allowed:
            self.problem(key, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def boolean(self, key: str) -> bool | None:
        value = self._get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {_kind(value)}")
            return None
        return value

    def rep_range(self, key: str) -> tuple[int, int] | None:
        value = self._get(key)
        if value is None:
            return None
        if (not isinstance(value, list) or len(value) != 2
                or not all(type(v) is int for v in value)):
            self.problem(key, "must be two whole numbers [fewest, most], e.g. [8, 12]")
            return None
        low, high = value
        if low > high:
            self.problem(key, f"[{low}, {high}] is reversed; write [{high}, {low}]")
            return None
        if low < MIN_REPS or high > MAX_REPS:
            self.problem(key, f"[{low}, {high}] is outside {MIN_REPS}..{MAX_REPS} repetitions")
            return None
        return (low, high)

    def text_list(self, key: str, required: bool = True) -> tuple[str, ...] | None:
        value = self._get(key, required)
        if value is None:
            return None if required else ()
        if (not isinstance(value, list) or (required and not value)
                or not all(isinstance(v, str) and v.strip() and len(v) <= MAX_TEXT
                           for v in value)):
            need = "a non-empty list" if required else "a list"
            self.problem(key, f"must be {need} of non-empty strings of at most {MAX_TEXT} characters")
            return None
        return tuple(value)

    def equipment(self, key: str, value: Any = None) -> tuple[str, ...] | None:
        """A list of equipment words, old ones mapped (`handles` -> `tube`); one kind of band
        at most, and an empty list for "any band"."""
        if value is None:
            value = self._get(key)
            if value is None:
                return None
        allowed = ", ".join(EQUIPMENT)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(key, f"must be a list of words from: {allowed}")
            return None
        unknown = [v for v in value if canonical_equipment(v) not in EQUIPMENT]
        if unknown:
            self.problem(key, f"unknown {', '.join(map(repr, unknown))} (allowed: {allowed})")
            return None
        words = tuple(dict.fromkeys(canonical_equipment(v) for v in value))
        if sum(word in BAND_EQUIPMENT for word in words) > 1:
            self.problem(key, f"names two kinds of band ({', '.join(words)}); list each "
                         "kind of band that works as its own alternative")
            return None
        return tuple(word for word in EQUIPMENT if word in words)

    def alternatives(self, key: str) -> tuple[tuple[str, ...], ...]:
        """Optional: a list of equipment lists, each enough for the exercise on its own."""
        value = self.data.get(key)
        if value is None:
            return ()
        if (not isinstance(value, list) or not value or len(value) > MAX_ALTERNATIVES
                or not all(isinstance(v, list) for v in value)):
            self.problem(key, f"must be a list of 1 to {MAX_ALTERNATIVES} equipment lists, "
                         'e.g. [["flat", "anchor"]]')
            return ()
        found = [self.equipment(f"{key}.{n}", v) for n, v in enumerate(value, start=1)]
        return tuple(need for need in found if need is not None)
