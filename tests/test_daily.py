"""Daily use through the real CLI: `today`, finding the plan, a plan that follows the log,
logging a partly logged session, names for exercises, and the guards that keep work."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import error, load_json, ok

MONDAY = "2026-12-14"
START = ("--start", MONDAY, "--tz", "Europe/Berlin")


@pytest.fixture(autouse=True)
def on_monday(monkeypatch, tmp_path):
    monkeypatch.setenv("PLANNER_TODAY", MONDAY)
    monkeypatch.setenv("PLANNER_LOG", str(tmp_path / "log.sqlite3"))
    monkeypatch.setenv("PLANNER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("COLUMNS", "80")


@pytest.fixture
def plan(cli, tmp_path):
    ok(cli("build", *START, "--weeks", "6"))
    return load_json(tmp_path / "plan.json")


def sessions(doc):
    return [s for week in doc["weeks"] for s in week["sessions"]]


def on(doc, day):
    (session,) = [s for s in sessions(doc) if s["date"] == day]
    return session


def today_json(cli, *args):
    return json.loads(ok(cli("today", "--json", *args)).out)


# -- today ------------------------------------------------------------------------------------

def test_today_shows_the_session_with_everything_needed_to_do_it(cli, plan):
    said = ok(cli("today")).out
    session = on(plan, MONDAY)
    assert said.startswith("Today, Mon 14 Dec 2026 · week 1 of 6 · about ")
    assert f"of {session['minutes']} minutes" in said.splitlines()[0]
    names = {key: ex["name"] for key, ex in plan["exercises"].items()}
    for number, item in enumerate(session["items"], start=1):
        assert f"{number}. {names[item['exercise']]}: {item['sets']} × {item['reps']}" in said
    assert said.count("Set up: ") == said.count("Cue: ") == len(session["items"])
    assert "Log it: planner log today" in said
    assert max(len(line) for line in said.splitlines()) <= 80
    shown = today_json(cli)
    assert shown["today"] and shown["session"]["uid"] == session["uid"]
    assert [e["exercise"] for e in shown["exercises"]] == [i["exercise"] for i in session["items"]]
    assert all(e["setup"] and e["cue"] and e["last"] is None for e in shown["exercises"])


def test_today_after_logging_shows_the_next_session_and_what_was_done_last_time(cli, plan):
    session = on(plan, MONDAY)
    first = session["items"][0]
    ok(cli("log", "today", "--exercise", first["exercise"], "--reps", "12", "--feel", "easy"))
    ok(cli("log", "today"))
    said = ok(cli("today")).out
    assert said.startswith("Today's session is logged.\nNext, in 2 days, Wed 16 Dec 2026")
    nxt = today_json(cli)
    assert not nxt["today"] and nxt["session"]["date"] == "2026-12-16"
    again = [e for e in nxt["exercises"] if e["exercise"] == first["exercise"]]
    if again:  # an exercise of the block recurs within the week
        assert again[0]["last"]["sets"] == [12] and again[0]["last"]["feel"] == "easy"
        assert "Last time: Mon 14 Dec, 12 reps on" in said


def test_today_on_another_day_and_after_the_plan(cli, plan):
    shown = today_json(cli, "--on", "2026-12-15")
    assert shown["session"]["date"] == "2026-12-16"
    said = ok(cli("today", "--on", "2027-06-01")).out
    assert "No session on or after Tue 01 Jun 2027" in said and "--continue" in said
    error(cli("today", "--on", "someday"), "--on", "someday")


def test_today_says_when_the_plan_file_is_behind_the_log(cli, plan, tmp_path):
    ok(cli("log", "today", "--no-adapt", "--feel", "easy"))  # the plan does not follow
    said = " ".join(ok(cli("today", "--on", "2026-12-16")).out.split())
    assert "plan.json is behind the log" in said and "planner adapt" in said
    assert today_json(cli, "--on", "2026-12-16")["plan_behind_log"]


# -- the plan follows the log -----------------------------------------------------------------

def test_log_redoses_the_coming_sessions_and_says_what_changed(cli, plan, tmp_path):
    before = (tmp_path / "plan.json").read_bytes()
    first = on(plan, MONDAY)["items"][0]
    said = ok(cli("log", "today", "--exercise", first["exercise"], "--reps", "5",
                  "--feel", "hard")).out
    assert "plan.json follows the log:" in said
    name = plan["exercises"][first["exercise"]]["name"]
    changed = [line for line in said.splitlines() if name in line and "→" in line]
    assert changed[0].endswith("Wed 16 Dec  " + name + "  1×8 extra-light → 1×8 extra-light, "
                               "added slack"), said  # the next session: one load step down
    assert all(line.endswith("extra-light, added slack") for line in changed), said
    after = load_json(tmp_path / "plan.json")
    assert (tmp_path / "plan.json").read_bytes() != before
    later = [i for s in sessions(after) if s["date"] > MONDAY for i in s["items"]
             if i["exercise"] == first["exercise"]]
    assert later[0]["slack"] == "added" and later[0]["reps"] == 8  # a failed first set
    assert after["revision"] == 1
    for old, new in zip(sessions(plan), sessions(after), strict=True):
        assert (old["uid"], old["date"], old["start"]) == (new["uid"], new["date"], new["start"])
        assert [i["exercise"] for i in old["items"]] == [i["exercise"] for i in new["items"]]
        assert new["revision"] == (1 if old["items"] != new["items"] else 0)


def test_no_adapt_leaves_the_plan_file_as_it_is(cli, plan, tmp_path):
    before = (tmp_path / "plan.json").read_bytes()
    said = ok(cli("log", "today", "--feel", "easy", "--no-adapt")).out
    assert "follows the log" not in said
    assert (tmp_path / "plan.json").read_bytes() == before


def test_next_equals_the_plans_next_session_after_each_log(cli, plan, tmp_path, monkeypatch):
    days = ["2026-12-14", "2026-12-16", "2026-12-18", "2026-12-21"]
    feels = ["easy", "hard", "pain", "ok"]
    for day, feel in zip(days, feels, strict=True):
        monkeypatch.setenv("PLANNER_TODAY", day)
        ok(cli("log", "today", "--feel", feel))
        doc = load_json(tmp_path / "plan.json")
        doses = {d["exercise"]: d for d in json.loads(ok(cli("next", "--json")).out)}
        seen = set()
        for session in sessions(doc):
            if session["date"] <= day:
                continue
            for item in session["items"]:
                if item["exercise"] in seen:
                    continue
                seen.add(item["exercise"])
                got = doses[item["exercise"]]
                assert [got[k] for k in ("sets", "reps", "band", "slack")] == \
                    [item[k] for k in ("sets", "reps", "band", "slack")], (day, got["why"])
        assert seen


def test_pain_is_logged_and_says_to_stop_if_sharp(cli, plan):
    first = on(plan, MONDAY)["items"][0]
    said = ok(cli("log", "today", "--exercise", first["exercise"], "--feel", "pain")).out
    assert "felt pain" in said and "stop this exercise if the pain is sharp" in said
    got = {d["exercise"]: d for d in json.loads(ok(cli("next", "--json")).out)}
    assert "see a doctor or physiotherapist" in got[first["exercise"]]["why"]
    rows = json.loads(ok(cli("history", "--json")).out)
    assert rows[0]["feel"] == "pain"


def test_session_feel_and_effort_reach_every_exercise(cli, plan):
    ok(cli("log", "today", "--effort", "10"))
    rows = json.loads(ok(cli("history", "--json")).out)
    assert {row["feel"] for row in rows} == {"hard"}
    doses = {d["exercise"]: d for d in json.loads(ok(cli("next", "--json")).out)}
    for item in on(plan, MONDAY)["items"]:  # effort 10, every rep done: every exercise holds
        got = doses[item["exercise"]]
        assert (got["sets"], got["reps"]) == (item["sets"], item["reps"]), got["why"]


# -- logging that keeps work ------------------------------------------------------------------

def test_a_partly_logged_session_logs_the_rest_as_prescribed(cli, plan):
    items = on(plan, MONDAY)["items"]
    ok(cli("log", "today", "--exercise", items[0]["exercise"], "--reps", "12"))
    said = ok(cli("log", "today")).out
    assert "already logged, left as they were:" in said
    rows = json.loads(ok(cli("history", "--json")).out)
    assert len(rows) == len(items)
    assert [r["sets"] for r in rows if r["exercise"] == items[0]["exercise"]] == [[12]]
    error(cli("log", "today"), "already logged in full", "--replace")


def test_a_session_after_today_is_refused_and_nothing_is_written(cli, plan, tmp_path):
    before = (tmp_path / "plan.json").read_bytes()
    error(cli("log", "2026-12-16", "--skip"), "WHEN", "after today")
    assert not (tmp_path / "log.sqlite3").exists()
    assert (tmp_path / "plan.json").read_bytes() == before


def test_exercises_by_name_in_any_case_or_a_unique_beginning(cli, plan):
    items = on(plan, MONDAY)["items"]
    name = plan["exercises"][items[0]["exercise"]]["name"]
    ok(cli("log", "today", "--exercise", name.upper(), "--reps", "8"))
    rows = json.loads(ok(cli("history", "--json", "--exercise", name.lower())).out)
    assert [r["exercise"] for r in rows] == [items[0]["exercise"]]
    other = plan["exercises"][items[1]["exercise"]]["name"]
    ok(cli("log", "today", "--exercise", other[:-3].lower(), "--reps", "8"))
    error(cli("log", "today", "--exercise", "zzz-nothing", "--reps", "8"), "--exercise",
          "zzz-nothing")


def test_ask_offers_only_the_exercises_not_yet_logged(plan, tmp_path):
    """In a real terminal (a pty): one exercise logged, --ask asks about the rest."""
    import pty

    items = on(plan, MONDAY)["items"]
    env = {**os.environ}
    first = subprocess.run([sys.executable, "-m", "planner", "log", "today", "--exercise",
                            items[0]["exercise"], "--reps", "9"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=60)
    assert first.returncode == 0, first.stderr
    pid, fd = pty.fork()
    if pid == 0:  # the child: planner with the pty as its terminal
        os.chdir(tmp_path)
        os.execvpe(sys.executable, [sys.executable, "-m", "planner", "log", "today", "--ask"],
                   env)
    out = b""
    answers = iter([b"\r"] * (len(items) - 1))
    import select

    while True:
        ready, _, _ = select.select([fd], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
        if chunk.rstrip().endswith(b":"):
            os.write(fd, next(answers, b"\r"))
    _, status = os.waitpid(pid, 0)
    text = out.decode("utf-8", "replace")
    assert os.waitstatus_to_exitcode(status) == 0, text
    assert "Already logged, left as they are:" in text
    assert f"1/{len(items) - 1} " in text and f"{len(items)}/{len(items)}" not in text
    rows = json.loads(subprocess.run([sys.executable, "-m", "planner", "history", "--json"],
                                     cwd=tmp_path, env=env, capture_output=True, text=True,
                                     timeout=60).stdout)
    assert len(rows) == len(items)
    assert [r["sets"] for r in rows if r["exercise"] == items[0]["exercise"]] == [[9]]


# -- finding the plan, keeping it ---------------------------------------------------------------

def test_the_plan_is_found_from_anywhere(cli, tmp_path, monkeypatch):
    plans = tmp_path / "plans"
    config = tmp_path / "config.toml"
    config.write_text(f'[build]\nout_dir = "{plans}"\nweeks = 2\n', encoding="utf-8")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    ok(cli("build", *START))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert today_json(cli)["session"]["date"] == MONDAY
    ok(cli("log", "today"))
    assert "no dose changed" in ok(cli("adapt")).out or "adapted" in ok(cli("adapt")).out
    monkeypatch.setenv("PLANNER_CONFIG", str(tmp_path / "none.toml"))
    error(cli("today"), "plan.json", "no such plan file", "$PLANNER_PLAN")
    monkeypatch.setenv("PLANNER_PLAN", str(plans / "plan.json"))
    assert today_json(cli)["session"]["date"] == "2026-12-16"  # Monday's is logged


@pytest.mark.parametrize("kind, data, words", [
    ("pdf", b"%PDF-1.4\n", ["plan.pdf", "is a PDF", "plan.json"]),
    ("ics", b"BEGIN:VCALENDAR\r\n", ["plan.ics", "is a calendar file"]),
])
def test_a_sheet_or_calendar_given_as_the_plan_is_named(cli, tmp_path, kind, data, words):
    (tmp_path / f"plan.{kind}").write_bytes(data)
    error(cli("next", "--plan", f"plan.{kind}"), *words)


def test_build_refuses_to_start_over_a_plan_the_log_shaped(cli, plan, tmp_path):
    ok(cli("log", "today"))
    before = (tmp_path / "plan.json").read_bytes()
    error(cli("build", *START, "--weeks", "8"), "plan.json", "logged", "--continue", "--force")
    assert (tmp_path / "plan.json").read_bytes() == before
    ok(cli("build", *START, "--weeks", "8", "--force"))
    assert len(load_json(tmp_path / "plan.json")["weeks"]) == 8


def test_build_over_a_plan_another_log_shaped_is_refused_too(cli, plan, tmp_path):
    """Logged into another log file: the default log knows nothing of it, but the plan
    records what that log held, so a rebuild would still start it over."""
    ok(cli("log", "today", "--log", str(tmp_path / "other.sqlite3")))
    shaped = load_json(tmp_path / "plan.json")
    assert shaped["logged"] and shaped["revision"] > 0
    error(cli("build", *START), f"was adapted to the log (revision {shaped['revision']})",
          "--force")
    assert load_json(tmp_path / "plan.json") == shaped


def test_a_plan_rebuilt_with_other_settings_can_be_rebuilt_again(cli, plan, tmp_path):
    """A rebuild raises the revision of the sessions it changes (calendars need that), but
    the log has not shaped the plan, so the next rebuild needs no --force."""
    ok(cli("build", *START, "--weeks", "6", "--time", "18:00"))
    rebuilt = load_json(tmp_path / "plan.json")
    assert rebuilt["revision"] == 1 and "logged" not in rebuilt
    assert all(s["revision"] == 1 for s in sessions(rebuilt))
    ok(cli("build", *START, "--weeks", "6", "--time", "18:00"))
    assert load_json(tmp_path / "plan.json") == rebuilt
    ok(cli("build", *START, "--weeks", "6"))
    assert load_json(tmp_path / "plan.json")["revision"] == 2


def test_a_bad_planner_today_is_named(cli, plan, monkeypatch):
    monkeypatch.setenv("PLANNER_TODAY", "14/12/2026")
    error(cli("today"), "$PLANNER_TODAY", "YYYY-MM-DD")


def test_concurrent_logs_leave_the_plan_in_step_with_the_whole_log(plan, tmp_path):
    """Several `planner log` processes at once: nothing lost, and the plan file is the one
    the whole log gives."""
    items = on(plan, MONDAY)["items"]
    env = {**os.environ}
    procs = [subprocess.Popen([sys.executable, "-m", "planner", "log", "today", "--exercise",
                               item["exercise"], "--reps", "12/12" if item["per_side"] else "12",
                               "--feel", "easy", "-q"],
                              cwd=tmp_path, env=env, stderr=subprocess.PIPE, text=True)
             for item in items]
    for proc in procs:
        assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    rows = json.loads(subprocess.run([sys.executable, "-m", "planner", "history", "--json"],
                                     cwd=tmp_path, env=env, capture_output=True, text=True,
                                     timeout=60).stdout)
    assert len(rows) == len(items)
    followed = (tmp_path / "plan.json").read_bytes()
    # re-dosing again from the whole log changes nothing: the file is already in step
    again = subprocess.run([sys.executable, "-m", "planner", "adapt", "--from", "2026-12-15"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "no dose changed" in again.stdout
    assert (tmp_path / "plan.json").read_bytes() == followed


def test_help_starts_here_and_each_command_says_what_it_does_in_one_paragraph():
    import typer

    from planner.cli import app

    group = typer.main.get_command(app)
    assert "Start here: `planner init`" in (group.help or "")
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        first = (command.help or "").strip().split("\n\n")[0]
        assert first and "\n" not in first.strip(), (name, first)


@pytest.mark.parametrize("columns", [60, 80, 120])
def test_catalog_list_keeps_every_id_whole_at_any_width(cli, monkeypatch, columns):
    from planner.catalog import load_catalog

    monkeypatch.setenv("COLUMNS", str(columns))
    said = ok(cli("catalog", "list")).out
    assert max(len(line) for line in said.splitlines()) < columns
    words = said.split()
    assert all(key in words for key in load_catalog([]).exercises)


def test_refused_values_are_suggested_and_words_are_read_in_any_case(cli, plan, tmp_path):
    item = on(plan, MONDAY)["items"][0]
    error(cli("log", "today", "--exercise", item["exercise"], "--feel", "hrd"), "--feel",
          "did you mean 'hard'?")
    error(cli("export", "plan.json", "-f", "pdff"), "--format", "did you mean 'pdf'?")
    ok(cli("export", "plan.json", "-f", "PDF", "-q"))
    assert (tmp_path / "plan.pdf").exists()
    ok(cli("log", "today", "--exercise", item["exercise"], "--band", "Extra-Light", "--slack",
           "Added", "--feel", "OK", "-q"))
    [row] = json.loads(ok(cli("history", "--json")).out)
    assert (row["band"], row["slack"], row["feel"]) == ("extra-light", "added", "ok")


def test_ask_answers_that_are_not_words_it_knows_get_a_suggestion(plan):
    from planner.log.asking import answer_entry
    from planner.log.entry import LogError
    from planner.plan_file import read_plan

    the_plan = read_plan(Path("plan.json"))
    week, session = next(iter(the_plan.sessions()))
    with pytest.raises(LogError, match="did you mean 'hard'"):
        answer_entry(the_plan, week, session, session.items[0], "12 hrd")
    assert answer_entry(the_plan, week, session, session.items[0], "12 HARD").feel == "hard"


@pytest.mark.parametrize("given, start", [("7pm", "19:00"), ("18.30", "18:30"),
                                          ("6:45 am", "06:45"), ("0700", "07:00")])
def test_times_and_days_as_people_write_them(cli, tmp_path, given, start):
    ok(cli("build", "--start", MONDAY, "--tz", "UTC", "--weeks", "1", "--time", given,
           "--days", "mon wed, Friday"))
    doc = load_json(tmp_path / "plan.json")
    assert [s["start"][11:16] for s in sessions(doc)] == [start] * 3
    assert [s["date"] for s in sessions(doc)] == ["2026-12-14", "2026-12-16", "2026-12-18"]


@pytest.mark.parametrize("given", ["7", "13pm", "25:00", "noon"])
def test_a_time_that_is_not_one_is_refused(cli, given):
    error(cli("build", "--start", MONDAY, "--time", given), "--time", repr(given))
