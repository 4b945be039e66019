"""Plugins are contained: a misbehaving plugin, installed through a real entry point, can
neither end the process its own way, nor print into our stdout, nor change the plan the
other exporters get.

The plugin is tests/misbehaving_plugin (PLANNER_MISBEHAVE chooses what it does), made
installed the way pip does it: a `*.dist-info` folder with its entry point, on sys.path.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import MappingProxyType

import pytest

from conftest import ROOT, interrupt_when_ready, make_plan, run_process

PLUGIN = ROOT / "tests" / "misbehaving_plugin"
PROVIDER = "plugin 'bad' (planner-misbehaving==1.0.0)"
EXPORTER = f"exporter 'bad' from {PROVIDER}"
BUILD = ("build", "--start", "2026-11-23", "--tz", "UTC", "--weeks", "2")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A folder holding the plugin as pip installs it: the package and its dist-info."""
    folder = tmp_path_factory.mktemp("site-packages")
    shutil.copytree(PLUGIN / "planner_misbehaving", folder / "planner_misbehaving",
                    ignore=shutil.ignore_patterns("__pycache__"))
    info = folder / "planner_misbehaving-1.0.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: planner-misbehaving\n"
                                   "Version: 1.0.0\n")
    (info / "entry_points.txt").write_text("[planner]\nbad = planner_misbehaving\n")
    return folder


@pytest.fixture
def installed(site, monkeypatch):
    """The plugin installed for in-process runs; `installed(HOW)` sets its misbehaviour."""
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delenv("PLANNER_MISBEHAVE", raising=False)
    sys.modules.pop("planner_misbehaving", None)  # its import-time behaviour runs again
    yield lambda how: monkeypatch.setenv("PLANNER_MISBEHAVE", how)
    sys.modules.pop("planner_misbehaving", None)


@pytest.fixture
def folder(tmp_path):
    """The output folder (the cli fixture's working folder) with files already in it."""
    (tmp_path / "plan.json").write_bytes(b"precious plan\n")
    (tmp_path / "plan.bad").write_bytes(b"old bad output\n")
    return tmp_path


def process_env(site: Path, **extra: str) -> dict[str, str]:
    """The environment of a `planner` process that has the plugin installed."""
    path = os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def contents(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def one_error(run, code: int = 1) -> str:
    """Exit `code`, exactly one line on stderr, `Error: …`, nothing on stdout, no traceback."""
    assert run.code == code, (run.code, run.out, run.err)
    assert run.out == ""
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), run.err
    assert "Traceback" not in run.err
    return lines[0]


def test_the_plugin_comes_through_its_entry_point_and_works(installed, cli, folder):
    listed = cli("exporters", "--json")
    rows = {row["name"]: row for row in json.loads(listed.out)["exporters"]}
    assert rows["bad"]["provided_by"] == "planner-misbehaving==1.0.0"
    assert rows["bad"]["plugin"] == "bad"
    built = cli(*BUILD, "--format", "bad", "--format", "json")
    assert built.code == 0, built.err
    assert re.match(rb"2026-11-23-1-plan-[0-9a-f]{12}@band-planner\n",
                    (folder / "plan.bad").read_bytes())


# ------------------------------------------------------------------ process-ending errors

RENDER_FAILURES = [
    ("exit0", 1, f"{EXPORTER} failed: SystemExit: 0"),
    ("exit3", 1, f"{EXPORTER} failed: SystemExit: 3"),
    ("custom", 1, f"{EXPORTER} failed: Meltdown: the reactor is melting"),
    ("generator-exit", 1, f"{EXPORTER} failed: GeneratorExit: no details"),
    ("unprintable", 1, f"{EXPORTER} failed: Unprintable: no details"),
    ("bytes-exit", 1, f"{EXPORTER} failed: SystemExit: 5"),
    ("interrupt", 130, f"interrupted while {EXPORTER} was rendering; nothing was written"),
]


@pytest.mark.parametrize("how, code, message", RENDER_FAILURES)
@pytest.mark.parametrize("order", [("json", "bad"), ("bad", "json")])
def test_whatever_render_raises_is_one_error_and_nothing_is_written(
        installed, cli, folder, how, code, message, order):
    installed(f"render:{how}")
    before = contents(folder)
    run = cli(*BUILD, "--format", order[0], "--format", order[1])
    assert one_error(run, code) == f"Error: {message}"
    assert contents(folder) == before  # no new file, old ones byte-identical, no temp file


