"""Environment variables are input: TZ in its glibc forms, a missing or empty HOME."""

from __future__ import annotations

import json

import pytest

from conftest import error, ok


@pytest.mark.parametrize("tz", ["/usr/share/zoneinfo/Europe/Berlin", ":Europe/Berlin",
                                "Europe/Berlin"])
def test_tz_as_a_zone_file_or_with_a_colon_names_the_zone(cli, tmp_path, monkeypatch, tz):
    monkeypatch.setenv("TZ", tz)
    result = ok(cli("build", "--weeks", "1", "--start", "2026-11-23"))
    assert result.err == ""
    plan = json.loads((tmp_path / "plan.json").read_text())
    assert plan["settings"]["timezone"] == "Europe/Berlin"


def test_a_posix_tz_rule_falls_back_and_says_so_in_one_line(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")
    result = ok(cli("build", "--weeks", "1", "--start", "2026-11-23"))
    [line] = result.err.splitlines()
    zone = json.loads((tmp_path / "plan.json").read_text())["settings"]["timezone"]
    assert line.startswith("Warning: TZ='CET-1CEST,M3.5.0,M10.5.0/3' names no time zone")
    assert f"using {zone}" in line and "--tz" in line


def test_no_home_folder_at_all_is_a_clear_error(cli, tmp_path, monkeypatch):
    """A uid without a passwd entry and no HOME: `~` cannot be expanded."""
    import pwd

    for name in ("HOME", "XDG_DATA_HOME", "PLANNER_LOG"):
        monkeypatch.delenv(name, raising=False)

    def no_entry(uid):
        raise KeyError(uid)

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    error(cli("history"), "home folder", "PLANNER_LOG", "--log")
    assert not list(tmp_path.iterdir())  # and no "~" folder made in the working folder


def test_an_empty_home_writes_nothing_outside_the_output_folder(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", "")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    ok(cli("build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC", "--out-dir", "out"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
