"""A wheel installed into a fresh virtual environment works, with a third-party exporter plugin."""

import json
import subprocess
import sys
import venv
import zipfile

import pytest

from conftest import ROOT

pytestmark = pytest.mark.slow


def run(*args, cwd=None):
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    base = tmp_path_factory.mktemp("wheel")
    dist = base / "dist"
    for project in (ROOT, ROOT / "tests" / "example_plugin"):
        run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, project)
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    pip = env_dir / "bin" / "pip"
    wheels = sorted(dist.glob("*.whl"))
    run(pip, "install", "--quiet", "--disable-pip-version-check", *wheels)
    return env_dir, wheels


def test_wheel_holds_catalogs_schema_and_builtin_plugins(installed):
    _, wheels = installed
    wheel = next(w for w in wheels if w.name.startswith("band_planner"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("planner/catalogs/back.toml", "planner/shipped_catalog.json",
                   "planner/schema/plan.schema.json", "planner/schema/plan_validator.py",
                   "planner_json/__init__.py", "planner_pdf/__init__.py", "planner_ics/__init__.py"):
        assert needed in names, needed
    assert not any(name.startswith("plugins/") for name in names)


def test_installed_planner_builds_and_finds_third_party_exporter(installed, tmp_path):
    env_dir, _ = installed
    planner = env_dir / "bin" / "planner"
    built = run(planner, "build", "--weeks", "4", "--start", "2026-11-23", "--tz", "UTC",
                "--format", "json", "--format", "checklist", "--option", "marker=dash", cwd=tmp_path)
    assert "wrote plan.json" in built.stdout
    document = json.loads((tmp_path / "plan.json").read_text())
    assert len(document["weeks"]) == 4
    checklist = (tmp_path / "plan.txt").read_text()
    assert checklist.startswith("plan\n\nWeek 1, Mon 23 Nov 07:00\n- ")
    listed = json.loads(run(planner, "exporters", "--json", cwd=tmp_path).stdout)
    providers = {row["name"]: row["provided_by"] for row in listed["exporters"]}
    assert providers["checklist"] == "planner-checklist==1.0.0"
    assert providers["json"].startswith("band-planner==")
    assert {"json", "pdf", "ics"} <= set(providers)
    assert listed["problems"] == []
