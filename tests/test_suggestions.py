"""Mistakes get a way forward: forgiving values and "did you mean" through the real CLI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from conftest import error, ok

BUILD = ("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC")


def settings(tmp_path):
    return json.loads((tmp_path / "plan.json").read_text())["settings"]


@pytest.mark.parametrize("option, value, field, expected", [
    ("--level", "Beginner", "level", "beginner"),
    ("--level", "ADVANCED", "level", "advanced"),
    ("--days", "tues,Thursday,SAT", "days", ["tue", "thu", "sat"]),
    ("--tz", "america/chicago", "timezone", "America/Chicago"),
    ("--equipment", "flat,tube,door", "equipment", ["flat", "tube", "anchor"]),
    ("--start", "2026-12-8", "start", "2026-12-08"),
])
def test_values_in_other_spellings_are_understood(cli, tmp_path, option, value, field, expected):
    args = [a for a in BUILD if a not in ("--start", "2026-11-23")] if option == "--start" else BUILD
    ok(cli(*args, option, value))
    assert settings(tmp_path)[field] == expected


def test_start_today_and_tomorrow(cli, tmp_path):
    ok(cli("build", "--weeks", "1", "--tz", "UTC", "--start", "today"))
    assert settings(tmp_path)["start"] == date.today().isoformat()
    ok(cli("build", "--weeks", "1", "--tz", "UTC", "--start", "tomorrow"))
    assert settings(tmp_path)["start"] == (date.today() + timedelta(days=1)).isoformat()


@pytest.mark.parametrize("args, words", [
    (("--level", "beginer"), ("--level", "did you mean 'beginner'?")),
    (("--days", "mon,tusday"), ("--days", "did you mean 'tuesday'?")),
    (("--tz", "Chicago"), ("--tz", "did you mean 'America/Chicago'?")),
    (("--tz", "Europe/Berln"), ("--tz", "did you mean 'Europe/Berlin'?")),
    (("--equipment", "tub"), ("--equipment", "did you mean 'tube'?")),
    (("--bands", "medium,light"), ("--bands", "not lightest first", "write light,medium")),
    (("--option", "ics.alarm=30"), ("--option ics.alarm", "add -f ics")),
])
def test_mistakes_in_values_get_a_suggestion(cli, tmp_path, args, words):
    said = error(cli(*BUILD, *args), *words)
    assert not list(tmp_path.iterdir()), said


def test_a_bad_start_date_shows_an_example_that_is_not_in_the_past(cli):
    said = error(cli("build", "--start", "12/8/2026"), "--start", "today or tomorrow")
    example = date.fromisoformat(said.split("(e.g. ")[1][:10])
    assert example > date.today()


def test_exercises_are_found_by_id_or_name_and_misspellings_get_suggestions(cli):
    by_name = ok(cli("catalog", "show", "band DEADLIFT")).out
    assert by_name.startswith("Band deadlift  (band-deadlift)")
    error(cli("catalog", "show", "face-pul"), "face-pul", "did you mean 'face-pull'?")


def test_a_misspelt_band_level_is_named():
    from planner.settings import band_warnings, parse_bands

    [line] = band_warnings(parse_bands("light,meduim,heavy,blue"))
    assert "'meduim'" in line and "did you mean 'medium'?" in line
