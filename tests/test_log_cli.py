"""The training log end to end, as a user runs it: `planner log`, `history`, `next`, `adapt`,
`import` and `build --continue`, through the in-process `cli` fixture in a temporary folder.

Every test writes its log inside tmp_path (`--log`, or PLANNER_LOG where that is the point),
and the default log folder is moved into tmp_path too, so the user's real log is never touched.
Plans are built with a fixed start (Monday 2026-11-23) and zone.
"""

import csv
import io
import json
import os
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest

from rendering import texts

from conftest import error, load_json, ok

START = ("--start", "2026-11-23", "--tz", "Europe/Berlin")
LOG = "log.sqlite3"  # relative: the cli fixture runs in tmp_path
TODAY = date(2026, 12, 1)  # the Tuesday after the first logged week
NOTE = "背中が少し張る · Καλή προπόνηση"
CONTRACT_KEYS = ("date", "session", "exercise", "status", "sets", "band", "slack", "feel",
                 "target", "source")
DOSE = ("sets", "reps", "band", "slack")


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """No test reaches the user's log; "today" is fixed, since `next` and WHEN read the clock."""
    import planner.log.when as when

    monkeypatch.delenv("PLANNER_LOG", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("COLUMNS", "200")  # tables fit lines to the terminal: fix its width
    monkeypatch.setattr(when, "today_in", lambda plan: TODAY)
    yield
    assert not (tmp_path / "xdg-data").exists(), "a command fell back to the default log"


@pytest.fixture
def plan(cli, tmp_path):
    """`planner build` with a fixed start: plan.json in tmp_path, returned as a dict."""
    ok(cli("build", *START))
    return load_json(tmp_path / "plan.json")


# -- helpers ---------------------------------------------------------------------------------

def sessions(doc):
    return [s for week in doc["weeks"] for s in week["sessions"]]


def session_on(doc, day):
    (session,) = [s for s in sessions(doc) if s["date"] == day]
    return session


def dose(item):
    return {key: item[key] for key in DOSE}


def entry(session, item, status="done", sets=None, band=None, slack=None, feel=None):
    """The history --json object (contract keys) of one logged plan item."""
    if status == "skipped":
        sets, band, slack, feel = [], None, None, None
    elif sets is None:  # as prescribed
        sets = [[item["reps"]] * 2 if item["per_side"] else item["reps"]
                for _ in range(item["sets"])]
    return {"date": session["date"], "session": session["uid"], "exercise": item["exercise"],
            "status": status, "sets": sets,
            "band": None if status == "skipped" else band or item["band"],
            "slack": None if status == "skipped" else slack or item["slack"],
            "feel": feel, "target": dose(item), "source": "cli"}


def history(cli, *args, log=LOG):
    return ok(cli("history", "--json", *args, "--log", log)).out


def contract_rows(text):
    rows = json.loads(text)
    for row in rows:
        assert set(CONTRACT_KEYS) <= set(row), row
    return [{key: row[key] for key in CONTRACT_KEYS} for row in rows]


def by_key(rows):
    return sorted(rows, key=lambda r: (r["date"], r["session"], r["exercise"]))


def next_doses(cli, *args, log=LOG):
    doses = json.loads(ok(cli("next", "--json", *args, "--log", log)).out)
    for d in doses:
        assert set(d) == {"exercise", "sets", "reps", "band", "slack", "why"}, d
    return {d["exercise"]: d for d in doses}


def log_week(cli, doc, log=LOG):
    """A first week as a user logs it; returns what history must then say. The plan follows
    the log, so each day's targets are read from plan.json as it is before that day's log."""
    def on(day):
        return session_on(load_json(Path("plan.json")), day)

    expected = []
    mon = on("2026-11-23")
    said = ok(cli("log", "2026-11-23", "--log", log)).out
    assert said.startswith("logged Mon 23 Nov 2026 (week 1)\n")
    expected += [entry(mon, item, feel="ok") for item in mon["items"]]

    wed = on("2026-11-25")
    two_sided = [item for item in wed["items"] if not item["per_side"]]
    assert len(two_sided) >= 3
    hit, hard, skipped = two_sided[:3]
    said = ok(cli("log", "2026-11-25", "--exercise", hit["exercise"], "--reps", "12,12,11",
                  "--feel", "easy", "--log", log)).out
    assert "12,12,11" in said and "felt easy" in said
    expected.append(entry(wed, hit, sets=[12, 12, 11], feel="easy"))
    wed = on("2026-11-25")
    hard = next(item for item in wed["items"] if item["exercise"] == hard["exercise"])
    said = ok(cli("log", "2026-11-25", "--exercise", hard["exercise"], "--reps",
                  str(hard["reps"]), "--band", "light", "--slack", "reduced", "--feel", "hard",
                  "--effort", "7", "--minutes", "30", "--note", NOTE, "--log", log)).out
    assert "light, reduced slack" in said and "felt hard" in said
    expected.append(entry(wed, hard, sets=[hard["reps"]], band="light", slack="reduced",
                          feel="hard"))
    wed = on("2026-11-25")
    skipped = next(item for item in wed["items"] if item["exercise"] == skipped["exercise"])
    ok(cli("log", "2026-11-25", "--exercise", skipped["exercise"], "--skip", "--log", log))
    expected.append(entry(wed, skipped, status="skipped"))

    fri = on("2026-11-27")
    said = ok(cli("log", "2026-11-27", "--skip", "--log", log)).out
    assert said.count("skipped") == len(fri["items"])
    expected += [entry(fri, item, status="skipped") for item in fri["items"]]

    mon2 = on("2026-11-30")
    one_sided = [item for item in mon2["items"] if item["per_side"]]
    assert one_sided, "the plan should have a one-sided exercise on 2026-11-30"
    side = one_sided[0]
    said = ok(cli("log", "2026-11-30", "--exercise", side["exercise"], "--reps", "10/9,10/10",
                  "--feel", "ok", "--log", log)).out
    assert "10/9,10/10" in said
    expected.append(entry(mon2, side, sets=[[10, 9], [10, 10]], feel="ok"))
    mon2 = on("2026-11-30")
    felt_hard = next(item for item in mon2["items"] if not item["per_side"])
    ok(cli("log", "2026-11-30", "--exercise", felt_hard["exercise"], "--feel", "hard",
           "--log", log))
    expected.append(entry(mon2, felt_hard, feel="hard"))
    return SimpleNamespace(expected=expected, hit=hit, hard=hard, skipped=skipped, side=side,
                           felt_hard=felt_hard, noted=wed)


def log_files(folder: Path, name=LOG):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(name))


