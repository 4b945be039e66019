"""Time the training-log commands against their references, side by side.

Three measurements, each in fresh processes with planner and reference runs interleaved round
by round (hyperfine times each round when it is installed, else a Python loop):

1. `planner log today --replace` (a whole session, committed with fsync) against a bare Typer
   no-op (`bare_typer.py noop`): ratio, target <= 1.3, with a 4-week plan (build's default)
   that has a session every day. The same with a 52-week daily plan, which re-doses the plan's
   coming sessions from the log, and `planner today` and `planner next` on that plan: target
   <= 1.5 each.
2. `planner history --json` over a log of exactly 10,000 entries: median wall time, target
   <= 0.25 s (a bare Typer no-op is timed in the same rounds for scale).
3. `planner adapt PLAN.json --from DATE -f pdf -f ics` on a 104-week plan whose first 52
   weeks are logged, adapting from week 53, against `planner build` of the same plan (same
   options, same formats): ratio, target <= 1.3. A pristine copy of the plan file is put back
   before every adapt run (hyperfine --prepare), since adapt rewrites it.

Then peak memory of each planner command (/usr/bin/time -v). Everything lives in one temp
folder, removed at the end (--keep leaves it); every command gets --log, and PLANNER_LOG,
XDG_DATA_HOME and PLANNER_CACHE_DIR point into that folder, so the user's log is never touched.

    .venv/bin/python benchmarks/log.py                  # full run, under a minute
    .venv/bin/python benchmarks/log.py --rounds 5       # quicker, noisier
    .venv/bin/python benchmarks/log.py --timer python   # without hyperfine
    .venv/bin/python benchmarks/log.py --daily-only     # only 1., the daily commands
    .venv/bin/python benchmarks/log.py --daily-only --baseline OLD   # before and after

--baseline OLD times another checkout's planner (OLD/.venv/bin/planner, e.g. the commit
before a change, installed with `pip install -e OLD`) in the same rounds as 1., on copies of
the same plans and logs, and prints this tree's time over OLD's for each command.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import timing
from timing import PLANNER, PYTHON, Command, interleaved, peak_rss_mb, quiet, run, spread

HERE = Path(__file__).resolve().parent

LOG_WEEKS = 4  # the plan `log today` reads: build's default length, a session every day
HISTORY_ENTRIES = 10_000
ADAPT_START = date(2024, 1, 1)  # a Monday; fixed so every run builds the same plan
ADAPT_WEEKS, LOGGED_WEEKS = 104, 52
FORMATS = ["--format", "pdf", "--format", "ics"]
# history --csv's columns (planner/log/csvfile.py), written here without importing planner
COLUMNS = ("date", "session", "exercise", "status", "set", "reps", "left", "right", "band",
           "slack", "feel", "target_sets", "target_reps", "target_band", "target_slack",
           "per_side", "deload", "source", "effort", "minutes", "note")


# -- the data: plans from `planner build`, logs through `planner import` ------------------------

def build(work: Path, name: str, weeks: int, start: date, *extra: str) -> dict:
    quiet([PLANNER, "build", "--weeks", str(weeks), "--start", start.isoformat(), "--tz", "UTC",
           "--name", name, "--out-dir", str(work), *extra])
    return json.loads((work / f"{name}.json").read_text())


def history_csv(plan: dict, *, before: date | None = None,
                limit: int | None = None) -> tuple[str, int]:
    """A `planner history --csv` file logging the plan's sessions, and its number of entries.

    Sessions before `before` (all without it), at most `limit` entries. Mostly done as
    prescribed, with some variety so the log looks used: feel easy/ok/hard, a set short now
    and then, a skipped session, effort and minutes on some sessions.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    number = 0
    for week in plan["weeks"]:
        for session in week["sessions"]:
            day = date.fromisoformat(session["date"])
            if before is not None and day >= before:
                return out.getvalue(), count
            number += 1
            skipped = number % 23 == 0
            note = [str(5 + number % 4), str(session["minutes"] + number % 7), ""] \
                if number % 3 == 0 else ["", "", ""]
            for position, item in enumerate(session["items"]):
                if limit is not None and count == limit:
                    return out.getvalue(), count
                count += 1
                target = [item["sets"], item["reps"], item["band"], item["slack"],
                          str(item["per_side"]).lower(), str(week["deload"]).lower(), "csv"]
                head = [session["date"], session["uid"], item["exercise"]]
                if skipped:
                    writer.writerow([*head, "skipped", "", "", "", "", "", "", "", *target, *note])
                    continue
                feel = ("ok", "easy", "ok", "hard", "ok")[(number + position) % 5]
                for set_number in range(1, item["sets"] + 1):
                    short = feel == "hard" and set_number == item["sets"]  # last set, one short
                    reps = item["reps"] - short
                    done = ["", reps, reps] if item["per_side"] else [reps, "", ""]
                    writer.writerow([*head, "done", set_number, *done, item["band"], item["slack"],
                                     feel, *target, *note])
    return out.getvalue(), count


