"""The log file is input too (issue 26, L03-L10): a planted trigger or view, a negative
version, a planted symbolic link, a read-only folder, a full disk and a busy file, each
through the real CLI: one `Error:` line (or the read done), the exit code, the file left as
it was, and bounded time where that is the point."""

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from planner.log import store
from test_log_store import (
    MONDAY,
    PLANNER,
    READERS,
    WEDNESDAY,
    assert_one_error,
    history,
    pragma,
    process_env,
    sql,
)
from test_log_store import no_user_log as _no_user_log  # noqa: F401  (autouse fixture)
from test_log_store import plan as _plan  # noqa: F401  (the fixture `plan`: plan.json here)

pytestmark = pytest.mark.usefixtures("_plan")


def logged(cli, log: Path, *dates: str) -> list[dict]:
    for day in dates:
        run = cli("log", day, "--log", str(log))
        assert run.code == 0, run.err
    return history(cli, log)


def files_beside(log: Path) -> list[str]:
    return sorted(p.name for p in log.parent.iterdir() if p.name.startswith(log.name))


def refused_everywhere(cli, log: Path, *words: str) -> None:
    """Every command that opens the log refuses it with one line, the file unchanged."""
    before = log.read_bytes()
    for args in (("log", WEDNESDAY), *READERS):
        run = cli(*args, "--log", str(log))
        assert run.code == 2, (args, run.out)
        assert_one_error(run.err, log, *words)
        assert log.read_bytes() == before, args


# -- L04, L05: the schema must be exactly ours -----------------------------------------