# -- 1. a week of logging --------------------------------------------------------------------

def test_a_week_of_logging_is_exactly_what_history_json_says(cli, plan):
    week = log_week(cli, plan)
    text = history(cli)
    rows = contract_rows(text)
    assert by_key(rows) == by_key(week.expected)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)  # date order
    side = next(r for r in rows if r["exercise"] == week.side["exercise"]
                and r["date"] == "2026-11-30")
    assert side["sets"] == [[10, 9], [10, 10]]
    skipped = next(r for r in rows if r["exercise"] == week.skipped["exercise"])
    assert skipped["sets"] == [] and skipped["feel"] is None
    # effort, minutes and note belong to the session: on each of its rows, non-Latin intact
    for row in json.loads(text):
        said = (row.get("effort"), row.get("minutes"), row.get("note"))
        assert said == ((7, 30, NOTE) if row["session"] == week.noted["uid"] else
                        (None, None, None)), row
    assert NOTE in text  # written as text, not \u escapes


def test_logging_again_needs_replace_and_replace_overwrites(cli, plan):
    mon = session_on(plan, "2026-11-23")
    first = mon["items"][0]
    ok(cli("log", mon["uid"], "--log", LOG))  # WHEN may be a session uid
    before = history(cli)
    line = error(cli("log", "2026-11-23", "--exercise", first["exercise"], "--reps", "5",
                     "--log", LOG), "--replace", first["exercise"])
    assert "2026-11-23" in line
    assert history(cli) == before
    error(cli("log", "2026-11-23", "--skip", "--log", LOG), "--replace")
    assert history(cli) == before
    ok(cli("log", "2026-11-23", "--exercise", first["exercise"], "--reps", "5", "--replace",
           "--log", LOG))
    rows = contract_rows(history(cli))
    assert [r for r in rows if r["exercise"] == first["exercise"]] == [
        entry(mon, first, sets=[5])]
    assert len(rows) == len(mon["items"])


def test_a_note_on_a_session_logged_in_full_keeps_its_entries(cli, plan):
    mon = session_on(plan, "2026-11-23")
    first = mon["items"][0]
    ok(cli("log", "2026-11-23", "--log", LOG))
    ok(cli("log", "2026-11-23", "--exercise", first["exercise"], "--reps", "12", "--feel", "easy",
           "--replace", "--log", LOG))
    entries = [{k: v for k, v in row.items() if k not in ("effort", "minutes", "note")}
               for row in json.loads(history(cli))]
    ok(cli("log", "2026-11-23", "--note", "knee ok", "--effort", "5", "--log", LOG))
    rows = json.loads(history(cli))
    assert [{k: v for k, v in row.items() if k not in ("effort", "minutes", "note")}
            for row in rows] == entries  # the detailed entry is still 12, easy
    assert {(row["effort"], row["note"]) for row in rows} == {(5, "knee ok")}
    error(cli("log", "2026-11-23", "--effort", "6", "--log", LOG), "--replace", "effort")
    ok(cli("log", "2026-11-23", "--effort", "6", "--replace", "--log", LOG))
    rows = json.loads(history(cli))
    assert {(row["effort"], row["note"]) for row in rows} == {(6, "knee ok")}
    assert [row["sets"] for row in rows if row["exercise"] == first["exercise"]] == [[12]]


def test_when_words_use_the_plans_today(cli, plan):
    # TODAY is Tuesday 2026-12-01: no session; yesterday is Monday 2026-11-30.
    error(cli("log", "--log", LOG), "2026-12-01", "2026-11-30", "2026-12-02")
    assert not (Path(LOG)).exists()
    said = ok(cli("log", "yesterday", "--log", LOG)).out
    assert said.startswith("logged Mon 30 Nov 2026 (week 2)")
    assert {r["date"] for r in contract_rows(history(cli))} == {"2026-11-30"}