def import_log(work: Path, name: str, text: str) -> Path:
    csv_file, log = work / f"{name}.csv", work / f"{name}.sqlite3"
    csv_file.write_text(text)
    quiet([PLANNER, "import", str(csv_file), "--log", str(log)])
    return log


def logged(log: Path, *options: str) -> list:
    done = run([PLANNER, "history", "--json", "--log", str(log), *options], capture_output=True,
               text=True)
    return json.loads(done.stdout)


# -- the benchmark -------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15,
                        help="rounds for `log today` and `history --json` (default 15)")
    parser.add_argument("--adapt-rounds", type=int, default=5,
                        help="rounds for adapt vs build (default 5)")
    timing.add_timer_option(parser)
    parser.add_argument("--keep", action="store_true",
                        help="keep the temp folder (plans, logs) to profile by hand; prints it")
    parser.add_argument("--daily-only", action="store_true",
                        help="time only `log today`, `today` and `next` (no history, no adapt)")
    parser.add_argument("--baseline", type=Path, metavar="OLD",
                        help="also time OLD/.venv/bin/planner's daily commands, same rounds")
    args = parser.parse_args()
    if args.baseline is not None and not (args.baseline / ".venv/bin/planner").exists():
        parser.error(f"--baseline: no {args.baseline}/.venv/bin/planner")
    timing.set_timer(parser, args.timer)
    timing.in_temp_folder("planner-logbench-", args.keep, lambda work: run_all(work, args))


