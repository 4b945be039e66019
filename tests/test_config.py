"""The config file through the real CLI: where it is, what `build` takes from it, and one
`Error:` line naming the file and key for every kind of bad input, with nothing written."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PROBE, error, load_json, ok

START = ["--start", "2026-11-23"]


@pytest.fixture
def config(tmp_path, monkeypatch):
    """Write the user's config file (the XDG path) and return a function that does."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("PLANNER_CONFIG", raising=False)
    monkeypatch.setenv("TZ", "UTC")
    path = tmp_path / "xdg" / "band-planner" / "config.toml"

    def write(text: str | bytes) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            text = text.encode("utf-8")
        path.write_bytes(text)
        return path

    write.path = path
    return write


def settings_of(folder: Path, stem: str = "plan") -> dict:
    return load_json(folder / f"{stem}.json")["settings"]


def test_build_takes_every_setting_from_the_config_file(cli, config, tmp_path):
    path = config("""
[build]
weeks = 2
days = ["tue", "thu"]
time = "18:30"
tz = "Europe/Berlin"
minutes = 45
level = "intermediate"
equipment = ["handles", "anchor"]
bands = "light,medium,heavy"
deload_every = 2
format = ["json", "ics"]
option = ["ics.alarm=15"]
out_dir = "plans"
name = "evening"
""")
    result = ok(cli("build", *START))
    settings = settings_of(tmp_path / "plans", "evening")
    assert settings == {
        "name": "evening", "weeks": 2, "start": "2026-11-23", "days": ["tue", "thu"],
        "time": "18:30", "timezone": "Europe/Berlin", "minutes": 45, "level": "intermediate",
        "equipment": ["flat", "tube", "anchor"], "bands": ["light", "medium", "heavy"],
        "seed": 0, "deload_every": 2, "catalogs": [], "block_weeks": 4}
    assert "TRIGGER:-PT15M" in (tmp_path / "plans" / "evening.ics").read_text()
    assert result.out.splitlines()[-1] == f"defaults from {path}"


def test_dashes_or_underscores_arrays_or_comma_strings_and_a_toml_time(cli, config, tmp_path):
    config('[build]\ndeload-every = 3\nout-dir = "a"\ndays = "mon, thu"\ntime = 06:15:00\n'
           'equipment = "tube,door"\n')
    ok(cli("build", *START))
    config('[build]\ndeload_every = 3\nout_dir = "b"\ndays = ["mon", "thu"]\ntime = "06:15"\n'
           'equipment = ["handles", "anchor"]\n')
    ok(cli("build", *START))
    assert (tmp_path / "a" / "plan.json").read_bytes() == (tmp_path / "b" / "plan.json").read_bytes()
    settings = settings_of(tmp_path / "a")
    assert (settings["deload_every"], settings["days"], settings["time"], settings["equipment"]) \
        == (3, ["mon", "thu"], "06:15", ["flat", "tube", "anchor"])