def test_planner_log_env_points_at_the_log_and_log_option_wins(cli, plan, tmp_path, monkeypatch):
    monkeypatch.setenv("PLANNER_LOG", str(tmp_path / "env.sqlite3"))
    ok(cli("log", "2026-11-23"))
    assert (tmp_path / "env.sqlite3").exists()
    logged = json.loads(ok(cli("history", "--json")).out)
    assert len(logged) == len(session_on(plan, "2026-11-23")["items"])
    assert json.loads(ok(cli("history", "--json", "--log", "other.sqlite3")).out) == []
    assert not (tmp_path / "other.sqlite3").exists()  # reading never creates the log


# -- 2. history as a table, and its filters --------------------------------------------------

def test_history_table_and_filters(cli, plan):
    week = log_week(cli, plan)
    table = ok(cli("history", "--log", LOG)).out
    for day in ("2026-11-23", "2026-11-25", "2026-11-27", "2026-11-30"):
        assert day in table
    for expected in week.expected:
        assert expected["exercise"] in table
    assert "12 12 11" in table and "10/9 10/10" in table and "skipped" in table
    assert "light, reduced slack" in table
    assert "effort 7/10" in table and "30 min" in table and NOTE in table

    only = contract_rows(history(cli, "--exercise", week.hit["exercise"]))
    assert only == [e for e in week.expected if e["exercise"] == week.hit["exercise"]]
    between = contract_rows(history(cli, "--since", "2026-11-25", "--until", "2026-11-27"))
    assert by_key(between) == by_key(
        [e for e in week.expected if "2026-11-25" <= e["date"] <= "2026-11-27"])
    since = contract_rows(history(cli, "--since", "2026-11-30"))
    assert {r["date"] for r in since} == {"2026-11-30"} and len(since) == 2
    until = contract_rows(history(cli, "--until", "2026-11-23"))
    assert {r["date"] for r in until} == {"2026-11-23"}
    error(cli("history", "--exercise", "no-such-move", "--log", LOG), "--exercise", "no-such-move")

    error(cli("history", "--json", "--csv", "--log", LOG), "--json", "--csv")
    error(cli("history", "--since", "2026-11-30", "--until", "2026-11-23", "--log", LOG),
          "--since")


# -- 3. CSV out and back in ------------------------------------------------------------------

def write_csv(path: Path, text: str):
    path.write_bytes(text.encode("utf-8"))


def csv_rows(path: Path):
    return list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))


