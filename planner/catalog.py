"""Exercise catalogs: TOML files of exercises plus the guidance and safety notes they carry."""

from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from .errors import CatalogError
from .exercise import Exercise, parse_exercise

# A catalog larger than this is not a hand-written exercise list; refuse it before reading.
MAX_CATALOG_BYTES = 2 * 1024 * 1024
SHIPPED_NAME = "back.toml"
MAX_NOTES = 50  # guidance or safety lines in one catalog


class Catalog(NamedTuple):
    exercises: dict[str, Exercise]  # by id, shipped first, user catalogs overriding
    guidance: tuple[str, ...]
    safety: tuple[str, ...]

    def by_region(self, region: str) -> list[Exercise]:
        return [ex for ex in self.exercises.values() if ex.region == region]


class CatalogFile(NamedTuple):
    name: str
    exercises: tuple[Exercise, ...]
    guidance: tuple[str, ...]
    safety: tuple[str, ...]


def shipped_catalog_path() -> Path:
    """The shipped catalog's TOML: inside the installed package, or catalogs/ of a checkout."""
    here = Path(__file__).parent
    packaged = here / "catalogs" / SHIPPED_NAME  # where the wheel puts it
    if packaged.is_file():
        return packaged
    return here.parent / "catalogs" / SHIPPED_NAME


SHIPPED_JSON = Path(__file__).with_name("shipped_catalog.json")  # made by planner/shipped.py


@lru_cache(maxsize=1)
def shipped_catalog() -> CatalogFile:
    """The shipped catalog, from the JSON that `python -m planner.shipped` wrote."""
    import json

    return catalog_from_json(json.loads(SHIPPED_JSON.read_text("utf-8")))


def load_catalog(extra: list[Path] | tuple[Path, ...] = ()) -> Catalog:
    """The shipped catalog plus user catalogs; a user exercise replaces a shipped one by id.

    User catalogs are read and checked on every run (there is no cache to trust); every
    problem in every file is collected and raised together as a CatalogError.
    """
    problems: list[str] = []
    files: list[CatalogFile] = [shipped_catalog()]
    for path in extra:
        loaded, found = read_catalog_file(path)
        problems.extend(found)
        if loaded is not None:
            files.append(loaded)
    if problems:
        raise CatalogError(problems)
    exercises: dict[str, Exercise] = {}
    guidance: dict[str, None] = {}
    safety: dict[str, None] = {}
    for catalog in files:
        for exercise in catalog.exercises:
            exercises.pop(exercise.id, None)  # the replacement takes the newer file's order
            exercises[exercise.id] = exercise
        guidance.update(dict.fromkeys(catalog.guidance))
        safety.update(dict.fromkeys(catalog.safety))
    return Catalog(exercises, tuple(guidance), tuple(safety))


def catalog_to_json(catalog: CatalogFile) -> dict[str, Any]:
    return {"name": catalog.name, "guidance": list(catalog.guidance),
            "safety": list(catalog.safety),
            "exercises": [exercise.to_dict() for exercise in catalog.exercises]}


def catalog_from_json(data: dict[str, Any]) -> CatalogFile:
    """The inverse of catalog_to_json, for data this package wrote and checked itself."""
    from .figure import figure_from_json

    def restored(key: str, value: Any) -> Any:
        if key == "figure":
            return figure_from_json(value)
        if key == "alternatives":
            return tuple(tuple(need) for need in value)
        return tuple(value) if isinstance(value, list) else value

    exercises = tuple(Exercise(**{key: restored(key, value) for key, value in entry.items()})
                      for entry in data["exercises"])
    return CatalogFile(data["name"], exercises, tuple(data["guidance"]), tuple(data["safety"]))


def read_catalog_file(path: Path) -> tuple[CatalogFile | None, list[str]]:
    """Parse and check one catalog file; return it, or None and every problem found."""
    data, problem = _read_toml(path)
    if problem or data is None:
        return None, [problem or f"{path}: cannot read"]
    problems: list[str] = []
    unknown = sorted(set(data) - {"catalog", "exercise"})
    if unknown:
        problems.append(f"{path}: unknown top-level key(s) {', '.join(unknown)} "
                        "(allowed: [catalog], [[exercise]])")
    header = data.get("catalog", {})
    if not isinstance(header, dict):
        problems.append(f"{path}: catalog: must be a table ([catalog])")
        header = {}
    name = header.get("name", path.stem)
    if not isinstance(name, str) or not name.strip():
        problems.append(f"{path}: catalog.name: must be a non-empty string")
    guidance = _text_list(header, "guidance", path, problems)
    safety = _text_list(header, "safety", path, problems)
    extra_keys = sorted(set(header) - {"name", "guidance", "safety"})
    if extra_keys:
        problems.append(f"{path}: catalog: unknown key(s) {', '.join(extra_keys)} "
                        "(allowed: name, guidance, safety)")

    entries = data.get("exercise", [])
    if not isinstance(entries, list):
        problems.append(f"{path}: exercise: must be an array of tables ([[exercise]])")
        entries = []
    if not entries:
        problems.append(f"{path}: has no exercises (add [[exercise]] tables)")
    exercises: list[Exercise] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        label = entry.get("id") if isinstance(entry, dict) else None
        where = (f"{path}: exercise '{label}'" if isinstance(label, str)
                 else f"{path}: exercise #{number}")
        exercise, found = parse_exercise(entry, where)
        problems.extend(found)
        if exercise is None:
            continue
        if exercise.id in seen:
            problems.append(f"{where}: id: duplicate; exercise #{seen[exercise.id]} "
                            "in this file has the same id")
            continue
        seen[exercise.id] = number
        exercises.append(exercise)
    if problems:
        return None, problems
    return CatalogFile(name, tuple(exercises), guidance, safety), []


def _read_toml(path: Path) -> tuple[dict[str, Any] | None, str | None]:
    import tomllib

    from .errors import PlannerError
    from .files import read_bounded

    try:
        raw = read_bounded(path, MAX_CATALOG_BYTES, "catalog file")
    except PlannerError as exc:
        return None, str(exc)
    if raw.startswith(b"\xef\xbb\xbf"):  # a byte order mark, as some editors write
        raw = raw[3:]
    try:
        return tomllib.loads(raw.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        return None, f"{path}: not UTF-8 text (bad byte at offset {exc.start})"
    except tomllib.TOMLDecodeError as exc:
        return None, f"{path}: not valid TOML: {exc}"
    except RecursionError:
        return None, f"{path}: not a catalog (nested too deeply)"
    except ValueError:  # an integer of thousands of digits
        return None, f"{path}: not valid TOML: a number is too long"


def _text_list(table: dict, key: str, path: Path, problems: list[str]) -> tuple[str, ...]:
    from .exercise import MAX_TEXT

    value = table.get(key, [])
    if (not isinstance(value, list) or len(value) > MAX_NOTES
            or not all(isinstance(v, str) and v.strip() and len(v) <= MAX_TEXT for v in value)):
        problems.append(f"{path}: catalog.{key}: must be a list of at most {MAX_NOTES} "
                        f"non-empty strings of at most {MAX_TEXT} characters")
        return ()
    return tuple(value)
