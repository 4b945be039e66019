"""A wheel installed into a fresh virtual environment works, with a third-party exporter plugin.

The wheels are built once for the whole run (pytest-xdist workers share them) and installed
with pip, without their dependencies, into a new environment without pip. The dependencies
come from this test environment, as the wheel declares them: the new environment sees exactly
the distributions its requirements name, and theirs, through a folder of links (so a module
the wheel imports but does not declare is missing there, as it would be for a user)."""

import fcntl
import json
import re
import subprocess
import sys
import venv
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from conftest import ROOT

pytestmark = pytest.mark.slow


def run(*args, cwd=None):
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, f"{args}\n{done.stdout}\n{done.stderr}"
    return done


def requirements(requires: list[str] | None, extras: set[str]) -> list[Requirement]:
    """The requirements that apply here, with `extras` of the distribution asked for."""
    found = []
    for text in requires or []:
        requirement = Requirement(text)
        marker = requirement.marker
        if marker is None or any(marker.evaluate({"extra": extra}) for extra in extras or {""}):
            found.append(requirement)
    return found


def dependency_closure(wheels: list[Path]) -> list[metadata.Distribution]:
    """The installed distributions the wheels require, directly or through others; each must
    be installed here in a version the requirement allows."""
    metadata_of = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            [name] = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
            message = Parser().parsestr(archive.read(name).decode("utf-8"))
        metadata_of[canonicalize_name(message["Name"])] = message.get_all("Requires-Dist")
    wanted = [r for requires in metadata_of.values() for r in requirements(requires, set())]
    found: dict[str, metadata.Distribution] = {}
    while wanted:
        requirement = wanted.pop()
        name = canonicalize_name(requirement.name)
        if name in metadata_of:  # one of the wheels
            continue
        dist = found.get(name) or metadata.distribution(requirement.name)
        assert requirement.specifier.contains(dist.version, prereleases=True), (
            str(requirement), dist.version)
        if name not in found or requirement.extras:
            found[name] = dist
            wanted += requirements(dist.requires, set(requirement.extras))
    return list(found.values())


def link_farm(dists: list[metadata.Distribution], folder: Path) -> Path:
    """A folder with a link to each top-level file and folder of `dists` (their packages,
    modules and .dist-info), for the new environment's path."""
    folder.mkdir()
    for dist in dists:
        assert dist.files, f"{dist.metadata['Name']} lists no files"
        for file in dist.files:
            top = file.parts[0]
            if top in ("..", "__pycache__") or top.endswith(".pth"):
                continue
            source = Path(dist.locate_file(top))
            if not (folder / top).exists() and source.exists():
                (folder / top).symlink_to(source)
    return folder


def build_and_install(base: Path) -> tuple[Path, list[Path]]:
    dist = base / "dist"
    for project in (ROOT, ROOT / "tests" / "example_plugin"):
        run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dist, project)
    wheels = sorted(dist.glob("*.whl"))
    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))")
                .stdout.strip())
    farm = link_farm(dependency_closure(wheels), base / "dependencies")
    (site / "dependencies.pth").write_text(f"{farm}\n")
    pip = (sys.executable, "-m", "pip", "--python", python, "--disable-pip-version-check")
    run(*pip, "install", "--quiet", "--no-deps", "--no-index", *wheels)
    run(*pip, "check")  # every requirement of what is installed there is met
    return env_dir, wheels


@pytest.fixture(scope="session")
def installed(tmp_path_factory, worker_id):
    """(the environment, the wheels), made by the first worker that asks; the others wait
    for it and use the same."""
    if worker_id == "master":  # not under pytest-xdist
        return build_and_install(tmp_path_factory.mktemp("wheel"))
    shared = tmp_path_factory.getbasetemp().parent / "wheel"  # one folder for the run
    with open(shared.parent / "wheel.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        done = shared / "done.json"
        if not done.exists():
            shared.mkdir(exist_ok=True)
            env_dir, wheels = build_and_install(shared)
            done.write_text(json.dumps([str(env_dir), [str(w) for w in wheels]]))
        env_dir, wheels = json.loads(done.read_text())
        return Path(env_dir), [Path(w) for w in wheels]


def test_wheel_holds_catalogs_schema_and_builtin_plugins(installed):
    _, wheels = installed
    wheel = next(w for w in wheels if w.name.startswith("band_planner"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("planner/catalogs/back.toml", "planner/shipped_catalog.json",
                   "planner/schema/plan.schema.json", "planner/schema/plan_validator.py",
                   "planner_json/__init__.py", "planner_pdf/__init__.py", "planner_ics/__init__.py",
                   "planner_caldav/__init__.py"):
        assert needed in names, needed
    assert not any(name.startswith("plugins/") for name in names)
    [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "planner = planner.program:run" in text
    for name in ("json", "pdf", "ics", "caldav"):
        assert re.search(rf"^{name} = planner_{name}$", text, re.M), name


def test_installed_planner_builds_and_finds_third_party_exporter(installed, tmp_path):
    env_dir, _ = installed
    planner = env_dir / "bin" / "planner"
    assert "Usage: planner" in run(planner, "--help", cwd=tmp_path).stdout
    where = run(env_dir / "bin" / "python", "-c",
                "import planner, planner_pdf; print(planner.__file__, planner_pdf.__file__)",
                cwd=tmp_path).stdout.split()
    assert all(Path(path).is_relative_to(env_dir) for path in where), where  # not this checkout
    built = run(planner, "build", "--weeks", "4", "--start", "2026-11-23", "--tz", "UTC",
                "--format", "json", "--format", "checklist", "--option", "marker=dash",
                "--format", "pdf", cwd=tmp_path)
    assert "wrote plan.json" in built.stdout
    document = json.loads((tmp_path / "plan.json").read_text())
    assert len(document["weeks"]) == 4
    checklist = (tmp_path / "plan.txt").read_text()
    assert checklist.startswith("plan\n\nWeek 1, Mon 23 Nov 07:00\n- ")
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")  # fonts and figures in
    listed = json.loads(run(planner, "exporters", "--json", cwd=tmp_path).stdout)
    providers = {row["name"]: row["provided_by"] for row in listed["exporters"]}
    assert providers["checklist"] == "planner-checklist==1.0.0"
    assert providers["json"].startswith("band-planner==")
    assert {"json", "pdf", "ics"} <= set(providers)
    assert listed["problems"] == []