def edited(path: Path, change):
    """Rewrite a CSV after change(header, rows) edited its rows in place."""
    header, *rows = csv_rows(path)
    change(header, rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    write_csv(path, out.getvalue())


def row_index(header, rows, **match):
    """The index in `rows` of the first row whose columns equal `match`."""
    cols = {name: header.index(name) for name in match}
    return next(i for i, row in enumerate(rows)
                if all(row[cols[name]] == value for name, value in match.items()))


def test_history_csv_has_a_header_and_one_row_per_set(cli, plan, tmp_path):
    week = log_week(cli, plan)
    write_csv(tmp_path / "history.csv", ok(cli("history", "--csv", "--log", LOG)).out)
    header, *rows = csv_rows(tmp_path / "history.csv")
    assert header[:6] == ["date", "session", "exercise", "status", "set", "reps"]
    assert len(rows) == sum(len(e["sets"]) or 1 for e in week.expected)
    col = {name: header.index(name) for name in header}
    hit = [r for r in rows if r[col["exercise"]] == week.hit["exercise"]
           and r[col["date"]] == "2026-11-25"]
    assert [(r[col["set"]], r[col["reps"]]) for r in hit] == [("1", "12"), ("2", "12"), ("3", "11")]
    side = [r for r in rows if r[col["exercise"]] == week.side["exercise"]
            and r[col["date"]] == "2026-11-30"]
    assert [(r[col["left"]], r[col["right"]]) for r in side] == [("10", "9"), ("10", "10")]
    skipped = [r for r in rows if r[col["exercise"]] == week.skipped["exercise"]
               and r[col["date"]] == "2026-11-25"]
    assert len(skipped) == 1 and skipped[0][col["status"]] == "skipped"


def test_csv_import_into_an_empty_log_is_identical_and_idempotent(cli, plan, tmp_path):
    log_week(cli, plan)
    original = history(cli)
    write_csv(tmp_path / "history.csv", ok(cli("history", "--csv", "--log", LOG)).out)
    said = ok(cli("import", "history.csv", "--log", "copy.sqlite3")).out
    assert "added" in said and "added 0 " not in said
    assert history(cli, log="copy.sqlite3") == original
    again = ok(cli("import", "history.csv", "--log", "copy.sqlite3")).out
    assert "added 0 entries" in again
    assert history(cli, log="copy.sqlite3") == original
    # into the log it came from: nothing new either
    assert "added 0 entries" in ok(cli("import", "history.csv", "--log", LOG)).out
    assert history(cli) == original


def week_exported_with_one_set_edited(cli, plan, tmp_path):
    """Log a week, export it to history.csv, and change the third set of its hit to 9 reps."""
    week = log_week(cli, plan)
    path = tmp_path / "history.csv"
    write_csv(path, ok(cli("history", "--csv", "--log", LOG)).out)

    def fewer_reps(header, rows):
        i = row_index(header, rows, exercise=week.hit["exercise"], set="3")
        rows[i][header.index("reps")] = "9"

    edited(path, fewer_reps)
    return week


def test_csv_that_contradicts_the_log_needs_replace(cli, plan, tmp_path):
    week = week_exported_with_one_set_edited(cli, plan, tmp_path)
    original = history(cli)
    error(cli("import", "history.csv", "--log", LOG), "--replace", week.hit["exercise"])
    assert history(cli) == original
    said = ok(cli("import", "history.csv", "--dry-run", "--replace", "--log", LOG)).out
    assert "would" in said and week.hit["exercise"] in said
    assert history(cli) == original
    ok(cli("import", "history.csv", "--replace", "--log", LOG))
    rows = contract_rows(history(cli))
    changed = [r for r in rows if r["exercise"] == week.hit["exercise"]
               and r["date"] == "2026-11-25"]
    assert [r["sets"] for r in changed] == [[12, 12, 9]]
    assert by_key([r for r in rows if r["exercise"] != week.hit["exercise"]]) == by_key(
        [e for e in week.expected if e["exercise"] != week.hit["exercise"]])


def test_dry_run_replace_reports_only_what_would_change(cli, plan, tmp_path):
    week = week_exported_with_one_set_edited(cli, plan, tmp_path)
    said = ok(cli("import", "history.csv", "--dry-run", "--replace", "--log", LOG)).out
    assert "would replace 1," in said
    assert [line for line in said.splitlines() if line.startswith("  replace")] == [
        f"  replace  2026-11-25 {week.hit['exercise']}"]


def test_dry_run_changes_nothing_and_creates_no_log(cli, plan, tmp_path):
    week = log_week(cli, plan)
    write_csv(tmp_path / "history.csv", ok(cli("history", "--csv", "--log", LOG)).out)
    said = ok(cli("import", "history.csv", "--dry-run", "--log", "fresh.sqlite3")).out
    assert f"would add {len(week.expected)} entries" in said
    assert log_files(tmp_path, "fresh.sqlite3") == []
    before = history(cli)
    said = ok(cli("import", "history.csv", "--dry-run", "--log", LOG)).out
    assert "would add 0 entries" in said
    assert history(cli) == before


def test_csv_with_a_byte_order_mark_imports(cli, plan, tmp_path):
    log_week(cli, plan)
    original = history(cli)
    text = ok(cli("history", "--csv", "--log", LOG)).out
    (tmp_path / "excel.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    ok(cli("import", "excel.csv", "--log", "copy.sqlite3"))
    assert history(cli, log="copy.sqlite3") == original


# -- 4. next ---------------------------------------------------------------------------------

def first_items(doc):
    first = {}
    for session in sessions(doc):
        for item in session["items"]:
            first.setdefault(item["exercise"], item)
    return first


def upcoming_items(doc, today=str(TODAY)):
    """Each exercise's item in its first session on or after `today`."""
    found = {}
    for session in sessions(doc):
        if session["date"] >= today:
            for item in session["items"]:
                found.setdefault(item["exercise"], item)
    return found


def test_next_without_a_log_gives_each_exercise_its_coming_dose(cli, plan, tmp_path):
    doses = next_doses(cli)
    coming = upcoming_items(plan)
    assert set(doses) == set(first_items(plan))
    for exercise, item in coming.items():
        assert {k: doses[exercise][k] for k in DOSE} == dose(item)
        assert "no log yet" in doses[exercise]["why"]
    assert log_files(tmp_path) == []  # reading never creates the log


def test_next_steps_after_a_session_done_and_holds_after_hard(cli, plan):
    mon = session_on(plan, "2026-11-23")
    ok(cli("log", "2026-11-23", "--log", LOG))
    doses = next_doses(cli)
    for item in mon["items"]:
        assert (item["sets"], item["reps"]) == (1, 8)
        got = doses[item["exercise"]]
        assert {k: got[k] for k in DOSE} == {**dose(item), "reps": 10}  # 1 x 8 -> 1 x 10
        assert "1 × 8 done (ok)" in got["why"] and "next 1 × 10" in got["why"]
    wed = session_on(load_json(Path("plan.json")), "2026-11-25")
    hard = next(i for i in wed["items"] if "no log yet" in doses[i["exercise"]]["why"])
    ok(cli("log", "2026-11-25", "--exercise", hard["exercise"], "--feel", "hard", "--log", LOG))
    got = next_doses(cli)[hard["exercise"]]
    assert {k: got[k] for k in DOSE} == dose(hard)  # every rep done, hard: hold
    assert "hard but every rep done: hold" in got["why"]
    table = " ".join(ok(cli("next", "--log", LOG)).out.split())  # the why column wraps
    assert "hard but every rep done" in table and "next 1 × 10" in table


def test_next_follows_a_week_of_logging(cli, plan):
    week = log_week(cli, plan)
    doses = next_doses(cli)
    # Friday's session, skipped, keeps the doses Wednesday gave
    hit = doses[week.hit["exercise"]]  # 12,12,11 easy against 1 x 8: 3 x 10 done, one rung up
    assert (hit["sets"], hit["reps"], hit["band"], hit["slack"]) == (3, 12, "extra-light", "normal")
    hard = doses[week.hard["exercise"]]  # every rep, hard, on light/reduced: held where done
    assert (hard["band"], hard["slack"], hard["sets"], hard["reps"]) == (
        "light", "reduced", 1, week.hard["reps"])
    rows = json.loads(history(cli))
    last = {row["exercise"]: row for row in rows}  # date order: each exercise's last entry
    for exercise, said in ((week.hit["exercise"], hit["why"]),
                           (week.hard["exercise"], hard["why"])):
        if last[exercise]["status"] == "skipped":
            assert "skipped" in said
        elif exercise == week.hard["exercise"]:
            assert "hard but every rep done" in said
        else:
            assert "you did 12,12,11 (easy)" in said
    side = doses[week.side["exercise"]]  # 10/9 against 1 x 10: short, same again
    assert (side["sets"], side["reps"]) == (week.side["sets"], week.side["reps"]) == (1, 10)
    assert "not reached" in side["why"] and "same again" in side["why"]
    skipped = doses[week.skipped["exercise"]]
    assert (skipped["sets"], skipped["reps"]) == (week.skipped["sets"], week.skipped["reps"])
    assert "skipped" in skipped["why"]


# -- 5. adapt --------------------------------------------------------------------------------

def logged_sessions(cli):
    return {row["session"] for row in json.loads(history(cli))}


def assert_same_shape(old, new):
    """Uid, date, start and exercise choice (everything but the doses) stay."""
    for key in ("uid", "date", "start", "timezone", "minutes", "focus"):
        assert new[key] == old[key], key
    assert [i["exercise"] for i in new["items"]] == [i["exercise"] for i in old["items"]]
    for a, b in zip(old["items"], new["items"], strict=True):
        assert {k: v for k, v in a.items() if k not in DOSE} == \
            {k: v for k, v in b.items() if k not in DOSE}


FROM = "2026-11-30"  # a logged session (a partly logged one) is on that day


def test_adapt_redoses_later_sessions_from_the_log(cli, plan, tmp_path):
    week = log_week(cli, plan)
    nxt = next_doses(cli)
    # a plan that did not follow the log: the plan as built, beside the same log
    (tmp_path / "plan.json").write_text(json.dumps(plan), encoding="utf-8")
    logged = logged_sessions(cli)
    logged_exercises = {e["exercise"] for e in week.expected}
    before = load_json(tmp_path / "plan.json")
    said = ok(cli("adapt", "plan.json", "--from", FROM, "--log", LOG)).out
    after = load_json(tmp_path / "plan.json")
    assert after["revision"] == before["revision"] + 1
    assert f"plan revision {after['revision']}" in said
    assert [w["number"] for w in after["weeks"]] == [w["number"] for w in before["weeks"]]

    assert session_on(before, FROM)["uid"] in logged  # a logged session on --from stays
    changed = 0
    for old, new in zip(sessions(before), sessions(after), strict=True):
        assert_same_shape(old, new)
        if old["date"] < FROM or old["uid"] in logged:
            assert new == old
        elif new != old:
            changed += 1
            assert new["revision"] == after["revision"]
        else:
            assert new["revision"] == old["revision"]
        for a, b in zip(old["items"], new["items"], strict=True):
            if a["exercise"] not in logged_exercises:
                assert b == a  # nothing logged: the plan's dose stays
    assert changed

    # the first adapted session of each logged exercise has the dose `next` gives,
    # the rest of that week the same, and the week after one projected step more
    checked = {"first": 0, "step": 0}
    for exercise in logged_exercises:
        later = [(w["number"], s) for w in after["weeks"] for s in w["sessions"]
                 if s["date"] >= FROM and s["uid"] not in logged
                 and any(i["exercise"] == exercise for i in s["items"])]
        if not later:
            continue
        want = {k: nxt[exercise][k] for k in DOSE}
        first_week = later[0][0]
        for number, session in later:
            item = next(i for i in session["items"] if i["exercise"] == exercise)
            if number == first_week:
                assert dose(item) == want, (exercise, session["date"])
                checked["first"] += 1
            elif number == first_week + 1 and want["reps"] < 12:  # 8 -> 10 -> 12
                assert dose(item) == {**want, "reps": want["reps"] + 2}, (exercise, session["date"])
                checked["step"] += 1
    assert checked["first"] >= len(logged_exercises) and checked["step"] > 0
    # and what the log last holds for each exercise, for the sheets' "last time" hints
    assert after["logged"] == last_logged(history(cli), FROM)

    # same log, same --from: byte-identical, no second revision
    adapted = (tmp_path / "plan.json").read_bytes()
    again = ok(cli("adapt", "plan.json", "--from", FROM, "--log", LOG)).out
    assert "no dose changed" in again
    assert (tmp_path / "plan.json").read_bytes() == adapted


def last_logged(history_json: str, before: str) -> dict:
    """Each exercise's last session logged as done before `before`, as the plan holds it."""
    last = {}
    for row in json.loads(history_json):
        if row["status"] == "done" and row["date"] < before:
            last[row["exercise"]] = {key: row[key] for key in ("date", "sets", "band", "slack",
                                                               "feel")}
    assert last
    return dict(sorted(last.items()))


def test_adapted_sheets_say_what_was_done_last_time(cli, plan, tmp_path):
    log_week(cli, plan)
    ok(cli("adapt", "plan.json", "--from", FROM, "--log", LOG, "--format", "pdf"))
    after = load_json(tmp_path / "plan.json")
    pages = texts(tmp_path / "plan.pdf")
    first_sheet = next(n for n, text in enumerate(pages) if "training log" in text)
    shown = 0
    for n, session in enumerate(sessions(after)):
        if session["date"] < FROM:
            continue
        text = pages[first_sheet + n]
        for item in session["items"]:
            done = after["logged"].get(item["exercise"])
            if done is None or done["date"] >= session["date"]:
                continue
            earlier = [s for s in sessions(after) if done["date"] < s["date"] < session["date"]
                       and any(i["exercise"] == item["exercise"] for i in s["items"])]
            if earlier:
                continue  # a later planned session is nearer: the plan's dose is shown
            day = date.fromisoformat(done["date"])
            reps = ",".join("/".join(map(str, s)) if isinstance(s, list) else str(s)
                            for s in done["sets"])
            want = f"did {day.day} {day.strftime('%b')}: {reps}" + (
                f" ({done['feel']})" if done["feel"] else "")
            assert want in text, (session["date"], item["exercise"], want)
            shown += 1
    assert shown >= 1


def test_adapt_with_an_empty_log_changes_nothing_and_creates_no_log(cli, plan, tmp_path):
    before = (tmp_path / "plan.json").read_bytes()
    said = ok(cli("adapt", "plan.json", "--from", "2026-11-23", "--log", LOG)).out
    assert "no dose changed" in said
    assert (tmp_path / "plan.json").read_bytes() == before
    assert log_files(tmp_path) == []


def ics_events(path: Path):
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): (int(event.get("SEQUENCE", 0)), event.decoded("DTSTAMP"))
            for event in calendar.walk("VEVENT")}


