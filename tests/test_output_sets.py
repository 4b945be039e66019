"""A set of output files is all-or-nothing: failing renames, signals, concurrent runs,
odd output folders and a standard output that cannot be written."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import error, interrupt_when_ready, ok

BUILD = ("build", "--weeks", "2", "--start", "2026-11-23", "--tz", "Europe/Berlin",
         "-f", "json", "-f", "ics", "-f", "pdf")


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (hidden ones too, so temp files would show)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def failing_replace(monkeypatch, fail_on: int, code=errno.EBUSY):
    """os.replace as used by planner.output fails on its `fail_on`-th call."""
    import planner.output

    calls = {"n": 0}
    real = os.replace

    def replace(src, dst):
        calls["n"] += 1
        if calls["n"] == fail_on:
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst)

    monkeypatch.setattr(planner.output.os, "replace", replace)
    return calls


@pytest.mark.parametrize("fail_on", [1, 2, 3])
def test_a_failing_rename_puts_every_old_file_back(cli, tmp_path, monkeypatch, fail_on):
    ok(cli(*BUILD, "--seed", "1"))
    before = snapshot(tmp_path)
    assert {"plan.json", "plan.ics", "plan.pdf"} <= set(before)
    failing_replace(monkeypatch, fail_on)
    said = error(cli(*BUILD, "--seed", "2"), "cannot write", "no file was changed")
    assert "Device or resource busy" in said
    assert snapshot(tmp_path) == before  # old files byte-identical, no temp files


def test_a_failing_rename_into_new_folders_leaves_nothing(cli, tmp_path, monkeypatch):
    failing_replace(monkeypatch, 2, errno.EPERM)
    error(cli(*BUILD, "--out-dir", "new/deeper"), "cannot write")
    assert not (tmp_path / "new").exists()


def test_file_and_folder_names_that_are_too_long_are_named(cli, tmp_path):
    deep = "d" * 300
    error(cli(*BUILD, "--out-dir", deep), "--out-dir", "the file name is too long")
    assert not list(tmp_path.iterdir())


def test_a_dangling_or_looping_out_dir_link_is_named(cli, tmp_path):
    (tmp_path / "gone").symlink_to(tmp_path / "missing")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    for link in ("gone", "loop"):
        error(cli(*BUILD, "--out-dir", link), "--out-dir", link, "symbolic link")
    assert not (tmp_path / "missing").exists()


def run_planner(*args, cwd, **kw):
    return subprocess.Popen([sys.executable, "-m", "planner", *args], cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, **kw)


# `python -m planner ARGS`, except that the `pause_at`-th os.fsync, once done, writes the
# `paused` file and waits: the signal arrives at a known point. The staged output files are
# fsynced one after another before any is renamed into place; nothing else in a build fsyncs.
PAUSED_BUILD = """
import os, sys, time
from pathlib import Path

paused, pause_at, args = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
real_fsync, calls = os.fsync, []

def fsync(descriptor):
    real_fsync(descriptor)
    calls.append(descriptor)
    if len(calls) == pause_at:
        paused.write_text(os.readlink(f"/proc/self/fd/{descriptor}"))
        time.sleep(300)  # the signal ends this

os.fsync = fsync
sys.argv = ["planner", *args]
from planner.program import run
run()
"""


def wait_for(path: Path, process: subprocess.Popen, timeout: float = 120) -> None:
    """Until `path` exists; fails if `process` ends first."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


@pytest.mark.parametrize("signum, code, pause_at", [(signal.SIGTERM, 143, 1),
                                                    (signal.SIGINT, 130, 3)],
                         ids=["SIGTERM-first-file-staged", "SIGINT-last-file-staged"])
