"""A plan's settings as plugins and the core read them: `plan.settings`, a typed, read-only
`planner.api.Settings`, written back exactly as the plan file held them (key order, keys
this version does not know, no `block_weeks` in plans made before it)."""

import json
from datetime import date, time

import pytest

from planner import api
from planner.plan_document import plan_json
from planner.plan_file import plan_from_dict, read_plan

from conftest import load_json, make_plan, ok

BUILD = ("build", "--weeks", "2", "--start", "2026-11-23", "--tz", "Europe/Berlin")
UNKNOWN = {"by": "another tool", "at": [7, 30.5, None, True], "ünï": {}}


def with_setting(text: str, after: str, key: str, value) -> str:
    """A plan file's text with `key: value` in its settings after the key `after`, laid out
    as band-planner writes the plan's head (json.dumps, indent 2)."""
    start = text.index(f'\n    "{after}": ') + 1
    end = text.index("\n", start) + 1
    shown = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n    ")
    return f"{text[:end]}    {json.dumps(key)}: {shown},\n{text[end:]}"


def without_block_weeks(text: str) -> str:
    """A plan file's text as band-planner wrote it before blocks had a length."""
    old = text.replace(',\n    "block_weeks": 4\n', "\n")
    assert old != text
    return old


def test_settings_read_back_are_typed_and_equal_to_those_built():
    built = make_plan(weeks=2, days=("tue", "sat"), time=time(18, 30), bands=("light", "heavy"))
    settings = plan_from_dict(json.loads(plan_json(built))).settings
    assert isinstance(settings, api.Settings) and settings == built.settings
    assert settings.start == date(2026, 11, 23) and settings.time == time(18, 30)
    assert settings.days == ("tue", "sat") and settings.bands == ("light", "heavy")
    assert (settings.weeks, settings.block_weeks, settings.timezone) == (2, 4, "Europe/Berlin")
    assert settings.extra == {} and settings.to_dict() == built.to_dict()["settings"]


def test_unknown_settings_are_kept_in_place_through_export_and_log(cli, tmp_path, monkeypatch):
    ok(cli(*BUILD))
    path = tmp_path / "plan.json"
    text = with_setting(path.read_text("utf-8"), "time", "x-reminder", UNKNOWN)
    path.write_text(text, "utf-8")

    plan = read_plan(path)
    assert plan.settings.extra == {"x-reminder": {"by": "another tool",
                                                  "at": (7, 30.5, None, True), "ünï": {}}}
    assert plan.settings.time == time(7, 0)
    assert plan_json(plan) == text.encode()
    ok(cli("export", "plan.json", "--format", "json", "--out-dir", "out"))
    assert (tmp_path / "out" / "plan.json").read_text("utf-8") == text

    # Logging re-doses the plan and writes it again: its settings stay as they were.
    before = load_json(path)["settings"]
    monkeypatch.setenv("PLANNER_TODAY", "2026-11-23")
    ok(cli("log", "today", "--log", "log.sqlite3"))
    after = load_json(path)
    assert after["revision"] == 1
    assert list(after["settings"].items()) == list(before.items())


def test_a_plan_from_before_block_weeks_reads_as_four_and_is_written_back_as_it_was(
        cli, tmp_path):
    ok(cli(*BUILD))
    path = tmp_path / "plan.json"
    old = without_block_weeks(path.read_text("utf-8"))
    path.write_text(old, "utf-8")

    plan = read_plan(path)
    assert plan.settings.block_weeks == 4
    assert "block_weeks" not in plan.settings.to_dict()
    assert plan_json(plan) == old.encode()
    ok(cli("export", "plan.json", "--format", "json", "--format", "pdf", "--out-dir", "out"))
    assert (tmp_path / "out" / "plan.json").read_text("utf-8") == old


def test_exporters_cannot_change_the_settings():
    document = make_plan(weeks=1).to_dict()
    document["settings"]["x-tool"] = {"tags": ["a"]}
    plan = plan_from_dict(document)
    loose = plan._replace(settings=plan.settings._replace(bands=["light", "heavy"]))
    for frozen in (plan.frozen(), loose.frozen()):
        settings = frozen.settings
        with pytest.raises(AttributeError):
            settings.bands = ("heavy",)
        with pytest.raises(AttributeError):
            settings.days.append("sun")
        with pytest.raises(TypeError):
            settings.extra["x-tool"]["tags"] = ["b"]
        with pytest.raises(AttributeError):
            settings.extra["x-tool"]["tags"].append("b")
    assert loose.frozen().settings.bands == ("light", "heavy")
    assert plan.frozen().to_dict() == document