def test_adapt_ics_bumps_sequence_and_dtstamp_of_changed_sessions(cli, tmp_path):
    ok(cli("build", *START, "--format", "json", "--format", "ics"))
    built = ics_events(tmp_path / "plan.ics")
    before = load_json(tmp_path / "plan.json")
    log_week(cli, before)
    said = ok(cli("adapt", "plan.json", "--from", FROM, "--format", "ics", "--log", LOG)).out
    assert "plan.ics" in said
    after = load_json(tmp_path / "plan.json")
    adapted = ics_events(tmp_path / "plan.ics")
    assert set(adapted) == set(built)
    changed = {new["uid"] for old, new in zip(sessions(before), sessions(after), strict=True) if old != new}
    assert changed
    for uid, (sequence, stamp) in adapted.items():
        old_sequence, old_stamp = built[uid]
        assert isinstance(stamp, datetime)
        if uid in changed:
            assert sequence > old_sequence, uid
            assert stamp > old_stamp, uid
        else:
            assert (sequence, stamp) == (old_sequence, old_stamp), uid


# -- 6. build --continue ---------------------------------------------------------------------

def test_build_continue_starts_each_exercise_where_the_log_leaves_it(cli, plan, tmp_path):
    log_week(cli, plan)
    rows = json.loads(history(cli))
    last_done = {}
    for row in rows:
        if row["status"] == "done":
            last_done[row["exercise"]] = date.fromisoformat(row["date"])
    ok(cli("build", "--start", "2026-12-02", "--weeks", "2", "--tz", "Europe/Berlin",
           "--continue", "--log", LOG, "--out-dir", "continued"))
    doc = load_json(tmp_path / "continued" / "plan.json")
    first = first_items(doc)
    first_day = {}
    for session in sessions(doc):
        for item in session["items"]:
            first_day.setdefault(item["exercise"], date.fromisoformat(session["date"]))
    from_new = next_doses(cli, "--plan", "continued/plan.json")
    from_old = next_doses(cli)
    logged = {row["exercise"] for row in rows}
    assert logged <= set(first)
    for exercise in logged:
        if exercise in last_done:  # within 20 days: no break (R7) in between
            assert (first_day[exercise] - last_done[exercise]).days <= 20
        want = {k: from_new[exercise][k] for k in DOSE}
        assert dose(first[exercise]) == want, exercise
        assert {k: from_old[exercise][k] for k in DOSE} == want, exercise
    assert {dose(first[e])["band"] for e in logged} >= {"extra-light", "light"}  # not vacuous
    assert any(dose(first[e])["reps"] == 10 for e in logged)
    assert doc["logged"] == last_logged(history(cli), "2026-12-02")


