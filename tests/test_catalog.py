
import os
from pathlib import Path

import pytest

from planner.catalog import load_catalog, read_catalog_file
from planner.errors import CatalogError
from planner.exercise import REGIONS

from conftest import ROOT, shipped_catalog

# Every exercise the two source articles describe, by the id the catalog gives it.
ARTICLE_EXERCISES = {
    "band-pull-apart": ("upper", "standing-or-seated"),
    "seated-back-extension": ("lower", "seated"),
    "seated-row": ("upper", "seated"),
    "lat-pulldown": ("mid", "kneeling"),
    "reverse-fly": ("upper", "standing"),
    "overhead-pulldown": ("mid", "standing-or-seated"),
    "one-arm-row": ("mid", "standing"),
}


def test_shipped_catalog_has_every_article_exercise():
    catalog = shipped_catalog()
    for exercise_id, (region, position) in ARTICLE_EXERCISES.items():
        exercise = catalog.exercises[exercise_id]
        assert (exercise.region, exercise.position) == (region, position)
        assert exercise.source.startswith(("article", "both articles"))
        assert exercise.reps == (8, 12)


def test_article_details_are_kept():
    catalog = shipped_catalog()
    extension = catalog.exercises["seated-back-extension"]
    assert extension.band == "loop" and extension.anchor == "chair"
    assert set(extension.equipment) == {"loop", "chair"}
    assert "high-backed chair" in " ".join(extension.steps)
    row = catalog.exercises["one-arm-row"]
    assert row.per_side and row.anchor == "foot"
    for anchored in ("seated-row", "lat-pulldown", "reverse-fly"):
        assert catalog.exercises[anchored].anchor == "fixed"
        assert catalog.exercises[anchored].band == "long"
    pulldown = catalog.exercises["overhead-pulldown"]
    assert pulldown.band == "short" and pulldown.anchor == "none"


def test_each_region_has_at_least_four_exercises_with_breathing_cues():
    catalog = shipped_catalog()
    for region in REGIONS:
        exercises = catalog.by_region(region)
        assert len(exercises) >= 4, region
        for exercise in exercises:
            text = " ".join(exercise.cues).lower()
            assert "breathe out" in text and "breathe in" in text, exercise.id
            assert exercise.steps and exercise.source


def test_safety_and_guidance_cover_the_articles():
    catalog = shipped_catalog()
    safety = " ".join(catalog.safety).lower()
    for fact in ("doctor", "sunlight", "rings", "fingernails", "light band"):
        assert fact in safety, fact
    guidance = " ".join(catalog.guidance).lower()
    for fact in ("8 to 12", "three sets", "next band", "slack", "breathe out", "stomach"):
        assert fact in guidance, fact


GOOD = """
[catalog]
name = "mine"

[[exercise]]
id = "band-pull-apart"
name = "My pull-apart"
region = "upper"
band = "short"
anchor = "none"
position = "standing"
per_side = false
reps = [10, 12]
steps = ["Pull."]
cues = ["Breathe out as you pull."]
equipment = []
source = "added"
"""


