"""Commands load only what they use: no PDF or calendar code unless that format is asked for."""

import json
import subprocess
import sys

import pytest

from conftest import PROBE, ROOT

HEAVY = {"reportlab", "icalendar", "planner_pdf", "planner_ics"}
CALDAV = {"caldav", "niquests", "lxml", "planner_caldav"}  # only when publishing


def loaded(tmp_path, *args):
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return {name.split(".")[0] for name in report["modules"]}


@pytest.mark.parametrize("args", [
    ["--help"],
    ["--version"],
    ["catalog", "list"],
    ["catalog", "show", "band-pull-apart"],
    ["catalog", "validate", str(ROOT / "catalogs" / "back.toml")],
    ["build", "--weeks", "4", "--tz", "UTC"],
    ["build", "--weeks", "4", "--tz", "UTC", "--format", "json"],
])
def test_lean_commands_import_no_exporter_libraries(tmp_path, args):
    modules = loaded(tmp_path, *args)
    assert not modules & (HEAVY | CALDAV)


def test_help_does_not_load_the_plugin_host_or_schema_checker(tmp_path):
    modules = loaded(tmp_path, "--help")
    assert not modules & {"pluggy", "fastjsonschema", "jsonschema", "planner_json"}


def test_pdf_build_does_not_load_calendar_code(tmp_path):
    modules = loaded(tmp_path, "build", "--weeks", "1", "--tz", "UTC", "--format", "pdf")
    assert "reportlab" in modules
    assert not modules & {"icalendar", "planner_ics"}


@pytest.mark.parametrize("args", [
    ["--help"],
    ["--version"],
    ["catalog", "list"],
    ["catalog", "show", "band-pull-apart"],
    ["build", "--weeks", "4", "--tz", "UTC"],
    ["build", "--weeks", "4", "--tz", "UTC", "--format", "json"],
])
def test_commands_without_the_log_do_not_load_it(tmp_path, args):
    modules = loaded(tmp_path, *args)
    assert not modules & {"sqlite3", "_sqlite3", "platformdirs"}


def test_log_loads_no_exporter_library_nor_the_schema_compiler(tmp_path):
    subprocess.run([sys.executable, "-m", "planner", "build", "--weeks", "1", "--start",
                    "2026-11-23", "--tz", "UTC"], cwd=tmp_path, check=True, capture_output=True)
    modules = loaded(tmp_path, "log", "2026-11-23", "--log", str(tmp_path / "log.sqlite3"))
    assert "sqlite3" in modules
    assert not modules & (HEAVY | {"fastjsonschema", "pluggy"})