def test_build_continue_needs_a_log_and_log_needs_continue(cli, tmp_path):
    error(cli("build", *START, "--continue", "--log", LOG, "--out-dir", "a"),
          "--continue", LOG)
    assert not (tmp_path / "a").exists() and log_files(tmp_path) == []
    error(cli("build", *START, "--continue", "--out-dir", "b"), "--continue")  # default log
    assert not (tmp_path / "b").exists()
    error(cli("build", *START, "--log", LOG, "--out-dir", "c"), "--log", "--continue")
    assert not (tmp_path / "c").exists() and log_files(tmp_path) == []


# -- 7. bad input ----------------------------------------------------------------------------

def placeholders(doc):
    wed = session_on(doc, "2026-11-25")
    mon2 = session_on(doc, "2026-11-30")
    in_wed = {i["exercise"] for i in wed["items"]}
    return {
        "{two}": next(i["exercise"] for i in wed["items"] if not i["per_side"]),
        "{one}": next(i["exercise"] for i in mon2["items"] if i["per_side"]),
        "{absent}": next(e for e in doc["exercises"] if e not in in_wed),
    }


BAD_LOG = {
    "reps-not-numbers": (["2026-11-25", "--exercise", "{two}", "--reps", "12,x"], ["--reps", "x"]),
    "reps-word": (["2026-11-25", "--exercise", "{two}", "--reps", "twelve"], ["--reps", "twelve"]),
    "reps-negative": (["2026-11-25", "--exercise", "{two}", "--reps=-3"], ["--reps", "-3"]),
    "reps-over-100": (["2026-11-25", "--exercise", "{two}", "--reps", "12,101"],
                      ["--reps", "101", "100"]),
    "left-right-for-two-sided": (["2026-11-25", "--exercise", "{two}", "--reps", "10/9,10/10"],
                                 ["--reps", "left/right"]),
    "plain-number-for-one-sided": (["2026-11-30", "--exercise", "{one}", "--reps", "10,10"],
                                   ["--reps", "each side"]),
    "more-than-10-sets": (["2026-11-25", "--exercise", "{two}", "--reps", ",".join(["8"] * 11)],
                          ["--reps", "11 sets", "10"]),
    "unknown-exercise": (["2026-11-25", "--exercise", "no-such-move", "--reps", "8"],
                         ["--exercise", "no-such-move"]),
    "exercise-not-in-session": (["2026-11-25", "--exercise", "{absent}", "--reps", "8"],
                                ["--exercise", "{absent}", "2026-11-25"]),
    "band-not-in-plan": (["2026-11-25", "--exercise", "{two}", "--band", "gold"],
                         ["--band", "gold", "extra-light"]),
    "unknown-slack": (["2026-11-25", "--exercise", "{two}", "--slack", "loose"],
                      ["--slack", "loose"]),
    "unknown-feel": (["2026-11-25", "--exercise", "{two}", "--feel", "great"],
                     ["--feel", "great"]),
    "effort-0": (["2026-11-25", "--effort", "0"], ["--effort", "0"]),
    "effort-11": (["2026-11-25", "--effort", "11"], ["--effort", "11"]),
    "effort-not-a-number": (["2026-11-25", "--effort", "hard"], ["--effort"]),
    "date-without-session": (["2026-11-24"], ["2026-11-24", "2026-11-23", "2026-11-25"]),
    "date-after-the-plan": (["2026-12-25"], ["2026-12-25", "2026-12-18"]),
    "not-a-date": (["2026-02-30"], ["WHEN", "2026-02-30"]),
    "unknown-uid": (["2026-11-24-1-plan@band-planner"], ["2026-11-24-1-plan@band-planner"]),
    "missing-plan": (["2026-11-25", "--plan", "missing.json"], ["missing.json"]),
    "plan-of-another-tool": (["2026-11-25", "--plan", "other.json"], ["other.json", "format"]),
    "reps-without-exercise": (["2026-11-25", "--reps", "10"], ["--reps", "--exercise"]),
    "skip-with-reps": (["2026-11-25", "--exercise", "{two}", "--skip", "--reps", "10"],
                       ["--skip", "--reps"]),
    "skip-with-band": (["2026-11-25", "--exercise", "{two}", "--skip", "--band", "light"],
                       ["--skip", "--band"]),
}


