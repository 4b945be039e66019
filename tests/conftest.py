"""Shared helpers: build plans through the Python API, run the real CLI in-process or as a process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from planner.builder import build_plan
from planner.catalog import load_catalog
from planner.settings import Settings

ROOT = Path(__file__).resolve().parent.parent

# In CI the property tests draw the same examples on every run, so a submission's result does
# not depend on the draw; by hand they explore new examples each time.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


def _build_the_command_tree_once() -> None:
    """planner.cli.main turns the Typer app into Click commands on every call, about 27 ms:
    once a process in use, but once per in-process run here, where the suite runs the CLI
    thousands of times in a few processes. The same app gives the same tree (defaults and help
    are fixed in the code), so each app's tree is built once a test process."""
    import typer.main

    built: dict[int, tuple] = {}
    build = typer.main.get_command

    def get_command(typer_instance):
        key = id(typer_instance)
        if key not in built:
            built[key] = (typer_instance, build(typer_instance))  # keeps the app, and its id
        return built[key][1]

    typer.main.get_command = get_command


_build_the_command_tree_once()


@lru_cache(maxsize=1)
def shipped_catalog():
    return load_catalog()


def make_plan(**overrides):
    """A plan from the shipped catalog; settings default to a fixed start and zone."""
    values = {"start": date(2026, 11, 23), "timezone": "Europe/Berlin"}
    values.update(overrides)
    catalog = values.pop("catalog", None) or shipped_catalog()
    return build_plan(catalog, Settings(**values))


def mutated(change):
    """A one-week plan document after `change(document)` edited it in place."""
    document = make_plan(weeks=1).to_dict()
    change(document)
    return document


@pytest.fixture(autouse=True)
def own_data_folder(monkeypatch, tmp_path_factory):
    """No test reads or writes the user's training log or plan: the default log folder is a
    temporary one, and the variables that point elsewhere are unset (tests set their own)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path_factory.mktemp("xdg-data-home")))
    for name in ("PLANNER_LOG", "PLANNER_PLAN", "PLANNER_TODAY"):
        monkeypatch.delenv(name, raising=False)


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """Run `planner ARGS` in-process through planner.cli.main, in a temporary folder."""
    from planner.cli import main

    monkeypatch.chdir(tmp_path)

    def run(*args: str) -> Run:
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        captured = capsys.readouterr()
        return Run(code, captured.out, captured.err)

    return run


def ok(result: Run) -> Run:
    """Exit 0 and no traceback."""
    assert result.code == 0, (result.out, result.err)
    assert "Traceback" not in result.err
    return result


def error(result: Run, *words: str) -> str:
    """Exit 2, exactly one stderr line, `Error: …` naming each of `words`, no traceback."""
    assert result.code == 2, (result.out, result.err)
    lines = result.err.splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("Error: "), result.err
    assert "Traceback" not in result.err + result.out
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def run_process(*args: str, cwd: Path, env: dict | None = None) -> Run:
    """Run `python -m planner ARGS` as a separate process."""
    done = subprocess.run([sys.executable, "-m", "planner", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)
    return Run(done.returncode, done.stdout, done.stderr)


def interrupt_when_ready(process: subprocess.Popen, ready: Callable[[], object],
                         signum: int = signal.SIGINT, timeout: float = 60):
    """Once `ready()` returns (it waits until the process is where the test wants it), send
    `signum` and return what `process.communicate` gives. The process is killed if it is
    still running when this returns or fails."""
    try:
        ready()
        process.send_signal(signum)
        return process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def validate_against_schema(document: dict) -> None:
    """jsonschema's verdict on `document`: independent of the validator planner runs."""
    _schema_validator().validate(document)


@lru_cache(maxsize=1)
def _schema_validator():
    """A validator of plan.schema.json with each `{"$ref": "#/definitions/NAME"}` replaced by
    the definition itself, which judges as the schema does and takes about half the time
    (resolving the references was half of it, and the property tests validate many plans)."""
    import jsonschema

    from planner.schema import SCHEMA_PATH

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    definitions = schema.pop("definitions")

    def inline(node):
        if isinstance(node, dict):
            if "$ref" in node:
                assert set(node) == {"$ref"}, node  # draft 7 ignores what is beside a $ref
                return inline(definitions[node["$ref"].removeprefix("#/definitions/")])
            return {key: inline(value) for key, value in node.items()}
        if isinstance(node, list):
            return [inline(value) for value in node]
        return node

    inlined = inline(schema)
    jsonschema.Draft7Validator.check_schema(inlined)
    return jsonschema.Draft7Validator(inlined)


def load_json(path: Path) -> dict:
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(autouse=True)
def no_user_config(tmp_path_factory, monkeypatch):
    """No test reads the config file of the user running the tests."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.delenv("PLANNER_CONFIG", raising=False)


# A child process runs the CLI, then reports its exit code and every module it imported.
PROBE = """
import json, sys
from planner.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


# -- plugins from fake entry points ------------------------------------------------------------

class FakeDist:
    def __init__(self, name, version="1.0"):
        self.name, self.version = name, version


class FakeEntryPoint:
    """An installed plugin's entry point: `loader()` gives its module."""

    def __init__(self, name, loader, dist="fake-plugin", version="1.0"):
        self.name, self._loader, self.dist = name, loader, FakeDist(dist, version)

    def load(self):
        return self._loader()


@pytest.fixture
def entry_points(monkeypatch):
    """Install fake entry points next to the real built-ins: append FakeEntryPoints to the
    list this gives."""
    from planner import plugin_host

    real = plugin_host.discover_entry_points()
    extra = []
    monkeypatch.setattr(plugin_host, "discover_entry_points",
                        lambda: sorted(real + extra, key=lambda e: e.name))
    return extra