@pytest.mark.parametrize("how, code, message", [
    ("exit0", 1, f"{EXPORTER} failed to check its options: SystemExit: 0"),
    ("exit3", 1, f"{EXPORTER} failed to check its options: SystemExit: 3"),
    ("custom", 1, f"{EXPORTER} failed to check its options: Meltdown: the reactor is melting"),
    ("interrupt", 130, (f"interrupted while {EXPORTER} was checking its options; "
                        "nothing was written")),
])
def test_whatever_check_options_raises_is_one_error(installed, cli, folder, how, code, message):
    installed(f"check:{how}")
    before = contents(folder)
    run = cli(*BUILD, "--format", "json", "--format", "bad", "--option", "bad.mark=x")
    assert one_error(run, code) == f"Error: {message}"
    assert contents(folder) == before


@pytest.mark.parametrize("phase, how, message", [
    ("register", "exit0", f"{PROVIDER} failed to register: SystemExit: 0"),
    ("register", "exit3", f"{PROVIDER} failed to register: SystemExit: 3"),
    ("register", "custom", f"{PROVIDER} failed to register: Meltdown: the reactor is melting"),
    ("register", "property-exit", f"{PROVIDER} failed to register: SystemExit: 6"),
    ("import", "exit3", f"{PROVIDER} failed to load: SystemExit: 3"),
    ("import", "custom", f"{PROVIDER} failed to load: Meltdown: the reactor is melting"),
])
def test_a_plugin_failing_to_register_is_reported_and_the_others_keep_working(
        installed, cli, folder, phase, how, message):
    installed(f"{phase}:{how}")
    listed = cli("exporters", "--json")
    assert listed.code == 0, listed.err
    document = json.loads(listed.out)
    assert document["problems"] == [message]
    assert {"json", "pdf", "ics"} <= {row["name"] for row in document["exporters"]}
    assert listed.err == f"Warning: {message}\n"

    before = contents(folder)
    chosen = cli(*BUILD, "--format", "json", "--format", "bad")
    assert one_error(chosen) == f"Error: --format bad: {message}"
    assert contents(folder) == before
    # Other formats do not need it: the json fast path never loads it.
    assert cli(*BUILD, "--format", "json").code == 0


@pytest.mark.parametrize("phase", ["import", "register"])
def test_ctrl_c_while_a_plugin_loads_is_exit_130(installed, cli, folder, phase):
    installed(f"{phase}:interrupt")
    doing = f"loading {PROVIDER}" if phase == "import" else f"{PROVIDER} was registering"
    expected = f"Error: interrupted while {doing}; nothing was written"
    assert one_error(cli("exporters", "--json"), 130) == expected
    before = contents(folder)
    assert one_error(cli(*BUILD, "--format", "bad"), 130) == expected
    assert contents(folder) == before