def test_out_dir_in_the_file_may_start_with_a_tilde(cli, config, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    config('[build]\nout_dir = "~/plans"\nweeks = 1\n')
    ok(cli("build", *START))
    assert (tmp_path / "home" / "plans" / "plan.json").exists()


def test_the_command_line_wins(cli, config, tmp_path):
    config('[build]\nweeks = 2\ndays = "tue,thu"\ntime = "18:30"\ntz = "Europe/Berlin"\n'
           'minutes = 45\nlevel = "advanced"\nequipment = "none"\nbands = "light,heavy"\n'
           'deload_every = 2\nname = "fromfile"\nout_dir = "fromfile"\n')
    ok(cli("build", *START, "--weeks", "1", "--days", "sat", "--time", "09:00", "--tz", "UTC",
           "--minutes", "20", "--level", "beginner", "--equipment", "loop", "--bands", "medium",
           "--deload-every", "0", "--name", "typed", "--out-dir", "typed"))
    settings = settings_of(tmp_path / "typed", "typed")
    assert (settings["weeks"], settings["days"], settings["time"], settings["timezone"],
            settings["minutes"], settings["level"], settings["equipment"], settings["bands"],
            settings["deload_every"]) == (1, ["sat"], "09:00", "UTC", 20, "beginner", ["flat", "loop"],
                                          ["medium"], 0)
    assert not (tmp_path / "fromfile").exists()


def test_formats_on_the_command_line_replace_the_files_and_its_options_follow(cli, config, tmp_path):
    # The file keeps options for formats it does not always build: they apply only to those.
    config('[build]\nformat = ["ics"]\noption = ["ics.alarm=15", "pdf.paper=letter"]\nweeks = 1\n')
    ok(cli("build", *START, "--format", "json", "--out-dir", "json"))
    assert sorted(p.name for p in (tmp_path / "json").iterdir()) == ["plan.json"]
    # A key the command line sets again is the command line's; the others stay.
    ok(cli("build", *START, "--option", "ics.alarm=30", "--out-dir", "ics"))
    calendar = (tmp_path / "ics" / "plan.ics").read_text()
    assert "TRIGGER:-PT30M" in calendar and "TRIGGER:-PT15M" not in calendar


def test_planner_config_points_elsewhere(cli, config, tmp_path, monkeypatch):
    config('[build]\nweeks = 3\n')
    other = tmp_path / "elsewhere.toml"
    other.write_text('[build]\nweeks = 2\nname = "other"\n')
    monkeypatch.setenv("PLANNER_CONFIG", str(other))
    result = ok(cli("build", *START))
    assert settings_of(tmp_path, "other")["weeks"] == 2
    assert result.out.splitlines()[-1] == f"defaults from {other}"


def test_the_default_path_is_platformdirs_user_config_path(config, tmp_path, monkeypatch):
    import platformdirs

    from planner.config import config_path

    def expected():
        return platformdirs.user_config_path("band-planner") / "config.toml"

    assert config_path() == expected() == config.path
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert config_path() == expected() == tmp_path / "home/.config/band-planner/config.toml"
    for xdg in ("", "relative/folder", "  "):  # platformdirs' own rules for these
        monkeypatch.setenv("XDG_CONFIG_HOME", xdg)
        assert config_path() == expected()


def test_the_xdg_file_is_read_and_a_missing_one_is_no_config(cli, config, tmp_path):
    result = ok(cli("build", *START, "--weeks", "1"))
    assert "defaults from" not in result.out
    assert settings_of(tmp_path)["days"] == ["mon", "wed", "fri"]
    config('[build]\ndays = "sun"\n')
    ok(cli("build", *START, "--weeks", "1"))
    assert settings_of(tmp_path)["days"] == ["sun"]


def test_a_file_with_a_byte_order_mark_is_read(cli, config, tmp_path):
    config(b'\xef\xbb\xbf[build]\nweeks = 1\nname = "bom"\n')
    ok(cli("build", *START))
    assert settings_of(tmp_path, "bom")["weeks"] == 1


BAD = [
    # bad TOML
    ("[build\nweeks = 2\n", ["not valid TOML", "line 1"]),
    ("[build]\nweeks = 2\nweeks = 3\n", ["not valid TOML", "line 3"]),
    # unknown keys, with a suggestion
    ("[build]\nminuts = 20\n", ["build.minuts: unknown key; did you mean 'minutes'?"]),
    ("[build]\ndeload-evry = 2\n", ["build.deload-evry: unknown key; did you mean 'deload-every'?"]),
    ("[build]\ncolour = 2\n", ["build.colour: unknown key; use weeks, days"]),
    ("[build]\nseed = 3\n", ["build.seed: is not read from the config file", "--seed"]),
    ("[build]\ndeload_every = 2\ndeload-every = 3\n", ["build.deload-every: is given twice"]),
    ("weeks = 2\n", ["weeks: is outside any table; put it under [build]"]),
    # unknown tables
    ("[buld]\nweeks = 2\n", ["[buld]: unknown table; did you mean [build]?"]),
    ("[pdf]\npaper = 'a4'\n", ["[pdf]: unknown table; the config file has the tables [build] and [publish]"]),
    ("[build.pdf]\npaper = 'a4'\n", ["build.pdf: unknown key"]),
    ("build = 3\n", ["build: must be a table"]),
    # wrong types
    ("[build]\nweeks = \"4\"\n", ["build.weeks: expected a whole number, not a string"]),
    ("[build]\nminutes = true\n", ["build.minutes: expected a whole number, not true/false"]),
    ("[build]\nweeks = 2.5\n", ["build.weeks: expected a whole number, not a decimal number"]),
    ("[build]\nlevel = 3\n", ["build.level: expected a string, not a whole number"]),
    ("[build]\ndays = [\"mon\", 3]\n", ["build.days: item 2 is a whole number (3)"]),
    ("[build]\nbands = {a = 1}\n", ["build.bands: expected a list of strings"]),
    ("[build]\ntime = 2026-11-23\n", ["build.time: expected a string, not a date"]),
    # bad values, with build's own reasons
    ("[build]\nminutes = 0\n", ["build.minutes: 0 is out of range; use 1 to 240"]),
    ("[build]\nweeks = 99999999999999999999\n",
     ["build.weeks: 99999999999999999999 is past the 64-bit range"]),
    ("[build]\nweeks = " + "9" * 4000 + "\n", ["build.weeks: a number of 4000 digits is past"]),
    ("[build]\nweeks = " + "9" * 5000 + "\n", ["not valid TOML: an integer is far too long"]),
    ("[build]\nweeks = 900\n", ["build.weeks: 900 is out of range"]),
    ("[build]\ndeload_every = 1\n", ["build.deload_every: 1 is not allowed"]),
    ("[build]\ndays = \"mon,funday\"\n", ["build.days: unknown day 'funday'"]),
    ("[build]\ndays = []\n", ["build.days: empty"]),
    ("[build]\ntime = \"25:00\"\n", ["build.time: '25:00' is not a time of day"]),
    ("[build]\ntime = 07:00:30\n", ["build.time: '07:00:30' is not a time of day"]),
    ("[build]\ntz = \"Mars/Olympus\"\n", ["build.tz: unknown time zone 'Mars/Olympus'"]),
    ("[build]\nlevel = \"pro\"\n", ["build.level: unknown level 'pro'"]),
    ("[build]\nequipment = [\"loop\", \"chiar\"]\n", ["build.equipment: unknown item 'chiar'"]),
    ("[build]\nbands = \"light,light\"\n", ["build.bands: a band level is listed twice"]),
    ("[build]\nname = \"a/b\"\n", ["build.name: 'a/b' cannot be a file name"]),
    ("[build]\nout_dir = \"\"\n", ["build.out_dir: empty"]),
    ("[build]\nformat = []\n", ["build.format: empty"]),
    ("[build]\nformat = \"json,json\"\n", ["build.format: a format is named twice"]),
    ("[build]\noption = [\"paper\"]\n", ["build.option: 'paper' must look like KEY=VALUE"]),
    # values only the build can judge: still told against the file and key
    ("[build]\nformat = [\"pfd\"]\n", ["build.format: unknown format 'pfd'"]),
    ("[build]\nformat = \"ics\"\noption = \"ics.alarm=soon\"\n", ["build.option: ics.alarm: 'soon'"]),
    ("[build]\noption = \"alarm=5\"\n", ["build.option: alarm: no chosen format takes this option"]),
    ("[build]\nout_dir = \"taken\"\n", ["build.out_dir: taken is a file, not a folder"]),
    ("[build]\nminutes = 1\n", ["build.minutes: 1 minutes is too short"]),
    # not UTF-8
    (b"[build]\nname = \"caf\xe9\"\n", ["is not UTF-8 text"]),
]


@pytest.mark.parametrize("text, words", BAD, ids=[str(i) for i in range(len(BAD))])
def test_bad_config_is_one_error_line_naming_file_and_key_and_nothing_is_written(
        cli, config, tmp_path, text, words):
    (tmp_path / "taken").write_text("a file where the folder should be")
    (tmp_path / "plan.json").write_text("an earlier plan")
    path = config(text)
    line = error(cli("build", *START), str(path), *words)
    assert line.startswith(f"Error: {path}: ")
    assert (tmp_path / "plan.json").read_text() == "an earlier plan"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "taken", "xdg"]