@pytest.mark.parametrize("existing", [True, False], ids=["log-exists", "no-log"])
@pytest.mark.parametrize("case", list(BAD_LOG))
def test_bad_log_input_is_one_error_line_and_the_log_is_unchanged(cli, plan, tmp_path, case,
                                                                  existing):
    (tmp_path / "other.json").write_text('{"format": "other"}', "utf-8")
    if existing:
        ok(cli("log", "2026-11-23", "--note", NOTE, "--log", LOG))
    before = history(cli)
    files = log_files(tmp_path)
    names = placeholders(plan)
    args, words = BAD_LOG[case]

    def fill(text):
        for key, value in names.items():
            text = text.replace(key, value)
        return text

    result = cli("log", *map(fill, args), "--log", LOG)
    error(result, *map(fill, words))
    assert result.out == ""
    assert history(cli) == before
    assert log_files(tmp_path) == files


BAD_HISTORY = {
    "since-not-a-date": (["--since", "notadate"], ["--since", "notadate"]),
    "until-not-a-date": (["--until", "2026-02-30"], ["--until", "2026-02-30"]),
    "json-and-csv": (["--json", "--csv"], ["--json", "--csv"]),
}


@pytest.mark.parametrize("case", list(BAD_HISTORY))
def test_bad_history_options(cli, tmp_path, case):
    args, words = BAD_HISTORY[case]
    error(cli("history", *args, "--log", LOG), *words)
    assert log_files(tmp_path) == []