def run_all(work: Path, args) -> None:
    bare = Command([PYTHON, str(HERE / "bare_typer.py"), "noop"])

    # 1. `log today`: this week's plan has a session every day, so today always has one.
    today = datetime.now(UTC).date()
    monday = today - timedelta(days=today.weekday())
    every_day = ("--days", "mon,tue,wed,thu,fri,sat,sun")
    build(work, "week", LOG_WEEKS, monday, *every_day)
    build(work, "year7", 52, monday, *every_day)
    today_log = work / "today.sqlite3"
    log_today = Command([PLANNER, "log", "today", "--plan", str(work / "week.json"), "--log",
                         str(today_log), "--replace"])
    log_today_52 = Command([PLANNER, "log", "today", "--plan", str(work / "year7.json"),
                            "--log", str(work / "today52.sqlite3"), "--replace"])
    for command in (log_today, log_today_52):
        quiet(command.argv)  # the log exists from here on: every timed run replaces a session
    # the daily commands on the 52-week plan, which follows that log
    today_52 = Command([PLANNER, "today", "--plan", str(work / "year7.json"), "--log",
                        str(work / "today52.sqlite3")])
    next_52 = Command([PLANNER, "next", "--plan", str(work / "year7.json"), "--log",
                       str(work / "today52.sqlite3")])
    daily = {"log": log_today, "log52": log_today_52, "today52": today_52, "next52": next_52}
    if args.baseline is not None:  # the same commands of the old tree, on copies of the files
        old_planner = str(args.baseline / ".venv/bin/planner")
        (work / "old").mkdir()
        for name in ("week.json", "today.sqlite3", "year7.json", "today52.sqlite3"):
            shutil.copy(work / name, work / "old" / name)
        for key, command in list(daily.items()):
            argv = [str(work / "old" / Path(a).name) if a.startswith(str(work)) else a
                    for a in command.argv[1:]]
            daily["old-" + key] = Command([old_planner, *argv])
    if args.daily_only:
        print(f"python {sys.version.split()[0]}; timed by {timing.TIMER}; temp folder {work} "
              f"({filesystem(work)}); load average {os.getloadavg()[0]:.2f} before timing")
        report_daily(daily, bare, args.rounds)
        return

    # 2. a log of exactly 10,000 entries, from a daily plan long enough to hold them
    long_plan = build(work, "daily", 400, date(2020, 1, 6), "--days", "mon,tue,wed,thu,fri,sat,sun")
    text, count = history_csv(long_plan, limit=HISTORY_ENTRIES)
    big_log = import_log(work, "history", text)
    entries = logged(big_log)
    if count != HISTORY_ENTRIES or len(entries) != HISTORY_ENTRIES:
        sys.exit(f"history log holds {len(entries)} entries, not {HISTORY_ENTRIES}")
    history = Command([PLANNER, "history", "--json", "--log", str(big_log)])

    # 3. adapt from week 53 of a 104-week plan whose first 52 weeks are logged, vs building it
    options = ["--weeks", str(ADAPT_WEEKS), "--start", ADAPT_START.isoformat(), "--tz", "UTC"]
    year = build(work, "pristine", ADAPT_WEEKS, ADAPT_START)
    adapt_from = ADAPT_START + timedelta(weeks=LOGGED_WEEKS)
    text, year_entries = history_csv(year, before=adapt_from)
    year_log = import_log(work, "year", text)
    sessions = sum(len(week["sessions"]) for week in year["weeks"])
    logged_sessions = len({e["session"] for e in logged(year_log)})
    (work / "adapt").mkdir()
    plan_file = work / "adapt" / "plan.json"
    adapt = Command([PLANNER, "adapt", str(plan_file), "--from", adapt_from.isoformat(), *FORMATS,
                     "--log", str(year_log)],
                    prepare=["cp", str(work / "pristine.json"), str(plan_file)])
    build_same = Command([PLANNER, "build", *options, "--name", "plan", *FORMATS,
                          "--out-dir", str(work / "build")])
    quiet(adapt.prepare)
    said = run(adapt.argv, capture_output=True, text=True).stdout.splitlines()[0]

    print(f"python {sys.version.split()[0]}; timed by {timing.TIMER}; temp folder {work} "
          f"({filesystem(work)}); load average {os.getloadavg()[0]:.2f} before timing")
    print(f"log today: {LOG_WEEKS}-week daily plan from {monday}, session of {today} "
          f"({len(logged(today_log))} entries), logged with --replace so every run is a real "
          "write (WAL, synchronous=FULL)")
    print(f"history: {len(entries)} entries, {big_log.stat().st_size / 1e6:.1f} MB log")
    print(f"adapt: {ADAPT_WEEKS}-week plan, {sessions} sessions; log of the first "
          f"{LOGGED_WEEKS} weeks: {logged_sessions} sessions, {year_entries} entries; "
          f"--from {adapt_from}: {said}")

    started = time.perf_counter()
    first = interleaved({**daily, "noop": bare}, args.rounds)
    second = interleaved({"history": history, "noop": bare}, args.rounds)
    third = interleaved({"adapt": adapt, "build": build_same}, args.adapt_rounds)
    took = time.perf_counter() - started

    print(f"\nruns ({took:.0f} s of timing; load average now {os.getloadavg()[0]:.2f}):")
    daily_rows(first)
    print(row("planner history --json (10,000 entries)", second["history"]))
    print(row("bare_typer.py noop", second["noop"]))
    print(row(f"planner adapt --from week {LOGGED_WEEKS + 1} -f pdf -f ics", third["adapt"]))
    print(row(f"planner build --weeks {ADAPT_WEEKS} -f pdf -f ics", third["build"]))

    results = daily_results(first)
    median, q1, q3 = spread(second["history"])
    results.append(("history --json, 10,000 entries", median, 0.25, f"{median:.3f} s",
                    f"IQR {q1:.3f}-{q3:.3f} s"))
    value, note = ratio(third["adapt"], third["build"])
    results.append(("adapt (pdf+ics) / build (pdf+ics)", value, 1.3, f"{value:.3f}x", note))

    print_results(results)
    print_baseline(first)

    print("\npeak memory (/usr/bin/time -v):")
    for name, command in (("log today", log_today), ("history --json", history),
                          ("adapt", adapt), ("build", build_same)):
        megabytes = peak_rss_mb(command)
        print(f"  {name:<16} " + ("n/a" if megabytes is None else f"{megabytes:.0f} MB"))


