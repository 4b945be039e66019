"""The `planner` command as users run it: Typer's CliRunner, in-process main(), and a real process."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from planner import __version__
from planner.cli import app

from conftest import load_json, ok, run_process, shipped_catalog, validate_against_schema

BUILD = ["build", "--weeks", "4", "--start", "2026-11-23", "--tz", "Europe/Berlin"]


def test_help_and_version_through_cli_runner():
    runner = CliRunner()
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("build", "export", "exporters", "catalog"):
        assert command in result.output
    version = runner.invoke(app, ["--version"])
    assert version.exit_code == 0 and version.output.startswith("band-planner ")


def test_build_through_cli_runner(tmp_path):
    result = CliRunner().invoke(app, [*BUILD, "--out-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    document = load_json(tmp_path / "plan.json")
    validate_against_schema(document)
    assert len(document["weeks"]) == 4


def test_build_writes_valid_plan_and_prints_week_by_day_table(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # the summary wraps to the terminal: give it one width
    result = cli(*BUILD)
    assert result.code == 0, result.err
    document = load_json(tmp_path / "plan.json")
    validate_against_schema(document)
    for week in document["weeks"]:
        assert {r for s in week["sessions"] for r in s["focus"]} == {"upper", "mid", "lower"}
        for session in week["sessions"]:
            for item in session["items"]:
                assert 8 <= item["reps"] <= 12 and 1 <= item["sets"] <= 3
    lines = result.out.splitlines()
    assert lines[0] == ("plan: 4 week(s), 12 sessions, Mon 23 Nov 2026 to Fri 18 Dec 2026, "
                        "07:00 Europe/Berlin")
    assert lines[1] == "wrote plan.json"
    assert any(line.startswith("week 1: 1x8 on extra-light, about ") and
               line.endswith(" of 30 min") for line in lines)
    assert any(line.startswith("week 4: 2x8 on extra-light, about ") for line in lines)
    first = [line for line in lines if line.startswith("  Mon 23 Nov  U/M/L  ")]
    assert len(first) == 1
    names = {ex.name for ex in shipped_catalog().exercises.values()}
    session = document["weeks"][0]["sessions"][0]
    shown = " ".join(result.out.split("  Mon 23 Nov  U/M/L  ", 1)[1].split("\n  Wed")[0].split())
    assert shown == ", ".join(document["exercises"][i["exercise"]]["name"] for i in session["items"])
    assert all(" ".join(n.split()) in names for n in shown.split(", "))
    assert document["settings"]["start"] == "2026-11-23"


def test_same_options_give_identical_bytes_and_export_reproduces(cli, tmp_path):
    assert cli(*BUILD, "--name", "first", "--seed", "5").code == 0
    assert cli(*BUILD, "--name", "first", "--seed", "5", "--out-dir", "again").code == 0
    original = (tmp_path / "first.json").read_bytes()
    assert (tmp_path / "again" / "first.json").read_bytes() == original
    exported = cli("export", "first.json", "--format", "json", "--out-dir", "re")
    assert exported.code == 0 and exported.out == "wrote re/first.json\n"
    assert (tmp_path / "re" / "first.json").read_bytes() == original


def test_default_start_is_next_monday_and_zone_is_the_systems(cli, tmp_path, monkeypatch):
    from datetime import date

    monkeypatch.setenv("TZ", "America/New_York")
    assert cli("build", "--weeks", "1").code == 0
    settings = load_json(tmp_path / "plan.json")["settings"]
    start = date.fromisoformat(settings["start"])
    assert start.weekday() == 0 and 0 < (start - date.today()).days <= 7
    assert settings["timezone"] == "America/New_York"


@pytest.mark.parametrize("args, message", [
    (["--weeks", "0"], "--weeks: 0 is out of range; use 1 to 520"),
    (["--weeks", "521"], "--weeks: 521 is out of range; use 1 to 520"),
    (["--weeks", "-3"], "--weeks: -3 is out of range; use 1 to 520"),
    (["--weeks", "four"], "Invalid value for '--weeks'"),
    (["--start", "2026-02-30"], "--start: '2026-02-30' is not a date; use YYYY-MM-DD"),
    (["--time", "25:00"], "--time: '25:00' is not a time of day"),
    (["--tz", "Mars/Olympus"], "--tz: unknown time zone 'Mars/Olympus'"),
    (["--days", ""], "--days: empty"),
    (["--days", "mon,funday"], "--days: unknown day 'funday'"),
    (["--level", "expert"], "--level: unknown level 'expert'; use beginner, intermediate, advanced"),
    (["--bands", "light,light"], "--bands: a band level is listed twice"),
    (["--bands", ","], "--bands: empty"),
    (["--bands", "light,<heavy>"], "--bands: '<heavy>' is not a band name"),
    (["--minutes", "-5"], "--minutes: -5 is out of range"),
    (["--minutes", "1000"], "--minutes: 1000 is out of range; use 1 to 240"),
    (["--time", "noon"], "--time: 'noon' is not a time of day"),
    (["--tz", "../etc/passwd"], "--tz: unknown time zone '../etc/passwd'"),
    (["--equipment", "rowing-machine"], "--equipment: unknown item 'rowing-machine'"),
    (["--minutes", "0"], "--minutes: 0 is out of range"),
    (["--minutes", "2"], "--minutes: 2 minutes is too short for 3 session(s) a week"),
    (["--format", "docx"], "--format: unknown format 'docx' (available:"),
    (["--option", "paper"], "--option: 'paper' must look like KEY=VALUE"),
    (["--option", "colour=red"], "--option colour: no chosen format takes this option"),
    (["--option", "json.indent=4"], "--option json.indent: the json exporter has no option 'indent'"),
    (["--catalog", "missing.toml"], "missing.toml: no such catalog file"),
    (["--name", "a/b"], "--name: 'a/b' cannot be a file name"),
    (["--deload-every", "1"], "--deload-every: 1 is not allowed"),
    (["--wekes", "3"], "No such option: --wekes"),
    (["--start", "1899-12-31"], "--start: 1899-12-31 with 4 week(s) runs outside 1900-01-01 to "
                                "2200-12-31"),
    (["--start", "2200-12-20"], "--start: 2200-12-20 with 4 week(s) runs outside"),
    (["--start", "9999-12-31", "--weeks", "520"], "--start: 9999-12-31 with 520 week(s) runs outside"),
    (["--seed", "-5"], "--seed: -5 is out of range; use 0 to 4294967295"),
    (["--seed", "4294967296"], "--seed: 4294967296 is out of range; use 0 to 4294967295"),
    (["--deload-every", "-1"], "--deload-every: -1 is not allowed; use 0 (never) or 2 to 520"),
    (["--deload-every", "521"], "--deload-every: 521 is not allowed"),
    (["--format", "json", "--format", "json"], "--format: a format is named twice"),
    (["--tz", "localtime"], "--tz: unknown time zone 'localtime'"),
    (["--tz", "posix/Europe/Berlin"], "--tz: unknown time zone 'posix/Europe/Berlin'"),
    (["--tz", "right/Europe/Berlin"], "--tz: unknown time zone 'right/Europe/Berlin'"),
    (["--name", "   "], "--name: '   ' cannot be a file name"),
    (["--name", "\U0001F600" * 80], "--name: '" + "\U0001F600" * 80 + "' cannot be a file name"),
    (["--name", "a\x7fb"], "--name: 'a\\x7fb' cannot be a file name"),
    (["--name", "a\udcffb"], "--name: is not valid UTF-8 text"),
])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(cli, tmp_path, args, message):
    (tmp_path / "plan.json").write_bytes(b"keep me")
    result = cli("build", *args)
    assert result.code == 2
    assert result.err.startswith(f"Error: {message}")
    assert result.err.count("\n") == 1 and "Traceback" not in result.err
    assert (tmp_path / "plan.json").read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_out_dir_that_is_a_file(cli, tmp_path):
    (tmp_path / "taken").write_text("x")
    result = cli("build", "--out-dir", "taken")
    assert (result.code, result.err) == (2, "Error: --out-dir: taken is a file, not a folder\n")


def test_output_file_that_is_a_folder(cli, tmp_path):
    (tmp_path / "plan.json").mkdir()
    result = cli("build", "--weeks", "1")
    assert result.code == 2
    assert result.err == "Error: plan.json: is a folder; choose another --name or --out-dir\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


@pytest.mark.parametrize("args, message", [
    (["catalog", "show", "nope"], "EXERCISE: no exercise 'nope' in the catalog"),
    (["catalog", "list", "--region", "side"], "--region: unknown region 'side'; use upper, mid, lower"),
    (["export", "plan.json"], "Missing option '--format'"),
    (["export", "plan.json", "--format", "json", "--name", "a/b"], "--name: 'a/b' cannot be a file name"),
    (["export", "plan.json", "--format", "json", "--out-dir", "plan.json"],
     "--out-dir: plan.json is a file, not a folder"),
])
def test_bad_input_to_other_commands(cli, tmp_path, args, message):
    assert cli(*BUILD).code == 0
    before = (tmp_path / "plan.json").read_bytes()
    result = cli(*args)
    assert result.code == 2
    assert result.err.startswith(f"Error: {message}") and result.err.count("\n") == 1
    assert (tmp_path / "plan.json").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_out_dir_is_created(cli, tmp_path):
    assert cli("build", "--weeks", "1", "--out-dir", "new/deeper").code == 0
    assert (tmp_path / "new" / "deeper" / "plan.json").is_file()


def test_disk_full_leaves_existing_file_and_no_temp_files(cli, tmp_path, monkeypatch):
    import errno

    (tmp_path / "plan.json").write_bytes(b"old plan")

    def full(descriptor):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    result = cli("build", "--weeks", "1")
    assert result.code == 2
    assert result.err == "Error: plan.json: cannot write: No space left on device\n"
    assert (tmp_path / "plan.json").read_bytes() == b"old plan"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.json"]


def test_subprocess_build_export_and_errors(tmp_path):
    env = {**os.environ, "PLANNER_DISABLE_PLUGINS": ""}
    built = run_process(*BUILD, cwd=tmp_path, env=env)
    assert built.code == 0, built.err
    assert built.err == ""
    exported = run_process("export", "plan.json", "--format", "json", "--out-dir", "copy",
                           cwd=tmp_path, env=env)
    assert exported.code == 0
    assert (tmp_path / "copy" / "plan.json").read_bytes() == (tmp_path / "plan.json").read_bytes()
    bad = run_process("export", "plan.json", "--format", "json", "--option", "x", cwd=tmp_path, env=env)
    assert bad.code == 2 and bad.err == "Error: --option: 'x' must look like KEY=VALUE, e.g. pdf.paper=letter\n"
    debug = run_process("build", "--weeks", "0", cwd=tmp_path, env={**env, "PLANNER_DEBUG": "1"})
    assert "Traceback" in debug.err


def test_installed_planner_script(tmp_path):
    """The console script (planner.program:run) keeps output and exit codes."""
    script = Path(sys.executable).with_name("planner")
    if not script.exists():
        pytest.skip("no planner script beside this Python")

    def run(*args):
        return subprocess.run([str(script), *args], cwd=tmp_path, capture_output=True, text=True,
                              timeout=120)

    version = run("--version")
    assert (version.returncode, version.stdout) == (0, f"band-planner {__version__}\n")
    bad = run("build", "--weeks", "0")
    assert (bad.returncode, bad.stderr) == (2, "Error: --weeks: 0 is out of range; use 1 to 520\n")
    built = run(*BUILD)
    assert built.returncode == 0 and "wrote plan.json" in built.stdout
    validate_against_schema(load_json(tmp_path / "plan.json"))


def test_export_of_bad_plan_file(cli, tmp_path):
    (tmp_path / "plan.json").write_text("[]")
    result = cli("export", "plan.json", "--format", "json", "--out-dir", "out")
    assert result.code == 2
    assert result.err == "Error: plan.json: not a band-planner plan (the document is not a JSON object)\n"
    assert not (tmp_path / "out").exists()


def test_catalog_list_json(cli):
    result = cli("catalog", "list", "--json", "--region", "mid")
    rows = json.loads(result.out)
    assert {row["region"] for row in rows} == {"mid"}
    assert "one-arm-row" in {row["id"] for row in rows}


def test_no_arguments_shows_help_without_an_error(cli):
    for args in ([], ["catalog"]):
        result = cli(*args)
        assert result.code == 0
        assert "Usage" in result.out + result.err and "Error" not in result.err


def test_repeated_days_count_once(cli, tmp_path):
    assert cli("build", "--weeks", "1", "--days", "mon,Monday,mon,fri").code == 0
    assert load_json(tmp_path / "plan.json")["settings"]["days"] == ["mon", "fri"]


def test_every_format_exports_again_byte_for_byte(cli, tmp_path):
    assert cli(*BUILD, "--format", "json", "--format", "pdf", "--format", "ics").code == 0
    again = cli("export", "plan.json", "--format", "pdf", "--format", "ics", "--out-dir", "again")
    assert again.code == 0
    for suffix in (".pdf", ".ics"):
        assert (tmp_path / "again" / f"plan{suffix}").read_bytes() == (tmp_path / f"plan{suffix}").read_bytes()


def test_zone_offsets_with_seconds_round_trip(cli, tmp_path):
    # Liberia kept -00:44:30 until 1972: the plan still reads back and exports.
    assert cli("build", "--start", "1970-01-05", "--tz", "Africa/Monrovia", "--weeks", "1").code == 0
    start = load_json(tmp_path / "plan.json")["weeks"][0]["sessions"][0]["start"]
    assert start == "1970-01-05T07:00:00-00:44:30"
    result = cli("export", "plan.json", "--format", "json", "--format", "ics", "--format", "pdf",
                 "--out-dir", "out")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "plan.json").read_bytes() == (tmp_path / "plan.json").read_bytes()


def test_plans_at_the_edges_of_the_date_range_export(cli, tmp_path):
    for start, name in (("1900-01-01", "early"), ("2200-12-04", "late")):
        result = cli("build", "--start", start, "--weeks", "4", "--tz", "Europe/Berlin",
                     "--name", name, "--format", "json", "--format", "ics", "--format", "pdf")
        assert result.code == 0, result.err


def test_long_exports_show_progress_only_at_a_terminal():
    import io

    from planner.status_line import StatusLine

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    shown = Terminal()
    progress = StatusLine(1560, shown)
    progress.step("writing pdf (1 of 2)…")
    progress.step("writing ics (2 of 2)…")
    progress.done()
    assert shown.getvalue().split("\r")[1:] == [
        "writing pdf (1 of 2)…", "writing ics (2 of 2)…", " " * 21, ""]
    quiet = io.StringIO()  # not a terminal
    StatusLine(1560, quiet).step("writing pdf")
    short = Terminal()
    StatusLine(12, short).step("writing pdf")
    assert quiet.getvalue() == short.getvalue() == ""


def test_quiet_build_prints_nothing_and_still_writes(cli, tmp_path):
    result = cli(*BUILD, "--quiet", "-f", "json,ics")
    assert result.code == 0 and result.out == "" and result.err == ""
    assert (tmp_path / "plan.json").exists() and (tmp_path / "plan.ics").exists()


def test_list_options_take_commas_and_repetition_alike(cli, tmp_path):
    ok(cli(*BUILD, "-f", "ics", "--format", "pdf", "--days", "mon", "--days", "thu,sat",
           "--equipment", "tube", "--equipment", "door,loop"))
    settings = load_json(tmp_path / "plan.json")["settings"]
    assert settings["days"] == ["mon", "thu", "sat"]
    assert settings["equipment"] == ["flat", "tube", "loop", "anchor"]
    assert (tmp_path / "plan.pdf").exists() and (tmp_path / "plan.ics").exists()


def test_dash_h_is_help_and_help_ends_with_examples(cli):
    for args in (("-h",), ("build", "-h"), ("catalog", "show", "-h"), ("log", "-h")):
        result = cli(*args)
        assert result.code == 0 and "Usage: planner" in result.out, args
    for command in ("build", "export", "log", "history", "next", "adapt", "import", "init"):
        out = cli(command, "--help").out
        assert "Examples:" in out and f"planner {command}" in out.split("Examples:")[1], command


def test_bash_completion_offers_formats_and_exercise_ids(tmp_path):
    import os
    import subprocess
    import sys

    def complete(words):
        env = dict(os.environ, _PLANNER_COMPLETE="complete_bash", COMP_WORDS=words,
                   COMP_CWORD=str(len(words.split()) - 1))
        done = subprocess.run([sys.executable, "-m", "planner"], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        return done.stdout.split()

    assert complete("planner build --format p") == ["pdf"]
    assert complete("planner catalog show face") == ["face-pull"]
    assert "build" in complete("planner bu")


@pytest.mark.parametrize("columns", [80, 120])
def test_the_summary_fits_the_terminal_and_never_breaks_a_name(cli, tmp_path, monkeypatch,
                                                              columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    out = ok(cli(*BUILD, "--deload-every", "3")).out
    document = load_json(tmp_path / "plan.json")
    lines = out.splitlines()
    assert all(len(line) <= columns for line in lines), max(lines, key=len)
    names = [ex["name"] for ex in document["exercises"].values()]
    listed = [line.split("  ")[-1].strip() for line in lines if line.startswith("  ")]
    shown = [part.strip() for line in listed for part in line.split(",") if part.strip()]
    assert set(shown) <= set(names) and set(shown) == set(names)  # each name whole on a line
    assert "week 3: deload, " in out  # deload and slack always shown
    days = [line.split()[0] for line in lines if line.startswith("  ") and line.split()[0]
            in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")]
    assert days[:3] == ["Mon", "Wed", "Fri"]


def test_sessions_are_listed_in_date_order_whatever_the_start_weekday(cli, tmp_path):
    out = ok(cli("build", "--weeks", "1", "--start", "2026-11-25", "--tz", "UTC",
                 "--days", "tue,thu,sat")).out
    days = [line.split()[0] for line in out.splitlines() if line.startswith("  ")
            and line.split()[0] in ("Tue", "Thu", "Sat")]
    assert days == ["Thu", "Sat", "Tue"]  # a Wednesday start: Thursday comes first


def test_long_plans_show_four_weeks_then_one_line_per_band_and_slack(cli, tmp_path):
    out = ok(cli("build", "--weeks", "30", "--start", "2026-11-23", "--tz", "UTC",
                 "--deload-every", "4", "--bands", "light,medium,heavy")).out
    document = load_json(tmp_path / "plan.json")
    assert [line.split(":")[0] for line in out.splitlines()
            if line.startswith("week ")][:4] == ["week 1", "week 2", "week 3", "week 4"]
    import re

    spans = [(re.match(r"weeks? (\d+)(?:-(\d+))?: ", line), line) for line in out.splitlines()]
    runs = [(int(m[1]), int(m[2] or m[1]), line) for m, line in spans if m and int(m[1]) > 4]
    covered = []
    for first, last, line in runs:
        covered += range(first, last + 1)
        weeks = document["weeks"][first - 1:last]
        items = [i for w in weeks if not w["deload"] for s in w["sessions"] for i in s["items"]]
        band = line.split(" on ")[1].split(" (")[0].split(",")[0].split(";")[0]
        assert {i["band"] for i in items} >= {band}
        deloads = [str(w["number"]) for w in weeks if w["deload"]]
        assert all(n in line.split("deload in ")[1] for n in deloads) if deloads else True
    assert covered == list(range(5, 31))


def test_exporters_lists_the_publishers_too(cli):
    """`planner exporters` is where a user sees what is installed: formats and publishers."""
    listed = json.loads(ok(cli("exporters", "--json")).out)
    (caldav,) = [row for row in listed["publishers"] if row["name"] == "caldav"]
    assert caldav["options"]["url"].startswith("the calendar's URL")
    assert "suffix" not in caldav and {row["name"] for row in listed["exporters"]} >= {
        "json", "pdf", "ics"}
    text = ok(cli("exporters")).out
    assert any(line.startswith("caldav   publish Events in a CalDAV calendar")
               for line in text.splitlines())
    assert "--option caldav.url=…" in text


def test_no_help_text_loses_a_bracketed_word_to_rich_markup():
    """Help is Rich markup: an unescaped `[build]` in a help text vanishes from `--help`."""
    import re

    import typer

    from planner.cli import app

    def commands(group, path=()):
        for name, command in getattr(group, "commands", {}).items():
            yield (*path, name), command
            yield from commands(command, (*path, name))

    swallowed = [f"{' '.join(path)} {param.name}: {param.help}"
                 for path, command in commands(typer.main.get_command(app))
                 for param in command.params
                 if re.search(r"(?<!\\)\[[a-z]", getattr(param, "help", None) or "")]
    assert not swallowed, swallowed
