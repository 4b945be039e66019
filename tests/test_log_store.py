"""The training log's storage as users and outside checks see it: the real `planner` CLI,
real processes racing on one file, and the SQLite file itself. The contract: one SQLite file,
versioned with user_version, WAL + BEGIN IMMEDIATE, reading never creates it, bad or newer
files refused with exit 2 and left byte-identical."""

import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
import threading
from contextlib import closing
from pathlib import Path

import pytest

from planner.log import store

PLANNER = [sys.executable, "-m", "planner"]
BUILD = ("build", "--weeks", "4", "--start", "2026-11-23", "--tz", "Europe/Berlin")
MONDAY, WEDNESDAY = "2026-11-23", "2026-11-25"
TODAY = "2026-12-31"
MONDAY_UID = "2026-11-23-1-plan@band-planner"  # a plan made before plan ids
READERS = (("history",), ("history", "--json"), ("history", "--csv"), ("next",))
NOBODY = 65534


# -- helpers ------------------------------------------------------------------------------


@pytest.fixture
def cli(cli):
    """The conftest fixture, with `planner log` leaving the plan file as it is: these tests
    are about the log file and compare its entries with the plan as built (the plan that
    follows the log is tested in test_daily and test_trainees)."""
    def run(*args: str):
        return cli(*args, "--no-adapt") if args and args[0] == "log" else cli(*args)

    return run


@pytest.fixture(autouse=True)
def no_user_log(monkeypatch, tmp_path):
    """Nothing here may touch the real user's log: PLANNER_LOG unset, data folder in tmp."""
    monkeypatch.delenv("PLANNER_LOG", raising=False)
    monkeypatch.delenv("PLANNER_DEBUG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("PLANNER_TODAY", TODAY)  # after the plan: every session can be logged


@pytest.fixture
def plan(cli, tmp_path):
    """A 4-week plan (12 sessions) as plan.json in tmp_path, the cli fixture's folder."""
    built = cli(*BUILD)
    assert built.code == 0, built.err
    return tmp_path / "plan.json"


def sessions(plan_path: Path) -> dict[str, dict]:
    """date -> session object of the plan file."""
    document = json.loads(plan_path.read_text("utf-8"))
    return {s["date"]: s for week in document["weeks"] for s in week["sessions"]}


def expected_keys(plan_path: Path, dates) -> set[tuple[str, str]]:
    by_date = sessions(plan_path)
    return {(by_date[d]["uid"], item["exercise"]) for d in dates for item in by_date[d]["items"]}


def history(cli, log: Path) -> list[dict]:
    run = cli("history", "--json", "--log", str(log))
    assert run.code == 0, run.err
    return json.loads(run.out)


def process_env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PLANNER_LOG", "PLANNER_DEBUG")}
    env["PLANNER_TODAY"] = TODAY
    env.update(extra)
    return env


def uri(path: Path, mode: str = "ro") -> str:
    return path.absolute().as_uri() + f"?mode={mode}"


def pragma(path: Path, name: str):
    with closing(sqlite3.connect(uri(path), uri=True)) as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


def sql(path: Path, *statements: str, script: str = "") -> None:
    """Edit a file by hand, as a user or another program would."""
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        if script:
            db.executescript(script)
        for statement in statements:
            db.execute(statement)


def index_names(path: Path) -> set[str]:
    with closing(sqlite3.connect(uri(path), uri=True)) as db:
        return {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                         "AND name NOT LIKE 'sqlite_autoindex%'")}


def assert_one_error(err: str, path: Path, *words: str) -> str:
    """One `Error:` line naming the file (and `words`), nothing else, no traceback."""
    assert "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    line = lines[0]
    assert line.startswith("Error: "), err
    assert str(path) in line, err
    for word in words:
        assert word in line, err
    return line


def v1_file(path: Path) -> None:
    """A log as band-planner's version 1 wrote it, with one entry and its session's notes."""
    sql(path,
        f"INSERT INTO entry VALUES ('{MONDAY_UID}', 'reverse-fly', '{MONDAY}', 0, 'done', "
        "'[9]', 'extra-light', 'normal', 'easy', 1, 8, 'extra-light', 'normal', 0, 0, 'cli')",
        f"INSERT INTO session VALUES ('{MONDAY_UID}', '{MONDAY}', 6, 25, 'old entry')",
        f"PRAGMA application_id = {store.APPLICATION_ID}",
        "PRAGMA user_version = 1",
        script=store.MIGRATIONS[1])