def test_sys_exit_0_in_render_fails_in_a_real_process(site, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_bytes(b"precious plan\n")
    env = process_env(site, PLANNER_MISBEHAVE="render:exit0")
    run = run_process(*BUILD, "--format", "json", "--format", "bad", cwd=out, env=env)
    assert one_error(run) == f"Error: {EXPORTER} failed: SystemExit: 0"
    assert contents(out) == {"plan.json": b"precious plan\n"}


def test_a_real_ctrl_c_while_a_plugin_renders_is_one_line_and_exit_130(site, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "plan.json").write_bytes(b"precious plan\n")
    marker = tmp_path / "rendering"
    env = process_env(site, PLANNER_MISBEHAVE="render:sleep",
                      PLANNER_MISBEHAVE_MARKER=str(marker))
    process = subprocess.Popen([sys.executable, "-m", "planner", *BUILD, "--format", "json",
                                "--format", "bad"], cwd=out, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def rendering():
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the plugin never started rendering"
            time.sleep(0.05)

    stdout, stderr = interrupt_when_ready(process, rendering)
    assert process.returncode == 130, stderr
    assert stdout == ""
    # "Error: interrupted; nothing was written" from the CLI's signal handling, or, where
    # Ctrl-C arrives as a KeyboardInterrupt, the same naming the exporter it stopped.
    [line] = stderr.splitlines()
    assert line.startswith("Error: interrupted") and line.endswith("; nothing was written")
    assert contents(out) == {"plan.json": b"precious plan\n"}


# ------------------------------------------------------------------ stdout is ours

@pytest.mark.parametrize("how", ["import:print", "register:print"])
def test_plugin_prints_while_loading_keep_out_of_exporters_json(installed, cli, how):
    installed(how)
    listed = cli("exporters", "--json")
    assert listed.code == 0
    document = json.loads(listed.out)  # only our JSON on stdout
    assert "bad" in {row["name"] for row in document["exporters"]}
    assert document["problems"] == []
    assert listed.err == "chatter from the misbehaving plugin\n"


def test_plugin_prints_while_loading_keep_out_of_exporters_json_in_a_real_process(site, tmp_path):
    env = process_env(site, PLANNER_MISBEHAVE="register:print")
    run = run_process("exporters", "--json", cwd=tmp_path, env=env)
    assert run.code == 0, run.err
    assert "bad" in {row["name"] for row in json.loads(run.out)["exporters"]}
    assert "chatter from the misbehaving plugin" in run.err


def test_plugin_prints_while_rendering_go_to_stderr(installed, cli, folder):
    installed("render:print")
    run = cli(*BUILD, "--format", "bad", "--format", "json")
    assert run.code == 0, run.err
    assert "chatter" not in run.out
    assert run.err == "chatter from the misbehaving plugin\n"


# ------------------------------------------------------------------ the plan is read-only

@pytest.mark.parametrize("what, problem", [
    ("settings", "AttributeError: can't set attribute"),
    ("settings-update", "AttributeError: 'mappingproxy' object has no attribute 'update'"),
    ("nested", "AttributeError: 'tuple' object has no attribute 'append'"),
    ("exercises", "AttributeError: 'mappingproxy' object has no attribute 'pop'"),
    ("exercises-del", "TypeError: 'mappingproxy' object does not support item deletion"),
    ("exercise-steps", "AttributeError: 'tuple' object has no attribute 'append'"),
    ("logged", "AttributeError: 'mappingproxy' object has no attribute 'clear'"),
    ("attribute", "AttributeError: can't set attribute"),
    ("weeks", "AttributeError: 'tuple' object has no attribute 'append'"),
])
def test_a_plugin_changing_the_plan_is_one_error_and_nothing_is_written(
        installed, cli, folder, what, problem):
    installed(f"render:mutate-{what}")
    before = contents(folder)
    run = cli(*BUILD, "--format", "bad", "--format", "json")
    assert one_error(run) == f"Error: {EXPORTER} failed: {problem}"
    assert contents(folder) == before


def test_a_plugin_that_swallows_the_refusals_changes_nothing_for_the_others(
        installed, cli, tmp_path):
    """The bad exporter runs first and tries every change; the json and ics exporters after
    it, the plan of record and the summary are exactly those of a run without it."""
    alone = tmp_path / "alone"
    assert cli(*BUILD, "--format", "json", "--format", "ics", "--out-dir", str(alone)).code == 0
    installed("render:mutate-swallowed")
    together = tmp_path / "together"
    run = cli(*BUILD, "--format", "bad", "--format", "json", "--format", "ics",
              "--out-dir", str(together))
    assert run.code == 0, run.err
    assert (together / "plan.bad").read_text() == (
        "refused 9 of 9: settings settings-update nested exercises exercises-del "
        "exercise-steps logged attribute weeks\n")
    assert (together / "plan.json").read_bytes() == (alone / "plan.json").read_bytes()
    assert (together / "plan.ics").read_bytes() == (alone / "plan.ics").read_bytes()
    again = cli(*BUILD, "--format", "json", "--format", "ics", "--out-dir", str(alone))

    def summary(out: str) -> list[str]:  # without the lines that name the files
        return [line for line in out.splitlines()
                if not line.startswith("wrote ") and not line.endswith(" is unchanged")]

    assert summary(run.out) == summary(again.out)


def _mutable_parts(value, path="plan"):
    """Every list, dict, set or bytearray reachable from `value`, by where it is."""
    if isinstance(value, (list, dict, set, bytearray)):
        yield path
    if isinstance(value, MappingProxyType):
        for key, item in value.items():
            yield from _mutable_parts(item, f"{path}[{key!r}]")
    elif isinstance(value, tuple):
        names = getattr(value, "_fields", None) or range(len(value))
        for name, item in zip(names, value, strict=True):
            yield from _mutable_parts(item, f"{path}.{name}")


def test_the_frozen_plan_is_read_only_all_the_way_down_and_exports_the_same_json():
    from datetime import date

    from planner.plan import Logged
    from planner.plan_document import plan_json
    from planner.plan_file import plan_from_dict

    built = make_plan(weeks=3)
    key = next(iter(built.exercises))
    built = built._replace(logged={key: Logged(date(2026, 11, 20), (12, 12, 11), "light",
                                               "normal", "ok")})
    read = plan_from_dict(json.loads(plan_json(built)))
    for plan in (built, read):
        frozen = plan.frozen()
        assert list(_mutable_parts(plan))  # the plan as made has dicts and lists in it
        assert list(_mutable_parts(frozen)) == []
        assert frozen.to_dict() == plan.to_dict()
        assert plan_json(frozen) == plan_json(plan)
        assert frozen.frozen() == frozen
        assert frozen.name == plan.name and frozen.bands_used() == plan.bands_used()
