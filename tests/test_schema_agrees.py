"""The plan JSON Schema and the code say the same: every enum and limit the schema repeats
is compared with the constant the code checks against, so changing one without the other
fails here instead of letting a plan through one check and not the other."""

from __future__ import annotations

import json
import re

import pytest

from planner import exercise, figure, plan, plan_checks, progression, settings
from planner.log import entry
from planner.schema import SCHEMA_PATH

SCHEMA = json.loads(SCHEMA_PATH.read_text("utf-8"))
DEFINITIONS = SCHEMA["definitions"]


def definition(*path: str):
    node = DEFINITIONS
    for key in path:
        node = node[key]
    return node


@pytest.mark.parametrize("path, values", [
    (("region", "enum"), exercise.REGIONS),
    (("slack", "enum"), progression.SLACKS),
    (("settings", "properties", "days", "items", "enum"), settings.DAY_NAMES),
    (("settings", "properties", "level", "enum"), progression.LEVELS),
    (("equipment", "items", "enum"), (*exercise.EQUIPMENT, *exercise.OLD_EQUIPMENT_WORDS)),
    (("exercise", "properties", "band", "enum"), exercise.BAND_KINDS),
    (("exercise", "properties", "anchor", "enum"), exercise.ANCHORS),
    (("exercise", "properties", "position", "enum"), exercise.POSITIONS),
    (("logged", "properties", "feel", "enum"), (*entry.FEELS, None)),
    (("figure", "properties", "view", "enum"), figure.VIEWS),
    (("figure", "properties", "facing", "enum"), figure.FACINGS),
])
def test_enums_match_the_code(path, values):
    assert tuple(definition(*path)) == tuple(values), "/".join(path)


@pytest.mark.parametrize("path, value", [
    (("settings", "properties", "weeks", "maximum"), settings.MAX_WEEKS),
    (("revision", "maximum"), plan_checks.MAX_REVISION),
    (("item", "properties", "sets", "maximum"), progression.MAX_SETS),
    (("item", "properties", "reps", "maximum"), exercise.MAX_REPS),
    (("item", "properties", "reps", "minimum"), exercise.MIN_REPS),
    (("exercise", "properties", "reps", "items", "maximum"), exercise.MAX_REPS),
    (("exercise", "properties", "reps", "items", "minimum"), exercise.MIN_REPS),
    (("line", "maxLength"), exercise.MAX_LINE),
    (("logged", "properties", "sets", "maxItems"), entry.MAX_SETS_LOGGED),
    (("pose", "properties", "arms", "maxItems"), figure.MAX_LIMBS),
    (("pose", "properties", "legs", "maxItems"), figure.MAX_LIMBS),
    (("pose", "properties", "band", "maxItems"), figure.MAX_BANDS),
    (("pose", "properties", "arrows", "maxItems"), figure.MAX_ARROWS),
    (("points", "maxItems"), figure.MAX_BAND_POINTS),
    (("point", "items", 0, "maximum"), figure.WIDTH),
    (("point", "items", 1, "maximum"), figure.HEIGHT),
])
def test_limits_match_the_code(path, value):
    assert definition(*path) == value, "/".join(path)


def test_format_and_version():
    assert SCHEMA["properties"]["format"]["const"] == plan.FORMAT
    assert SCHEMA["properties"]["version"]["const"] == plan.VERSION


SLUGS = ["band-pull-apart", "row2", "a", "-lead", "trail-", "two--dashes", "Upper", "ü", "",
         "a b"]
BANDS = ["light", "Extra heavy 2", "x" * 40, "x" * 41, " light", "-light", "gelb/rot", ""]


@pytest.mark.parametrize("text", SLUGS)
def test_ids_are_read_alike(text):
    schema = re.compile(definition("slug", "pattern"))
    assert bool(schema.search(text)) == exercise.is_exercise_id(text)


@pytest.mark.parametrize("text", ["row\n", "band-pull-apart\n"])
def test_an_id_with_a_line_break_after_it_is_not_an_id(text):
    """A catalog's or a log's exercise id, or a band name, with a line break after it (a
    pattern ending in `$` let that by)."""
    assert not exercise.is_exercise_id(text)
    assert not settings.is_band_name(text) and not settings.is_band_name("light\n")


@pytest.mark.parametrize("text", BANDS)
def test_logged_band_names_fit_the_band_pattern(text):
    # The schema only bounds the length; the pattern the code applies stays within it.
    limit = definition("logged", "properties", "band", "maxLength")
    if settings.is_band_name(text):
        assert len(text) <= limit