def test_user_catalog_replaces_shipped_exercise(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    catalog = load_catalog([path])
    assert catalog.exercises["band-pull-apart"].name == "My pull-apart"
    assert len(catalog.exercises) == len(shipped_catalog().exercises)


def test_every_problem_is_reported_with_file_exercise_and_field(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(GOOD.replace('region = "upper"', 'region = "side"')
                    .replace("reps = [10, 12]", "reps = [12, 8]")
                    .replace("per_side = false", 'per_side = "no"')
                    + '\n[[exercise]]\nid = "Bad Id"\n')
    with pytest.raises(CatalogError) as caught:
        load_catalog([path])
    problems = caught.value.problems
    assert f"{path}: exercise 'band-pull-apart': region: 'side' is not one of upper, mid, lower" in problems
    assert any("'band-pull-apart': reps: [12, 8] is reversed" in p for p in problems)
    assert any("'band-pull-apart': per_side: must be true or false" in p for p in problems)
    assert any("exercise 'Bad Id': id:" in p for p in problems)
    assert any("exercise 'Bad Id': name: missing" in p for p in problems)
    assert all(p.startswith(str(path)) for p in problems)


def test_toml_syntax_error_names_line_and_column(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('[catalog]\nname = "x"\n[[exercise]\n')
    loaded, problems = read_catalog_file(path)
    assert loaded is None
    assert problems[0].startswith(f"{path}: not valid TOML:")
    assert "line 3" in problems[0] and "column" in problems[0]


def test_duplicate_ids_in_one_file(tmp_path):
    path = tmp_path / "dup.toml"
    path.write_text(GOOD + GOOD.replace("[catalog]\nname = \"mine\"\n", ""))
    _, problems = read_catalog_file(path)
    assert problems == [f"{path}: exercise 'band-pull-apart': id: duplicate; exercise #1 "
                        "in this file has the same id"]


@pytest.mark.parametrize("text, expected", [
    ("", "has no exercises"),
    ("[catalog]\nname = 'x'\n", "has no exercises"),
    ("exercise = 3\n", "exercise: must be an array of tables"),
    ("surprise = 1\n[[exercise]]\n", "unknown top-level key(s) surprise"),
    # Paragraphs are bounded in length and number: the PDF lays every one of them out.
    (f"[catalog]\nguidance = ['{'x' * 2001}']\n", "catalog.guidance: must be a list of at most "
                                                  "50 non-empty strings of at most 2000"),
    ("[catalog]\nsafety = [" + "'x', " * 51 + "]\n", "catalog.safety: must be a list of at "
                                                     "most 50"),
])
def test_catalog_shape_problems(tmp_path, text, expected):
    path = tmp_path / "c.toml"
    path.write_text(text)
    _, problems = read_catalog_file(path)
    assert any(expected in p for p in problems), problems


def test_oversized_catalog_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)
    _, problems = read_catalog_file(path)
    assert problems == [f"{path}: too large for a catalog file (at most 2 MiB)"]


def test_missing_and_non_utf8_catalogs(tmp_path):
    assert read_catalog_file(tmp_path / "nope.toml")[1] == [f"{tmp_path / 'nope.toml'}: no such catalog file"]
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b"name = '\xe9'\n")
    assert "not UTF-8" in read_catalog_file(latin)[1][0]


def test_catalog_commands(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")  # the table fits the terminal: give it one width
    listed = cli("catalog", "list", "--region", "lower")
    assert listed.code == 0
    assert "seated-back-extension" in listed.out and "band-pull-apart" not in listed.out
    shown = cli("catalog", "show", "seated-back-extension")
    assert shown.code == 0
    for part in ("Set up: Loop over a chair back", "Key cue:", "Steps:", "1. Tie the band",
                 "Breathing and form:", "a sturdy high-backed chair"):
        assert part in shown.out
    # the safety notes are pointed to once, not repeated with every exercise
    assert "doctor" not in shown.out and "`planner catalog safety`" in shown.out
    safety = cli("catalog", "safety").out
    assert all(" ".join(note.split())[:40] in " ".join(safety.split())
               for note in shipped_catalog().safety)
    flat_only = cli("catalog", "list", "--equipment", "flat").out
    assert "Flat-band Romanian deadlift" in flat_only and "Banded bird dog" not in flat_only
    # One vocabulary: the EQUIPMENT column names what each exercise works with, in the words
    # --equipment takes; an anchored exercise takes a tube band or a flat one through the anchor.
    everything = cli("catalog", "list").out.splitlines()
    assert everything[0].split() == ["NAME", "ID", "REGION", "EQUIPMENT"]
    row = next(line for line in everything if " seated-row " in line)
    assert row.endswith("tube+anchor or flat+anchor")
    assert "seated-row" in cli("catalog", "list", "--equipment", "flat,door").out
    assert "seated-row" not in flat_only
    good = tmp_path / "good.toml"
    good.write_text(GOOD)
    assert cli("catalog", "validate", str(good)).code == 0
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD.replace('"upper"', '"side"'))
    result = cli("catalog", "validate", str(good), str(bad))
    assert result.code == 2
    assert result.err.strip() == (f"Error: {bad}: exercise 'band-pull-apart': region: 'side' "
                                  "is not one of upper, mid, lower")


def test_the_shipped_catalog_ships_pre_parsed_and_up_to_date():
    """No run parses or caches the shipped TOML: the package carries it checked, as JSON."""
    from planner import shipped
    from planner.catalog import shipped_catalog, shipped_catalog_path

    assert shipped.main(["--check"]) == 0, "run: python -m planner.shipped"
    loaded, problems = read_catalog_file(shipped_catalog_path())
    assert not problems and shipped_catalog() == loaded


def test_building_writes_no_cache_and_reads_user_catalogs_fresh(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    path = tmp_path / "mine.toml"
    path.write_text(GOOD)
    first = load_catalog([path])
    path.write_text(GOOD.replace("My pull-apart", "Your pull-apart"))
    os.utime(path, ns=(1, 1))  # same size, an old time: nothing may be served stale
    assert first.exercises["band-pull-apart"].name == "My pull-apart"
    assert load_catalog([path]).exercises["band-pull-apart"].name == "Your pull-apart"
    result = cli("build", "--weeks", "1", "--catalog", str(path), "--out-dir", "out")
    assert result.code == 0, result.err
    assert not (tmp_path / "cache").exists() and not (tmp_path / "home").exists()


def test_a_catalog_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert "band-pull-apart" in load_catalog([path]).exercises


def test_a_fifo_or_device_as_a_catalog_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    assert "is not a regular file" in read_catalog_file(fifo)[1][0]
    assert "is not a regular file" in read_catalog_file(Path("/dev/zero"))[1][0]


def test_validate_names_each_catalog_it_checked(cli, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text((ROOT / "catalogs" / "back.toml").read_text("utf-8").replace(
        'name = "', 'name = "My copy of ', 1))
    result = cli("catalog", "validate", str(ROOT / "catalogs" / "back.toml"), str(mine))
    assert result.code == 0
    first, second = result.out.splitlines()
    assert first == (f"ok: {ROOT / 'catalogs' / 'back.toml'} (Resistance-band back exercises): "
                     "18 exercise(s)")
    assert second.startswith(f"ok: {mine} (My copy of ")


def test_equipment_words_old_words_and_alternatives(tmp_path):
    """A catalog may write the old words (handles, door): they are read as tube and anchor.
    `alternatives` lists other sets of equipment an exercise also works with."""
    path = tmp_path / "old.toml"
    path.write_text(GOOD.replace('equipment = []', 'equipment = ["handles", "door"]\n'
                                 'alternatives = [["flat", "anchor"]]'))
    loaded, problems = read_catalog_file(path)
    assert not problems
    (exercise,) = loaded.exercises
    assert exercise.equipment == ("tube", "anchor")
    assert exercise.alternatives == (("flat", "anchor"),)
    assert exercise.fits(("anchor",)) and not exercise.fits(("tube",))
    assert exercise.equipment_for(("flat", "tube", "anchor")) == ("tube", "anchor")
    assert exercise.to_dict()["alternatives"] == [["flat", "anchor"]]
    for bad, message in (('[["tube", "loop"]]', "alternatives.1: names two kinds of band"),
                         ('[["rope"]]', "alternatives.1: unknown 'rope'"),
                         ('["flat"]', "alternatives: must be a list of 1 to 4 equipment lists")):
        path.write_text(GOOD.replace('equipment = []', f"equipment = []\nalternatives = {bad}"))
        _, problems = read_catalog_file(path)
        assert any(message in problem for problem in problems), (bad, problems)


def test_catalog_text_is_safe_and_follows_the_articles():
    """Nothing is pulled behind the neck or rests on it, and the safety cues the issue named
    are in the steps or cues."""
    import re

    text = (ROOT / "catalogs" / "back.toml").read_text("utf-8")
    assert not re.search(r"behind.*neck|behind your head", text, re.IGNORECASE)
    catalog = shipped_catalog()

    def words(key):
        ex = catalog.exercises[key]
        return " ".join((*ex.steps, *ex.cues, *ex.notes, ex.setup, ex.cue)).lower()

    assert "don't arch the lower back hard" in words("seated-back-extension")
    assert "weaker side" in words("one-arm-row")
    assert catalog.exercises["one-arm-row"].steps[0].startswith("Start with your weaker side")
    good_morning = words("good-morning")
    assert "chest" in good_morning and "across the upper back" not in good_morning
    assert "what it is for" in words("glute-bridge")
    assert "above your knees" not in words("glute-bridge")
    # Every anchored exercise also works with a flat band through the anchor.
    for ex in catalog.exercises.values():
        if ex.anchor == "fixed":
            assert ex.fits(("anchor",)), ex.id