# -- 1. concurrency: real processes on one file ----------------------------------------


def start_log(date: str, log: Path, cwd: Path, env: dict) -> subprocess.Popen:
    # --no-adapt: these processes race for the log; the plan file's share is in test_daily
    return subprocess.Popen([*PLANNER, "log", date, "--log", str(log), "--no-adapt"], cwd=cwd,
                            env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(processes) -> list[tuple[int, str, str]]:
    results = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        results.append((process.returncode, out, err))
    return results


def check_entries(entries: list[dict], plan_path: Path, dates) -> None:
    """Every exercise of every session logged as prescribed; nothing lost, nothing twice."""
    keys = [(e["session"], e["exercise"]) for e in entries]
    assert len(keys) == len(set(keys))
    assert set(keys) == expected_keys(plan_path, dates)
    items = {(s["uid"], i["exercise"]): i for s in sessions(plan_path).values() for i in s["items"]}
    for entry in entries:
        item = items[(entry["session"], entry["exercise"])]
        one_set = [item["reps"], item["reps"]] if item["per_side"] else item["reps"]
        assert entry["status"] == "done" and entry["feel"] == "ok"
        assert entry["sets"] == [one_set] * item["sets"]
        assert entry["target"] == {k: item[k] for k in ("sets", "reps", "band", "slack")}


def test_concurrent_log_processes_create_one_file_and_lose_nothing(plan, cli, tmp_path):
    dates = sorted(sessions(plan))
    assert len(dates) == 12
    log = tmp_path / "new" / "folder" / "log.sqlite3"  # neither the file nor its folder exists
    env = process_env()
    processes = [start_log(d, log, tmp_path, env) for d in dates]  # all at once
    results = dict(zip(dates, finish(processes), strict=True))
    failed = {d: err.strip() for d, (code, _, err) in results.items() if code != 0}
    entries = history(cli, log)
    check_entries(entries, plan, [d for d in dates if d not in failed])
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)  # date order
    assert pragma(log, "user_version") == store.VERSION
    assert pragma(log, "application_id") == store.APPLICATION_ID
    assert pragma(log, "journal_mode") == "wal"
    assert not failed  # the creation races (see test_creation_race_*) lose nothing
    for code, _, err in results.values():
        assert code == 0 and err == ""


def traced_connections(monkeypatch, hook):
    """Call hook(sql) as each statement of band-planner's own connections starts."""
    real_connect = store._connect

    def traced(path, address):
        db = real_connect(path, address)
        db.set_trace_callback(hook)
        return db

    monkeypatch.setattr(store, "_connect", traced)


def test_creation_race_another_log_process_finishes_between_header_reads(plan, cli, tmp_path,
                                                                         monkeypatch):
    log = tmp_path / "log.sqlite3"
    others = []

    def hook(text):
        if text.strip() == "PRAGMA user_version" and not others:
            # a second `planner log` process creates the log right now, and finishes
            others.append(subprocess.run([*PLANNER, "log", WEDNESDAY, "--log", str(log)],
                                         cwd=tmp_path, env=process_env(), capture_output=True,
                                         text=True, timeout=60))

    traced_connections(monkeypatch, hook)
    run = cli("log", MONDAY, "--log", str(log))
    assert others and others[0].returncode == 0, others
    assert run.code == 0, run.err
    check_entries(history(cli, log), plan, [MONDAY, WEDNESDAY])


def test_creation_race_wal_switch_waits_for_another_writer(plan, cli, tmp_path, monkeypatch):
    log = tmp_path / "log.sqlite3"
    held = []

    def hook(text):
        if re.fullmatch(r"PRAGMA journal_mode\s*=\s*WAL", text.strip(), re.I) and not held:
            other = sqlite3.connect(log, isolation_level=None, check_same_thread=False)
            other.execute("BEGIN IMMEDIATE")  # as a racing `planner log` does, for a moment
            held.append(other)
            threading.Timer(1.0, lambda: (other.execute("ROLLBACK"), other.close())).start()

    traced_connections(monkeypatch, hook)
    run = cli("log", MONDAY, "--log", str(log))
    assert held
    assert run.code == 0, run.err  # waited for the other writer (busy timeout), then wrote
    check_entries(history(cli, log), plan, [MONDAY])


