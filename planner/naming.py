"""An exercise as a person names it: its id, its name in any case, or a unique beginning of
either. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from .errors import UsageError
from .exercise import Exercise
from .suggest import closest


def find_exercise(text: str, exercises: Mapping[str, Exercise] | Mapping[str, str],
                  where: str = "--exercise", among: str = "the plan") -> str:
    """The id of the exercise `text` names; a UsageError naming `where` otherwise, with the
    candidates when it is ambiguous and a suggestion when it is mistyped."""
    wanted = _folded(text)
    if not wanted:
        raise UsageError(f"{where}: give an exercise's id or name")
    if text in exercises:
        return text
    names = {key: _folded(_name(value)) for key, value in exercises.items()}
    for key, name in names.items():
        if wanted in (_folded(key), name):
            return key
    starts = sorted(key for key, name in names.items()
                    if _folded(key).startswith(wanted) or name.startswith(wanted))
    if not starts:  # `seated row`: every word of it in one name or id
        words = wanted.split()
        starts = sorted(key for key, name in names.items()
                        if all(w in name.split() or w in _folded(key).split() for w in words))
    if len(starts) == 1:
        return starts[0]
    shown = _shown(text)
    if starts:
        listed = ", ".join(_both(key, exercises[key]) for key in starts[:6]) + (
            ", …" if len(starts) > 6 else "")
        raise UsageError(f"{where}: {shown} could be {listed}; give more of the name")
    choices = {**{_folded(key): key for key in exercises},
               **{name: key for key, name in names.items()}}
    near = closest(wanted, choices)
    hint = f"; did you mean '{choices[near]}'?" if near else ""
    raise UsageError(f"{where}: no exercise {shown} in {among}{hint} "
                     "(`planner catalog list` lists them)")


def _folded(text: str) -> str:
    """A name as it is compared: any case, hyphens and runs of spaces as one space."""
    return " ".join(text.replace("-", " ").replace("_", " ").split()).casefold()


def _both(key: str, value: Exercise | str) -> str:
    name = _name(value)
    return key if name == key else f"{name} ({key})"


def _name(value: Exercise | str) -> str:
    return value if isinstance(value, str) else value.name


def _shown(text: str) -> str:
    cut = text if len(text) <= 40 else text[:39] + "…"
    return repr(cut)