DAILY = {"log": f"planner log today --replace ({LOG_WEEKS}-week plan)",
         "log52": "planner log today --replace (52-week plan)",
         "today52": "planner today (52-week plan)", "next52": "planner next (52-week plan)"}


def report_daily(daily: dict[str, Command], bare: Command, rounds: int) -> None:
    """--daily-only: time the daily commands (and the baseline's) against the bare no-op."""
    started = time.perf_counter()
    samples = interleaved({**daily, "noop": bare}, rounds)
    took = time.perf_counter() - started
    print(f"\nruns ({took:.0f} s of timing; load average now {os.getloadavg()[0]:.2f}):")
    daily_rows(samples)
    print_results(daily_results(samples))
    print_baseline(samples)


def daily_rows(samples: dict[str, list[float]]) -> None:
    for key, name in DAILY.items():
        print(row(name, samples[key]))
        if "old-" + key in samples:
            print(row(name.replace("planner", "baseline", 1), samples["old-" + key]))
    print(row("bare_typer.py noop", samples["noop"]))


def daily_results(samples: dict[str, list[float]]) -> list[tuple]:
    results = []
    for key, name, limit in (("log", "log today / bare Typer noop", 1.3),
                             ("log52", "log today, 52-week plan / noop", 1.5),
                             ("today52", "today, 52-week plan / noop", 1.5),
                             ("next52", "next, 52-week plan / noop", 1.5)):
        value, note = ratio(samples[key], samples["noop"])
        results.append((name, value, limit, f"{value:.3f}x", note))
    return results


def print_results(results: list[tuple]) -> None:
    print(f"\n{'target':<36} {'limit':>9} {'measured':>10}  {'':4}  spread")
    for name, value, limit, shown, note in results:
        unit = " s" if name.startswith("history") else "x"
        if limit is None:
            print(f"{name:<36} {'-':>9} {shown:>10}  {'':4}  {note}")
            continue
        verdict = "pass" if value <= limit else "FAIL"
        print(f"{name:<36} {'<= ' + str(limit) + unit:>9} {shown:>10}  {verdict:4}  {note}")


def print_baseline(samples: dict[str, list[float]]) -> None:
    """With --baseline: each daily command's time over the baseline's, and the baseline's
    ratio to the no-op, from the same rounds."""
    if not any(key.startswith("old-") for key in samples):
        return
    print(f"\n{'this tree / baseline':<44} {'ratio':>7}  spread;  baseline / noop")
    for key, name in DAILY.items():
        value, note = ratio(samples[key], samples["old-" + key])
        old, _ = ratio(samples["old-" + key], samples["noop"])
        print(f"  {name:<42} {value:6.3f}x  {note};  {old:.3f}x")


def row(name: str, samples: list[float]) -> str:
    median, q1, q3 = spread(samples)
    return (f"  {name:<44} {median * 1000:8.1f} ms  (IQR {q1 * 1000:.1f}-{q3 * 1000:.1f}, "
            f"min {min(samples) * 1000:.1f}, max {max(samples) * 1000:.1f}, n={len(samples)})")


def ratio(a: list[float], b: list[float]) -> tuple[float, str]:
    """The ratio of the medians, and the interquartile range of the per-round ratios."""
    value = statistics.median(a) / statistics.median(b)
    per_round = [x / y for x, y in zip(a, b, strict=True)]
    _, q1, q3 = spread(per_round)
    return value, f"per-round IQR {q1:.2f}-{q3:.2f}"


def filesystem(path: Path) -> str:
    try:
        done = subprocess.run(["df", "-T", str(path)], capture_output=True, text=True, check=True)
        return done.stdout.splitlines()[1].split()[1]
    except (OSError, subprocess.CalledProcessError, IndexError):
        return "file system unknown"


if __name__ == "__main__":
    main()