def test_a_planted_trigger_never_runs_and_the_log_is_refused(cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    entries = logged(cli, log, MONDAY)
    sql(log, "CREATE TRIGGER wipe AFTER INSERT ON entry BEGIN DELETE FROM entry; "
             "INSERT INTO session VALUES ('evil', '2026-01-01', 1, 1, 'planted'); END")
    refused_everywhere(cli, log, "trigger 'wipe'")
    sql(log, "DROP TRIGGER wipe")  # the entries were never touched
    assert history(cli, log) == entries


@pytest.mark.parametrize("change", [
    "CREATE VIEW extra AS SELECT 1",
    "CREATE INDEX entry_by_feel ON entry (feel)",
    "CREATE TABLE scratch (x)",
    "ALTER TABLE session ADD COLUMN mood TEXT DEFAULT 'ok'",
    "DROP INDEX entry_by_exercise",
])
def test_any_change_to_the_schema_is_refused(cli, tmp_path, change):
    log = tmp_path / "log.sqlite3"
    logged(cli, log, MONDAY)
    sql(log, change)
    refused_everywhere(cli, log)


ENDLESS_VIEW = """
    ALTER TABLE entry RENAME TO entry_kept;
    CREATE VIEW entry AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n)
      SELECT '2026-11-23-1-plan@band-planner' AS session, 'face-pull' AS exercise,
             '2026-11-23' AS date, i AS position, 'done' AS status, '[8]' AS sets,
             'light' AS band, 'normal' AS slack, 'ok' AS feel, 1 AS target_sets,
             8 AS target_reps, 'light' AS target_band, 'normal' AS target_slack,
             0 AS per_side, 0 AS deload, 'cli' AS source FROM n;
"""


def test_an_endless_view_in_place_of_a_table_is_refused_at_once(cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    logged(cli, log, MONDAY)
    sql(log, script=ENDLESS_VIEW)
    before = log.read_bytes()
    for args in (("history",), ("next",), ("log", WEDNESDAY)):
        started = time.monotonic()
        done = subprocess.run([*PLANNER, *args, "--log", str(log)], cwd=tmp_path,
                              env=process_env(), capture_output=True, text=True, timeout=60)
        assert time.monotonic() - started < 20, args
        assert done.returncode == 2, (args, done.stdout)
        assert_one_error(done.stderr, log, "'entry' is a view")
        assert log.read_bytes() == before


LONG_QUERY = """
import os, signal, sys, threading, time
from pathlib import Path
from planner.interrupts import Interrupted, raising_on_signals
from planner.log.store import Log, _guard
log = Path(sys.argv[1])
endless = ("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) "
           "SELECT count(*) FROM n")
with raising_on_signals(), Log.read(log) as store:
    threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM)).start()
    started = time.monotonic()
    try:
        _guard(log, "read", lambda: store.db.execute(endless).fetchone())
    except Interrupted as exc:
        print(exc.exit_code, round(time.monotonic() - started, 1))
"""


def test_a_signal_stops_a_long_sqlite_query(cli, tmp_path):
    """The mechanism under every command: SQLite hands control back often enough that a
    SIGTERM's handler runs, and the stopped query is the signal's Interrupted."""
    log = tmp_path / "log.sqlite3"
    logged(cli, log, MONDAY)
    done = subprocess.run([sys.executable, "-c", LONG_QUERY, str(log)], capture_output=True,
                          text=True, timeout=60, env=process_env())
    code, seconds = done.stdout.split()
    assert code == "143" and float(seconds) < 5, done.stderr


# -- L03: a version band-planner never writes --------------------------------------------


@pytest.mark.parametrize("version", [-1, -(2**31)])
def test_a_negative_version_is_refused_before_any_change(cli, tmp_path, version):
    log = tmp_path / "log.sqlite3"
    logged(cli, log, MONDAY)
    sql(log, "PRAGMA journal_mode = DELETE", f"PRAGMA user_version = {version}")
    refused_everywhere(cli, log, f"version is {version}")
    assert pragma(log, "journal_mode") == "delete"  # not switched to WAL first
    assert files_beside(log) == ["log.sqlite3"]


# -- L09: links planted in a folder anyone may write to ----------------------------------


@pytest.mark.parametrize("planted", ["log.sqlite3", "log.sqlite3-wal", "log.sqlite3-journal"])
def test_a_link_in_a_sticky_shared_folder_is_not_followed(cli, tmp_path, planted):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)
    victim = tmp_path / "victim" / "profile"
    victim.parent.mkdir()
    (shared / planted).symlink_to(victim)
    log = shared / "log.sqlite3"
    run = cli("log", MONDAY, "--log", str(log))
    assert run.code == 2, run.out
    assert_one_error(run.err, shared / planted, "symbolic link")
    assert not victim.exists()
    assert sorted(p.name for p in shared.iterdir()) == [planted]


def test_a_link_in_a_folder_of_ones_own_is_followed(cli, tmp_path):
    real = tmp_path / "data" / "log.sqlite3"
    real.parent.mkdir()
    link = tmp_path / "log.sqlite3"
    link.symlink_to(real)
    assert logged(cli, link, MONDAY)
    assert real.is_file()


# -- reading leaves nothing behind; L10: a folder that cannot be written in -------------


def test_reading_commands_leave_no_wal_or_shm_files(cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    logged(cli, log, MONDAY)
    assert log.read_bytes()[18:20] == b"\2\2"  # a WAL file (its header's read/write versions)
    before = log.read_bytes()
    for args in READERS:
        assert cli(*args, "--log", str(log)).code == 0, args
        assert files_beside(log) == ["log.sqlite3"], args
    assert log.read_bytes() == before
    for args in READERS:  # as separate processes too
        done = subprocess.run([*PLANNER, *args, "--log", str(log)], cwd=tmp_path,
                              env=process_env(), capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert files_beside(log) == ["log.sqlite3"], args


@contextmanager
def tmpfs(folder: Path, size: str):
    """A small tmpfs at `folder` (root only), unmounted after; or skip."""
    folder.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                        str(folder)], check=True, capture_output=True, timeout=30)
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"cannot mount a tmpfs here: {exc}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=30)


def test_a_wal_log_in_a_read_only_folder_is_read_and_nothing_written(cli, tmp_path):
    with tmpfs(tmp_path / "mnt", "4m") as folder:
        log = folder / "log.sqlite3"
        entries = logged(cli, log, MONDAY, WEDNESDAY)
        assert log.read_bytes()[18:20] == b"\2\2"  # a WAL file
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True, timeout=30)
        before = log.read_bytes()
        run = cli("history", "--json", "--log", str(log))
        assert run.code == 0, run.err
        assert "read-only" in run.err and "nothing is written" in run.err
        assert len(run.err.splitlines()) == 1 and run.err.startswith("Warning: ")
        import json

        assert json.loads(run.out) == entries
        for args in READERS:
            assert cli(*args, "--log", str(log)).code == 0, args
        written = cli("log", "2026-11-27", "--log", str(log))
        assert written.code == 2
        # A command that reads the log before writing it may say first that it reads it as
        # it is; the error is still one line.
        errors = [line for line in written.err.splitlines() if not line.startswith("Warning: ")]
        assert_one_error("\n".join(errors), log, "read-only", "nothing was written")
        assert log.read_bytes() == before and files_beside(log) == ["log.sqlite3"]