def test_a_signal_while_the_files_are_staged_writes_nothing(cli, tmp_path, signum, code,
                                                            pause_at):
    """A signal after some or all of the new plan's files were written beside the old ones,
    before any replaced them: the old set stays byte-identical, every temp file is removed."""
    out, paused = tmp_path / "out", tmp_path / "paused"
    ok(cli(*BUILD, "--seed", "1", "--out-dir", "out"))
    before = snapshot(out)
    assert {"plan.json", "plan.ics", "plan.pdf"} == set(before)
    second = subprocess.Popen([sys.executable, "-c", PAUSED_BUILD, str(paused), str(pause_at),
                               *BUILD, "--seed", "2"], cwd=out,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    staged = {}

    def ready():
        wait_for(paused, second)
        staged.update(snapshot(out))

    _, err = interrupt_when_ready(second, ready, signum)
    temp = Path(paused.read_text())
    assert temp.parent == out and temp.name.startswith(".plan.") and temp.name.endswith(".tmp")
    # the pause came with new files on disk and none renamed yet
    assert len(set(staged) - set(before)) == pause_at and temp.name in staged
    assert {name: staged[name] for name in before} == before
    assert (second.returncode, err.decode().splitlines()) == (
        code, ["Error: interrupted; nothing was written"])
    assert snapshot(out) == before


def test_a_file_that_already_holds_its_bytes_is_left_alone(cli, tmp_path):
    """Building the same plan again writes nothing: each file keeps its inode and time, so
    a calendar app or a sync tool watching it sees no change. A file that differs is
    replaced as before."""
    ok(cli(*BUILD))
    files = [tmp_path / name for name in ("plan.json", "plan.ics", "plan.pdf")]
    os.utime(files[0], ns=(1_000_000_000, 1_000_000_000))
    before = {path: os.stat(path) for path in files}
    said = ok(cli(*BUILD)).out.splitlines()
    assert [line for line in said if "plan." in line and not line.startswith("plan:")] == [
        "plan.json is unchanged", "plan.ics is unchanged", "plan.pdf is unchanged"]
    after = {path: os.stat(path) for path in files}
    assert {p: (s.st_ino, s.st_mtime_ns) for p, s in after.items()} == \
        {p: (s.st_ino, s.st_mtime_ns) for p, s in before.items()}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert "wrote plan.json" in ok(cli(*BUILD, "--time", "18:00")).out
    assert all(os.stat(path).st_ino != before[path].st_ino for path in files)
    again = ok(cli("export", "plan.json", "-f", "ics", "-f", "pdf")).out.splitlines()
    assert again == ["plan.ics is unchanged", "plan.pdf is unchanged"]


def test_a_file_changed_by_another_run_meanwhile_is_written_after_all(tmp_path, monkeypatch):
    """The check that a file already holds its bytes is made again under the folder's lock,
    so a run that wrote into the folder meanwhile cannot leave a mixed set."""
    import planner.output

    same, other = tmp_path / "same.txt", tmp_path / "other.txt"
    same.write_bytes(b"kept")
    real = planner.output._locked

    @contextlib.contextmanager
    def another_run_first(folder):
        same.write_bytes(b"from another run")  # just before this run gets the lock
        with real(folder):
            yield

    monkeypatch.setattr(planner.output, "_locked", another_run_first)
    planner.output.write_all([(same, b"kept"), (other, b"new")], tmp_path)
    assert (same.read_bytes(), other.read_bytes()) == (b"kept", b"new")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.txt", "same.txt"]


def test_a_link_to_a_file_with_the_same_bytes_is_still_replaced(cli, tmp_path):
    ok(cli(*BUILD[:-4]))
    elsewhere = tmp_path / "elsewhere.json"
    (tmp_path / "plan.json").rename(elsewhere)
    (tmp_path / "plan.json").symlink_to(elsewhere)
    ok(cli(*BUILD[:-4]))
    assert not (tmp_path / "plan.json").is_symlink()
    assert (tmp_path / "plan.json").read_bytes() == elsewhere.read_bytes()


@pytest.mark.slow
def test_concurrent_builds_into_one_folder_leave_a_matching_set(tmp_path):
    runs = [run_planner("build", "--weeks", "8", "--start", "2026-11-23", "--tz", "Europe/Berlin",
                        "-f", "json", "-f", "ics", "--seed", str(seed), cwd=tmp_path)
            for seed in range(12)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    plan = json.loads((tmp_path / "plan.json").read_text())
    export = tmp_path / "again"
    done = subprocess.run([sys.executable, "-m", "planner", "export", "plan.json", "-f", "ics",
                           "--out-dir", str(export)], cwd=tmp_path, capture_output=True)
    assert done.returncode == 0, done.stderr
    assert (export / "plan.ics").read_bytes() == (tmp_path / "plan.ics").read_bytes(), \
        f"the ICS is not from the JSON's seed {plan['settings']['seed']}"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no lock file


def test_standard_output_on_a_full_device_is_one_error_line(tmp_path):
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "planner", "catalog", "list"],
                              stdout=full, stderr=subprocess.PIPE, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "Error: cannot write to standard output: No space left on device"]


def test_a_closed_pipe_on_standard_output_ends_quietly(tmp_path):
    """`planner build … | head -c 100`: the reader stops early; planner ends as other
    command-line tools do (SIGPIPE, 141), with nothing on stderr, its files complete."""
    big = tmp_path / "big.toml"  # a catalog whose listing is far larger than a pipe holds
    big.write_text("".join(
        f'[[exercise]]\nid = "ex-{n}"\nname = "Exercise {n}"\nregion = "upper"\n'
        'band = "short"\nanchor = "none"\nposition = "standing"\nper_side = false\n'
        'reps = [8, 12]\nequipment = []\nsource = "added"\n'
        f'steps = ["{"Pull the band apart slowly. " * 20}"]\ncues = ["Breathe out."]\n\n'
        for n in range(600)))
    command = (f"{sys.executable} -m planner catalog list --json --catalog big.toml "
               "2>err.txt | head -c 100 >/dev/null; echo ${PIPESTATUS[0]}")
    done = subprocess.run(command, shell=True, executable="/bin/bash", cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.stdout.strip() == "141"
    assert (tmp_path / "err.txt").read_text() == ""


def test_an_interrupt_rebuilt_from_its_message_keeps_its_signal():
    """reportlab re-raises exceptions as `type(exc)(message)`; the exit code must survive."""
    from planner import interrupts

    with pytest.raises(interrupts.Interrupted) as caught, interrupts.raising_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)  # the handler raises at once; never reached
    rebuilt = type(caught.value)(f"\nraised by class KeepTogether wrap\n {caught.value}")
    assert rebuilt.exit_code == 143