def test_concurrent_log_processes_on_an_existing_file_with_readers(plan, cli, tmp_path):
    dates = sorted(sessions(plan))
    log = tmp_path / "log.sqlite3"
    for date in dates[:2]:
        assert cli("log", date, "--log", str(log)).code == 0
    env = process_env()
    writers = [start_log(d, log, tmp_path, env) for d in dates[2:]]  # 10 writers
    readers = [subprocess.Popen([*PLANNER, "history", "--json", "--log", str(log)], cwd=tmp_path,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]
    for date, (code, _, err) in zip(dates[2:], finish(writers), strict=True):
        assert code == 0, f"{date}: exit {code}: {err}"
    everything = expected_keys(plan, dates)
    for code, out, err in finish(readers):
        assert code == 0, err
        seen = {(e["session"], e["exercise"]) for e in json.loads(out)}
        assert expected_keys(plan, dates[:2]) <= seen <= everything  # a consistent snapshot
    check_entries(history(cli, log), plan, dates)


# -- 2. schema version and migrations ----------------------------------------------------


def test_a_write_leaves_current_version_our_application_id_and_wal(plan, cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    run = cli("log", MONDAY, "--log", str(log))
    assert run.code == 0, run.err
    assert pragma(log, "user_version") == store.VERSION
    assert pragma(log, "application_id") == store.APPLICATION_ID
    assert pragma(log, "journal_mode") == "wal"
    check_entries(history(cli, log), plan, [MONDAY])


def test_every_write_is_one_begin_immediate_transaction_durable_in_wal(plan, cli, tmp_path,
                                                                       monkeypatch):
    statements, settings = [], []
    real_close = store.Log.close

    def close(self):
        settings.append({name: self.db.execute(f"PRAGMA {name}").fetchone()[0]
                         for name in ("journal_mode", "synchronous", "busy_timeout")})
        real_close(self)

    traced_connections(monkeypatch, statements.append)
    monkeypatch.setattr(store.Log, "close", close)
    log = tmp_path / "log.sqlite3"
    assert cli("log", MONDAY, "--log", str(log)).code == 0  # creates and migrates
    assert cli("log", WEDNESDAY, "--log", str(log), "--effort", "7").code == 0
    assert settings and all(s["journal_mode"] == "wal" for s in settings)
    assert all(s["synchronous"] >= 2 for s in settings)  # FULL (or EXTRA): commits reach disk
    # Writers wait for each other: SQLite in short slices, band-planner between them (so a
    # signal ends the wait); test_a_writer_waits_for_a_busy_log_then_writes checks the whole.
    assert all(0 < s["busy_timeout"] <= 1000 for s in settings)
    changes = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|"
                         r"PRAGMA\s+(user_version|application_id)\s*=)", re.I)
    inside, writes = False, 0
    for text in statements:
        word = text.strip().upper()
        if word.startswith("BEGIN"):
            assert word == "BEGIN IMMEDIATE", text
            inside = True
        elif word in ("COMMIT", "ROLLBACK", "END"):
            inside = False
        elif changes.match(text):
            assert inside, f"written outside a BEGIN IMMEDIATE transaction: {text}"
            writes += 1
    assert writes >= 12 and not inside


def test_migrates_a_version_1_file_keeping_its_entries(plan, cli, tmp_path):
    log = tmp_path / "old.sqlite3"
    v1_file(log)
    before = log.read_bytes()
    old = history(cli, log)  # reading an old file works and does not migrate it
    assert [(e["exercise"], e["sets"], e["feel"], e["effort"], e["note"]) for e in old] == [
        ("reverse-fly", [9], "easy", 6, "old entry")]
    assert log.read_bytes() == before

    run = cli("log", WEDNESDAY, "--log", str(log))
    assert run.code == 0, run.err
    assert pragma(log, "user_version") == store.VERSION
    assert pragma(log, "application_id") == store.APPLICATION_ID
    assert {"entry_by_date", "entry_by_exercise"} <= index_names(log)
    entries = history(cli, log)
    assert entries[0] == old[0]
    assert {(e["session"], e["exercise"]) for e in entries} == (
        {(MONDAY_UID, "reverse-fly")} | expected_keys(plan, [WEDNESDAY]))


def test_a_failed_migration_leaves_the_file_at_version_1(plan, cli, tmp_path, monkeypatch):
    log = tmp_path / "old.sqlite3"
    v1_file(log)
    old = history(cli, log)
    with monkeypatch.context() as patch:
        # the first statement works, the second fails: the first must be rolled back too
        patch.setitem(store.MIGRATIONS, 2, "CREATE INDEX entry_by_date ON entry (date);"
                                           "CREATE INDEX broken ON entry (no_such_column);")
        run = cli("log", WEDNESDAY, "--log", str(log))
    assert run.code == 2
    assert_one_error(run.err, log)
    assert pragma(log, "user_version") == 1
    assert pragma(log, "application_id") == store.APPLICATION_ID
    assert index_names(log) == set()
    # with the real migrations again the file is still usable
    assert history(cli, log) == old
    assert cli("log", WEDNESDAY, "--log", str(log)).code == 0
    assert pragma(log, "user_version") == store.VERSION


# -- 3. a file from a newer band-planner --------------------------------------------------


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_a_newer_version_is_refused_and_left_byte_identical(plan, cli, tmp_path, journal):
    log = tmp_path / "newer.sqlite3"
    v1_file(log)
    sql(log, *[s for s in store.MIGRATIONS[2].split(";") if s.strip()],
        "CREATE TABLE added_later (x)", f"PRAGMA user_version = {store.VERSION + 1}",
        f"PRAGMA journal_mode = {journal}")
    before = log.read_bytes()
    for args in (("log", WEDNESDAY), ("log", MONDAY, "--replace"), *READERS):
        run = cli(*args, "--log", str(log))
        assert run.code == 2, (args, run.out)
        assert_one_error(run.err, log, "newer")
        assert log.read_bytes() == before, args
    assert pragma(log, "user_version") == store.VERSION + 1


# -- 4. files that are not a usable log -------------------------------------------------


def full_log(cli, tmp_path) -> bytes:
    """The bytes of a real, checkpointed log of four sessions (7 pages)."""
    log = tmp_path / "source.sqlite3"
    for date in ("2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30"):
        assert cli("log", date, "--log", str(log)).code == 0
    data = log.read_bytes()
    assert len(data) % 4096 == 0 and len(data) >= 5 * 4096
    return data


def corrupt_pages(data: bytes) -> bytes:
    noise = bytes((i * 131 + 7) % 256 for i in range(len(data)))
    return data[:4096] + noise[4096:]


BAD_FILES = {
    "text": lambda data: b"date,exercise\n2026-11-23,face-pull\n",
    "truncated to the header": lambda data: data[:100],
    "truncated to half": lambda data: data[: len(data) // 2],
    "a page short": lambda data: data[:-4096],
    "corrupt pages": corrupt_pages,
    "zeros": lambda data: bytes(len(data)),
}


def check_refused(cli, log: Path, snapshot) -> None:
    for args in (("log", "2026-12-02"), *READERS):  # a session full_log has not logged
        run = cli(*args, "--log", str(log))
        assert run.code == 2, (args, run.out, run.err)
        assert_one_error(run.err, log)
        assert snapshot() == snapshot.before, args


def bytes_of(path: Path):
    """The file's bytes and the other files beside it. SQLite's own -shm and an empty -wal
    may appear (read-only readers of a WAL file leave them), but a -wal holding pages would
    change the file on its next opening, so its size counts."""
    def snapshot():
        wal = Path(f"{path}-wal")
        others = sorted(p.name for p in path.parent.iterdir()
                        if p.name not in (f"{path.name}-wal", f"{path.name}-shm"))
        return path.read_bytes(), others, wal.stat().st_size if wal.exists() else 0
    snapshot.before = snapshot()
    return snapshot


@pytest.mark.parametrize("kind", list(BAD_FILES))
def test_a_damaged_or_foreign_file_is_refused_untouched(plan, cli, tmp_path, kind):
    data = BAD_FILES[kind](full_log(cli, tmp_path))
    log = tmp_path / "bad" / "log.sqlite3"
    log.parent.mkdir()
    log.write_bytes(data)
    check_refused(cli, log, bytes_of(log))


def test_a_log_cut_short_by_one_byte_is_refused_untouched(plan, cli, tmp_path):
    data = full_log(cli, tmp_path)[:-1]
    log = tmp_path / "bad" / "log.sqlite3"
    log.parent.mkdir()
    log.write_bytes(data)
    check_refused(cli, log, bytes_of(log))


def other_program(app_id: int, table: bool):
    def make(path: Path) -> None:
        statements = [f"PRAGMA application_id = {app_id}"]
        if table:
            statements += ["CREATE TABLE note (id INTEGER PRIMARY KEY, text TEXT)",
                           "INSERT INTO note (text) VALUES ('not a training log')"]
        sql(path, *statements)
    return make


@pytest.mark.parametrize("make", [other_program(0, True), other_program(0x12345678, False),
                                  other_program(0x12345678, True)],
                         ids=["own table, application_id 0", "other application_id, empty",
                              "other application_id, own table"])
def test_an_sqlite_file_of_another_program_is_refused_untouched(plan, cli, tmp_path, make):
    log = tmp_path / "other.db"
    make(log)
    snapshot = bytes_of(log)
    check_refused(cli, log, snapshot)
    with closing(sqlite3.connect(uri(log), uri=True)) as db:
        names = [r[0] for r in db.execute("SELECT name FROM sqlite_master")]
    assert "entry" not in names and "session" not in names


def test_a_folder_as_log_is_refused_untouched(plan, cli, tmp_path):
    folder = tmp_path / "logs"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")

    def snapshot():
        return sorted(p.name for p in folder.iterdir()), (folder / "keep.txt").read_text()
    snapshot.before = snapshot()
    check_refused(cli, folder, snapshot)
    assert folder.is_dir()


def test_a_fifo_as_log_is_refused_without_hanging(plan, tmp_path):
    fifo = tmp_path / "log.fifo"
    os.mkfifo(fifo)
    for args in (("log", WEDNESDAY), *READERS):
        try:
            done = subprocess.run([*PLANNER, *args, "--log", str(fifo)], cwd=tmp_path,
                                  env=process_env(), capture_output=True, text=True, timeout=30)
        except subprocess.TimeoutExpired:
            pytest.fail(f"planner {' '.join(args)} hung on a FIFO")
        assert done.returncode == 2, (args, done.stdout)
        assert_one_error(done.stderr, fifo)
        assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.fifo", "plan.json"]


def demoted_prefixes():
    """Ways to run a command as an unprivileged user (uid/gid 65534): plain setuid, or, when
    the interpreter lives where that user cannot read (e.g. /root/.pyenv), setuid keeping only
    CAP_DAC_READ_SEARCH: it may read every file but still cannot write root's files."""
    def plain():
        os.setgroups([])
        os.setgid(NOBODY)
        os.setuid(NOBODY)
    yield "setuid 65534", [], plain
    setpriv = shutil.which("setpriv")
    if setpriv:
        yield "setuid 65534 keeping only CAP_DAC_READ_SEARCH", [
            setpriv, f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
            "--inh-caps=-all,+dac_read_search", "--ambient-caps=+dac_read_search",
            "--bounding-set=-all,+dac_read_search"], None


def unprivileged(plan_path: Path, folder: Path):
    """(prefix, preexec_fn) running as an unprivileged user who can read the venv and the plan
    but cannot write in `folder`; or skip, saying why."""
    if os.geteuid() != 0:
        pytest.skip("not root: cannot switch to an unprivileged user (and as a normal user "
                    "the permission check is the plain one)")
    probe = ("import os, sys, planner.cli, planner.log.store; open(sys.argv[1]).read(); "
             "sys.exit(3 if os.geteuid() == 0 else 0)")
    write = "import sys; open(sys.argv[1] + '/probe', 'w')"
    tried = []
    for name, prefix, preexec in demoted_prefixes():
        try:
            can_read = subprocess.run([*prefix, sys.executable, "-c", probe, str(plan_path)],
                                      preexec_fn=preexec, capture_output=True, text=True,
                                      timeout=60, cwd="/")
        except OSError as exc:
            tried.append(f"{name}: {exc}")
            continue
        if can_read.returncode != 0:
            tried.append(f"{name}: cannot run {sys.executable} or read {plan_path} "
                         f"({can_read.stderr.strip().splitlines()[-1:] or can_read.returncode})")
            continue
        can_write = subprocess.run([*prefix, sys.executable, "-c", write, str(folder)],
                                   preexec_fn=preexec, capture_output=True, timeout=60, cwd="/")
        if can_write.returncode == 0:
            (folder / "probe").unlink()
            tried.append(f"{name}: can write in {folder}")
            continue
        return prefix, preexec
    pytest.skip("no unprivileged user that can read the venv and the plan but not write the "
                "log's folder: " + "; ".join(tried))


def test_an_unwritable_log_is_refused_untouched(plan, cli, tmp_path):
    folder = tmp_path / "readonly"
    folder.mkdir()
    log = folder / "log.sqlite3"
    assert cli("log", MONDAY, "--log", str(log)).code == 0
    os.chmod(log, 0o644)
    os.chmod(folder, 0o755)
    assert log.stat().st_uid == 0 and folder.stat().st_uid == 0
    prefix, preexec = unprivileged(plan, folder)
    snapshot = bytes_of(log)
    done = subprocess.run([*prefix, *PLANNER, "log", WEDNESDAY, "--log", str(log)],
                          preexec_fn=preexec, cwd=tmp_path, env=process_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stdout
    assert_one_error(done.stderr, log)
    assert snapshot() == snapshot.before
    check_entries(history(cli, log), plan, [MONDAY])


# -- 5. reading never creates the file --------------------------------------------------


def test_reading_commands_never_create_the_log(plan, cli, tmp_path, monkeypatch):
    missing = tmp_path / "nowhere" / "log.sqlite3"
    for args in READERS:
        run = cli(*args, "--log", str(missing))
        assert run.code == 0, (args, run.err)
        assert not missing.parent.exists(), args
    assert cli("history", "--json", "--log", str(missing)).out.strip() == "[]"

    monkeypatch.setenv("PLANNER_LOG", str(missing))  # through the environment
    for args in READERS:
        assert cli(*args).code == 0, args
    assert not missing.parent.exists()

    monkeypatch.delenv("PLANNER_LOG")  # the default location
    data = tmp_path / "xdg-data"
    for args in READERS:
        assert cli(*args).code == 0, args
    assert cli("history", "--json").out.strip() == "[]"
    assert not data.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json"]


def test_a_log_being_created_reads_as_empty(plan, cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    log.touch()
    for args in READERS:
        run = cli(*args, "--log", str(log))
        assert run.code == 0, (args, run.err)
    assert log.read_bytes() == b""


# -- 6. damaged rows -------------------------------------------------------------------


@pytest.mark.parametrize("change", ["sets = 'garbage'", "sets = '[1000]'", "status = 'weird'",
                                    "feel = 'meh'", "target_reps = 'lots'"])
def test_a_damaged_row_is_an_error_naming_file_and_entry(plan, cli, tmp_path, change):
    log = tmp_path / "log.sqlite3"
    monday_uid = sessions(plan)[MONDAY]["uid"]
    assert cli("log", MONDAY, "--log", str(log)).code == 0
    sql(log, f"UPDATE entry SET {change} WHERE session = '{monday_uid}' "
             "AND exercise = 'reverse-fly'")
    snapshot = bytes_of(log)
    for args in READERS:
        run = cli(*args, "--log", str(log))
        assert run.code == 2, (args, run.out)
        assert_one_error(run.err, log, monday_uid, "reverse-fly", "damaged")
    assert snapshot() == snapshot.before


# -- 7. where the log is ------------------------------------------------------------------


def test_default_location_then_planner_log_then_log_option(plan, cli, tmp_path, monkeypatch):
    default = tmp_path / "xdg-data" / "band-planner" / "log.sqlite3"
    run = cli("log", MONDAY)
    assert run.code == 0, run.err
    assert default.is_file()
    assert pragma(default, "application_id") == store.APPLICATION_ID

    from_env = tmp_path / "env" / "training.sqlite3"
    monkeypatch.setenv("PLANNER_LOG", str(from_env))
    assert cli("log", WEDNESDAY).code == 0
    option = tmp_path / "option.sqlite3"
    assert cli("log", "2026-11-27", "--log", str(option)).code == 0  # --log wins

    monkeypatch.delenv("PLANNER_LOG")
    check_entries(history(cli, default), plan, [MONDAY])
    assert json.loads(cli("history", "--json").out) == history(cli, default)
    monkeypatch.setenv("PLANNER_LOG", str(from_env))
    check_entries(json.loads(cli("history", "--json").out), plan, [WEDNESDAY])
    check_entries(history(cli, option), plan, ["2026-11-27"])


def test_real_processes_find_the_log_the_same_way(plan, cli, tmp_path):
    data = tmp_path / "data-home"
    env = process_env(XDG_DATA_HOME=str(data))
    done = subprocess.run([*PLANNER, "log", MONDAY], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    default = data / "band-planner" / "log.sqlite3"
    check_entries(history(cli, default), plan, [MONDAY])
    elsewhere = tmp_path / "elsewhere.sqlite3"
    option = tmp_path / "option.sqlite3"
    for args in (("log", WEDNESDAY), ("log", "2026-11-27", "--log", str(option))):
        done = subprocess.run([*PLANNER, *args], cwd=tmp_path,
                              env={**env, "PLANNER_LOG": str(elsewhere)},
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
    check_entries(history(cli, elsewhere), plan, [WEDNESDAY])
    check_entries(history(cli, option), plan, ["2026-11-27"])
    check_entries(history(cli, default), plan, [MONDAY])


# -- 8. logging what is already logged -------------------------------------------------


def test_logging_again_is_refused_naming_replace_and_changes_nothing(plan, cli, tmp_path):
    log = tmp_path / "log.sqlite3"
    monday_uid = sessions(plan)[MONDAY]["uid"]
    assert cli("log", MONDAY, "--log", str(log), "--effort", "6").code == 0
    last = sessions(plan)[WEDNESDAY]["items"][-1]  # checked last: the others come first
    one = cli("log", WEDNESDAY, "--log", str(log), "--exercise", last["exercise"],
              "--reps", "9/9" if last["per_side"] else "9", "--feel", "hard")
    assert one.code == 0, one.err
    before, snapshot = history(cli, log), bytes_of(log)
    wal = Path(f"{log}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # checkpointed: the bytes say it all

    attempts = [
        ("log", MONDAY),  # the same session as prescribed again
        ("log", MONDAY, "--exercise", "reverse-fly", "--reps", "12"),
        ("log", MONDAY, "--exercise", "reverse-fly", "--skip"),
        ("log", MONDAY, "--effort", "9"),  # its effort is already 6
    ]
    for args in attempts:
        run = cli(*args, "--log", str(log))
        assert run.code == 2, (args, run.out)
        assert "Traceback" not in run.err and len(run.err.splitlines()) == 1, run.err
        assert run.err.startswith("Error: ") and "--replace" in run.err, run.err
        assert history(cli, log) == before, args
        assert snapshot() == snapshot.before, args

    run = cli("log", MONDAY, "--log", str(log), "--exercise", "reverse-fly", "--reps", "12",
              "--feel", "easy", "--replace")
    assert run.code == 0, run.err
    after = {(e["session"], e["exercise"]): e for e in history(cli, log)}
    assert after[(monday_uid, "reverse-fly")]["sets"] == [12]
    assert after[(monday_uid, "reverse-fly")]["feel"] == "easy"
    assert after[(monday_uid, "seated-row")] == next(
        e for e in before if e["exercise"] == "seated-row" and e["session"] == monday_uid)
    assert len(after) == len(before)
    assert cli("log", WEDNESDAY, "--log", str(log), "--replace").code == 0
    assert len(history(cli, log)) == len(before) + len(sessions(plan)[WEDNESDAY]["items"]) - 1