def test_a_bad_file_fails_even_where_the_command_line_overrides_the_key(cli, config):
    path = config("[build]\nminutes = 0\n")
    error(cli("build", *START, "--minutes", "20"), f"{path}: build.minutes")


def test_the_files_reasons_are_builds_own(cli, config, tmp_path):
    typed = error(cli("build", *START, "--tz", "Nowhere/Land"))
    path = config('[build]\ntz = "Nowhere/Land"\n')
    from_file = error(cli("build", *START))
    assert typed.removeprefix("Error: --tz: ") == from_file.removeprefix(f"Error: {path}: build.tz: ")


def test_an_option_the_command_line_got_wrong_is_not_blamed_on_the_file(cli, config):
    config('[build]\nformat = "ics"\noption = "ics.alarm=15"\n')
    line = error(cli("build", *START, "--option", "ics.alarm=soon"))
    assert line.startswith("Error: --option ics.alarm: ")
    line = error(cli("build", *START, "--format", "pfd"))
    assert line.startswith("Error: --format: unknown format 'pfd'")


def test_control_characters_in_a_key_are_shown_escaped(cli, config):
    config('[build]\n"\\u001b[31mred" = 1\n')
    line = error(cli("build", *START), "unknown key")
    assert "\x1b" not in line and "\\u001B[31mred" in line