@pytest.fixture
def exported(cli, plan, tmp_path):
    """A log with a few sessions, and its history as CSV in tmp_path / 'history.csv'."""
    mon = session_on(plan, "2026-11-23")
    wed = session_on(plan, "2026-11-25")
    ok(cli("log", "2026-11-23", "--note", NOTE, "--log", LOG))
    two = next(i for i in wed["items"] if not i["per_side"])
    ok(cli("log", "2026-11-25", "--exercise", two["exercise"], "--reps", "12,12,11",
           "--log", LOG))
    path = tmp_path / "history.csv"
    write_csv(path, ok(cli("history", "--csv", "--log", LOG)).out)
    side = next(i["exercise"] for i in mon["items"] if i["per_side"])
    return SimpleNamespace(path=path, two=two["exercise"], side=side)


def bad_cell(column, value, **match):
    def change(header, rows):
        i = row_index(header, rows, **match)
        rows[i][header.index(column)] = value
        return i + 2  # the file's line number: the header is line 1
    return change


def run_change(path, change):
    line = []
    edited(path, lambda header, rows: line.append(change(header, rows)))
    return line[0]


BAD_ROWS = [  # column, bad value, the row it goes in
    pytest.param("date", "2026-13-01", {"exercise": "{side}"}, id="date"),
    pytest.param("status", "maybe", {"exercise": "{side}"}, id="status"),
    pytest.param("feel", "meh", {"exercise": "{side}"}, id="feel"),
    pytest.param("target_sets", "x", {"exercise": "{side}"}, id="target-sets"),
    pytest.param("per_side", "perhaps", {"exercise": "{side}"}, id="per-side"),
    pytest.param("reps", "eight", {"exercise": "{two}", "set": "2"}, id="reps"),
    pytest.param("left", "-1", {"exercise": "{side}"}, id="left"),
]


@pytest.mark.parametrize("existing", [True, False], ids=["into-its-log", "into-no-log"])
@pytest.mark.parametrize("column,value,match", BAD_ROWS)
def test_a_bad_csv_row_names_its_line(cli, exported, tmp_path, column, value, match, existing):
    target = LOG if existing else "empty.sqlite3"
    before = history(cli, log=target)
    match = {k: getattr(exported, v[1:-1]) if v.startswith("{") else v for k, v in match.items()}
    line = run_change(exported.path, bad_cell(column, value, **match))
    message = error(cli("import", "history.csv", "--log", target), "history.csv",
                    f"line {line}")
    assert column in message
    assert history(cli, log=target) == before
    assert log_files(tmp_path, "empty.sqlite3") == []


def test_csv_with_missing_columns_or_sets_out_of_order(cli, exported, tmp_path):
    before = history(cli)
    header, *rows = csv_rows(exported.path)
    keep = [i for i, name in enumerate(header) if name not in ("reps", "target_band")]
    write_csv(tmp_path / "columns.csv",
              "\n".join(",".join(r[i] for i in keep) for r in [header, *rows]) + "\n")
    error(cli("import", "columns.csv", "--log", LOG), "columns.csv", "line 1", "reps",
          "target_band")
    line = run_change(exported.path, bad_cell("set", "3", exercise=exported.two, set="2"))
    error(cli("import", "history.csv", "--log", LOG), "history.csv", f"line {line}", "set")
    line = run_change(exported.path, bad_cell("set", "1", exercise=exported.two, set="3"))
    error(cli("import", "history.csv", "--log", LOG), "history.csv", f"line {line}", "set")
    for name in ("missing.csv", "notes.txt"):
        if name == "notes.txt":
            (tmp_path / name).write_text("hello\n", "utf-8")
        error(cli("import", name, "--log", LOG), name)
    error(cli("import", "missing.csv", "--log", "empty.sqlite3"), "missing.csv")
    assert history(cli) == before
    assert log_files(tmp_path, "empty.sqlite3") == []


def test_adapt_bad_input(cli, plan, tmp_path):
    before = (tmp_path / "plan.json").read_bytes()
    error(cli("adapt", "plan.json", "--from", "notadate", "--log", LOG), "--from", "notadate")
    error(cli("adapt", "missing.json", "--log", LOG), "missing.json")
    (tmp_path / "other.json").write_text('{"format": "other"}', "utf-8")
    error(cli("adapt", "other.json", "--from", "2026-11-23", "--log", LOG), "other.json")
    error(cli("next", "--plan", "other.json", "--log", LOG), "other.json")
    assert (tmp_path / "plan.json").read_bytes() == before
    assert (tmp_path / "other.json").read_text("utf-8") == '{"format": "other"}'
    assert log_files(tmp_path) == []


# -- 8. --ask needs a terminal ---------------------------------------------------------------

def test_ask_is_refused_without_a_terminal(cli, plan, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n" * 10))
    error(cli("log", "2026-11-25", "--ask", "--log", LOG), "--ask", "terminal")
    assert log_files(tmp_path) == []


def test_ask_is_refused_without_a_terminal_in_a_real_process(plan, tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "xdg-data")}
    env.pop("PLANNER_LOG", None)
    env.pop("PLANNER_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "planner", "log", "2026-11-25", "--ask",
                           "--log", LOG], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: --ask"), done.stderr
    assert done.stdout == ""
    assert log_files(tmp_path) == []