def test_a_full_disk_is_named_and_the_log_kept(cli, tmp_path):
    with tmpfs(tmp_path / "mnt", "512k") as folder:
        log = folder / "log.sqlite3"
        entries = logged(cli, log, MONDAY)
        before = log.read_bytes()
        filler = folder / "filler"
        with open(filler, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(b"\1" * 1024)
            except OSError:
                pass
        run = cli("log", WEDNESDAY, "--log", str(log), "--note", "a long session")
        assert run.code == 2, run.out
        assert_one_error(run.err, log, "the disk is full", "nothing was written")
        assert log.read_bytes() == before
        for args in READERS:  # reading still works, and says how
            read = cli(*args, "--log", str(log))
            assert read.code == 0, (args, read.err)
            assert read.err.startswith("Warning: ") and "no room" in read.err, read.err
        filler.unlink()
        assert history(cli, log) == entries


FSIZE_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from planner.cli import main
main(sys.argv[2:])
"""


def test_a_file_size_limit_is_named_and_the_log_kept(cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    entries = logged(cli, log, MONDAY)
    before = log.read_bytes()
    limit = len(before) + 2048  # room for a few WAL frames, not for a session's
    done = subprocess.run([sys.executable, "-c", FSIZE_LIMITED, str(limit), "log", WEDNESDAY,
                           "--log", str(log), "--note", "x" * 1500], cwd=tmp_path,
                          env=process_env(), capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout
    assert_one_error(done.stderr, log, "file size limit", "nothing was written")
    assert log.read_bytes() == before
    assert history(cli, log) == entries


# -- a busy log: writers wait; a signal ends the wait at once ---------------------------


@contextmanager
def held(log: Path, seconds: float | None = None):
    """Another program holding the log's write lock (for `seconds`, else until the end)."""
    db = sqlite3.connect(log, isolation_level=None, check_same_thread=False)
    db.execute("BEGIN IMMEDIATE")
    timer = threading.Timer(seconds, db.execute, ("ROLLBACK",)) if seconds else None
    if timer:
        timer.start()
    try:
        yield
    finally:
        if timer:
            timer.join()
        elif db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def test_a_writer_waits_for_a_busy_log_then_writes(cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    logged(cli, log, MONDAY)
    with held(log, seconds=2):
        started = time.monotonic()
        done = subprocess.run([*PLANNER, "log", WEDNESDAY, "--log", str(log)], cwd=tmp_path,
                              env=process_env(), capture_output=True, text=True, timeout=60)
        waited = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert waited >= 1.5
    assert {e["date"] for e in history(cli, log)} == {MONDAY, WEDNESDAY}


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_ends_the_wait_for_a_busy_log_at_once(cli, tmp_path, signum):
    log = tmp_path / "log.sqlite3"
    entries = logged(cli, log, MONDAY)
    before = log.read_bytes()
    with held(log):
        process = subprocess.Popen([*PLANNER, "log", WEDNESDAY, "--log", str(log)],
                                   cwd=tmp_path, env=process_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True)
        try:
            time.sleep(3)  # well into the wait (start-up takes well under a second)
            assert process.poll() is None, process.communicate()
            sent = time.monotonic()
            process.send_signal(signum)
            out, err = process.communicate(timeout=20)
            took = time.monotonic() - sent
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    assert process.returncode == 128 + signum, err
    assert took < 2, took
    assert err.strip() == "Error: interrupted; nothing was written"
    assert log.read_bytes() == before
    assert history(cli, log) == entries


def test_a_log_busy_past_the_wait_is_one_line(cli, tmp_path, monkeypatch):
    log = tmp_path / "log.sqlite3"
    entries = logged(cli, log, MONDAY)
    monkeypatch.setattr(store, "BUSY_MS", 300)
    with held(log):
        run = cli("log", WEDNESDAY, "--log", str(log))
    assert run.code == 2
    assert_one_error(run.err, log, "busy", "nothing was written")
    assert history(cli, log) == entries


def test_the_schema_check_reads_one_consistent_state(cli, tmp_path):
    """An empty file being set up by another process reads as empty, not as foreign."""
    log = tmp_path / "log.sqlite3"
    log.touch()
    with closing(sqlite3.connect(log)):
        pass
    for args in READERS:
        assert cli(*args, "--log", str(log)).code == 0, args