@pytest.mark.parametrize("kind", ["folder", "fifo", "too large", "unreadable folder"])
def test_a_config_that_is_not_a_readable_regular_file(cli, config, tmp_path, kind):
    path = config.path
    path.parent.mkdir(parents=True)
    if kind == "folder":
        path.mkdir()
        words = ["is a folder, not a config file"]
    elif kind == "fifo":
        os.mkfifo(path)  # never read: it would block until a writer came
        words = ["is not a regular file"]
    elif kind == "too large":
        path.write_bytes(b"# " + b"x" * 2**20 + b"\n")
        words = ["too large for a config file"]
    else:
        path.parent.rmdir()
        path.parent.parent.mkdir(exist_ok=True)
        path.parent.write_text("a file where the folder should be")
        words = ["cannot read the config file"]
    error(cli("build", *START), str(path), *words)
    assert not (tmp_path / "plan.json").exists()




def modules_loaded(tmp_path, env, *args):
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return {name.split(".")[0] for name in report["modules"]}


def test_start_up_stays_lean(tmp_path):
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path / "xdg"), "HOME": str(tmp_path)}
    env.pop("PLANNER_CONFIG", None)
    build = ["build", "--weeks", "1", "--start", "2026-11-23", "--tz", "UTC"]
    for args in (["--help"], ["init", "--help"], build):
        assert not modules_loaded(tmp_path, env, *args) & {"tomllib", "platformdirs"}
    folder = tmp_path / "xdg" / "band-planner"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text("[build]\nweeks = 1\n")
    # into a new folder: over an existing plan, build reads the log to keep a logged plan
    loaded = modules_loaded(tmp_path, env, *build, "--out-dir", "fresh")
    assert "tomllib" in loaded and "platformdirs" not in loaded


# -- hostile config files (issue 26: K04, K08) --------------------------------------------


def test_a_deeply_nested_value_is_one_line_naming_the_file(cli, config, tmp_path):
    path = config("[build]\nweeks = " + "[" * 50_000 + "]" * 50_000 + "\n")
    error(cli("build", *START), str(path), "nested too deeply")
    assert not (tmp_path / "plan.json").exists()


PUBLISHING = '[publish]\nto = "caldav"\n[publish.caldav]\nurl = "https://cal.example/u/"\n'


@pytest.mark.parametrize("place,mode", [("file", 0o666), ("file", 0o620), ("folder", 0o777)])
def test_a_config_naming_a_server_that_others_may_write_is_refused(cli, config, tmp_path,
                                                                     place, mode):
    ok(cli("build", *START, "--weeks", "1"))  # before there is a config file
    plan = (tmp_path / "plan.json").read_bytes()
    path = config(PUBLISHING)
    os.chmod(path if place == "file" else path.parent, mode)
    before = path.read_bytes()
    for args in (["build", *START, "--out-dir", "again"], ["publish", "plan.json", "--dry-run"]):
        message = error(cli(*args), str(path), f"its {place}", "written by others",
                        "where to publish", "chmod go-w")
        assert "where your password goes" in message
    assert path.read_bytes() == before
    assert (tmp_path / "plan.json").read_bytes() == plan
    assert not (tmp_path / "again").exists()


def test_a_config_naming_a_server_owned_by_another_user_is_refused(cli, config, tmp_path):
    path = config(PUBLISHING)
    os.chmod(path, 0o644)
    try:
        os.chown(path, 65534, 65534)
    except PermissionError:
        pytest.skip("not root: cannot give the file to another user")
    error(cli("build", *START), str(path), "belongs to another user", "chown")
    assert not (tmp_path / "plan.json").exists()


def test_a_config_of_ones_own_or_without_a_server_is_read(cli, config, tmp_path):
    path = config(PUBLISHING + "[build]\nweeks = 2\n")
    os.chmod(path, 0o600)
    ok(cli("build", *START))
    assert settings_of(tmp_path)["weeks"] == 2
    config("[build]\nweeks = 3\n")  # no server named: others' write access is not a risk
    os.chmod(path, 0o666)
    ok(cli("build", *START, "--out-dir", "again"))
    assert settings_of(tmp_path / "again")["weeks"] == 3


def test_a_config_in_a_sticky_shared_folder_that_is_ones_own_is_read(cli, tmp_path,
                                                                       monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    path = shared / "config.toml"
    path.write_text(PUBLISHING + "[build]\nweeks = 2\n")
    os.chmod(path, 0o600)
    monkeypatch.setenv("PLANNER_CONFIG", str(path))
    ok(cli("build", *START))
    assert settings_of(tmp_path)["weeks"] == 2
