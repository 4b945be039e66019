"""Simulated trainees, driven through the real CLI over weeks of logging.

Each trainee builds a plan, then on every session day (PLANNER_TODAY set to it) logs what a
person of that kind would do with the dose the plan file shows, exactly as they would type it.
After every day the trajectory records each exercise's dose and `planner next`'s why.

    python tests/trainees.py                   # every trainee, 16 weeks, one exercise each
    python tests/trainees.py stalls-at-10 24   # one trainee, 24 weeks

tests/test_trainees.py runs them shorter and checks what a coach would: the invariants of
"The rules, second edition" and "The plan follows the log".
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

START = "2027-01-04"  # a Monday
BANDS = ("extra-light", "light", "medium", "heavy", "extra-heavy")


@dataclass
class Said:
    """One run of `planner`: exit code and output."""

    code: int
    out: str
    err: str


def planner(*args: str, env: dict[str, str]) -> Said:
    """`planner ARGS` in this process, with `env` set for the run."""
    from planner.cli import main

    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return Said(code, out.getvalue(), err.getvalue())


# -- what a trainee does with a prescribed dose ------------------------------------------------

Item = dict  # a plan item, as plan.json holds it


@dataclass
class Trainee:
    """A kind of person: how they build their plan and what they log for each session."""

    name: str
    build: tuple[str, ...] = ()
    # (day number, session, item) -> log options for that exercise, or None: as prescribed
    does: Callable[[int, dict, Item], list[str] | None] = lambda day, session, item: None
    session_options: Callable[[int, dict], list[str] | None] = lambda day, session: None
    absent: Callable[[int], bool] = lambda day: False  # days not trained and not logged
    tracked: str = ""  # the exercise whose trajectory is printed (default: the first one)


def _reps(item: Item, reps: list[int]) -> str:
    if item["per_side"]:
        return ",".join(f"{r}/{r}" for r in reps)
    return ",".join(map(str, reps))


def capacity(limits: dict[str, int]) -> Callable[[int, dict, Item], list[str]]:
    """Someone who can do at most `limits[band]` reps a set on each band (normal slack)."""
    def does(day: int, session: dict, item: Item) -> list[str]:
        most = limits.get(item["band"], 0) + (2 if item["slack"] == "added" else 0)
        reps = [min(item["reps"], most)] * item["sets"]
        feel = "hard" if reps[0] < item["reps"] else "ok"
        return ["--reps", _reps(item, reps), "--feel", feel]
    return does


def left_weaker(day: int, session: dict, item: Item) -> list[str] | None:
    if not item["per_side"]:
        return None
    short = max(item["reps"] - 1, 1) if day % 2 else item["reps"]
    reps = ",".join(f"{short}/{item['reps']}" for _ in range(item["sets"]))
    return ["--reps", reps, "--feel", "ok"]


def heavier_band(day: int, session: dict, item: Item) -> list[str]:
    band = BANDS[min(BANDS.index(item["band"]) + 1, len(BANDS) - 1)]
    reps = [item["reps"]] + [max(item["reps"] - 2, 1)] * (item["sets"] - 1)
    return ["--band", band, "--reps", _reps(item, reps), "--feel", "hard"]


def misses_then_break(day: int, session: dict, item: Item) -> list[str] | None:
    if day % 3:  # two sessions in three: the last set two short
        reps = [item["reps"]] * (item["sets"] - 1) + [max(item["reps"] - 2, 1)]
        return ["--reps", _reps(item, reps), "--feel", "ok"]
    return None


TRAINEES = {
    t.name: t for t in (
        Trainee("easy-beginner",
                does=lambda day, s, item: ["--reps", _reps(item, [item["reps"]] * item["sets"]),
                                           "--feel", "easy"]),
        Trainee("stalls-at-10", build=("--bands", "light,medium,heavy"),
                does=capacity({"light": 10, "medium": 7})),
        Trainee("misses-then-5-week-break", does=misses_then_break,
                absent=lambda day: 35 <= day < 70),
        Trainee("left-side-weaker", does=left_weaker, tracked="one-arm-row"),
        Trainee("heavier-band-than-planned", does=heavier_band),
        Trainee("already-on-the-top-band", build=("--bands", "heavy,extra-heavy", "--level",
                                                  "advanced"),
                does=lambda day, s, item: ["--reps", _reps(item, [item["reps"] + 1] * item["sets"]),
                                           "--feel", "ok"]),
        Trainee("effort-only", session_options=lambda day, s: ["--effort", "10"]),
        Trainee("hard-every-rep", session_options=lambda day, s: ["--feel", "hard"]),
        Trainee("fifteen-minutes", build=("--minutes", "15")),
    )
}


# -- the run ----------------------------------------------------------------------------------

@dataclass
class Day:
    """One session day of a trainee: what the plan asked, what `next` says after logging."""

    date: str
    week: int
    asked: dict[str, Item]  # exercise -> the item as the plan showed it that day
    logged: list[str]  # the commands' arguments, as typed
    next: dict[str, dict]  # exercise -> `planner next --json` after the day
    plan_next: dict[str, Item]  # exercise -> the plan's next unlogged session's item


@dataclass
class Run:
    trainee: Trainee
    folder: Path
    days: list[Day] = field(default_factory=list)

    @property
    def env(self) -> dict[str, str]:
        return {"PLANNER_LOG": str(self.folder / "log.sqlite3"),
                "PLANNER_CONFIG": str(self.folder / "no-config.toml"),
                "COLUMNS": "120"}


def plan_doc(folder: Path) -> dict:
    return json.loads((folder / "plan.json").read_text(encoding="utf-8"))


def sessions(doc: dict) -> Iterator[tuple[int, dict]]:
    for week in doc["weeks"]:
        for session in week["sessions"]:
            yield week["number"], session


def simulate(trainee: Trainee, weeks: int, folder: Path) -> Run:
    run = Run(trainee, folder)
    env = run.env
    built = planner("build", "--weeks", str(weeks), "--start", START, "--tz", "Europe/Berlin",
                    "--out-dir", str(folder), *trainee.build, env={**env, "PLANNER_TODAY": START})
    assert built.code == 0, built.err
    plan_path = str(folder / "plan.json")
    first = sessions(plan_doc(folder))
    days = [(number, session["date"], session["uid"]) for number, session in first]
    start = days[0][1]
    from datetime import date

    for number, day, uid in days:
        offset = (date.fromisoformat(day) - date.fromisoformat(start)).days
        if trainee.absent(offset):
            continue
        today = {**env, "PLANNER_TODAY": day}
        session = shown_today(plan_path, uid, today)
        typed = []
        extra = trainee.session_options(offset, session) or []
        detailed = [(item, trainee.does(offset, session, item)) for item in session["items"]]
        for item, options in detailed:
            if options is None:
                continue
            args = ["log", day, "--plan", plan_path, "--exercise", item["exercise"], *options]
            said = planner(*args, env=today)
            assert said.code == 0, (args, said.err)
            typed.append(" ".join(args[1:]))
        if any(options is None for _, options in detailed) or extra:
            args = ["log", day, "--plan", plan_path, *extra]
            said = planner(*args, env=today)
            assert said.code == 0, (args, said.err)
            typed.append(" ".join(args[1:]))
        after = planner("next", "--json", "--plan", plan_path, env=today)
        assert after.code == 0, after.err
        doc = plan_doc(folder)
        run.days.append(Day(day, number, {i["exercise"]: i for i in session["items"]}, typed,
                            {d["exercise"]: d for d in json.loads(after.out)},
                            plan_next(doc, day, run.env["PLANNER_LOG"])))
    return run


def shown_today(plan_path: str, uid: str, env: dict[str, str]) -> dict:
    """The session as the trainee sees it: `planner today --json`."""
    said = planner("today", "--json", "--plan", plan_path, env=env)
    assert said.code == 0, said.err
    shown = json.loads(said.out)
    assert shown["today"] and shown["session"]["uid"] == uid, shown
    keys = ("exercise", "region", "sets", "reps", "band", "slack", "per_side", "rest_seconds")
    items = [{key: exercise[key] for key in keys} for exercise in shown["exercises"]]
    return {**shown["session"], "items": items}


def plan_next(doc: dict, today: str, log: str) -> dict[str, Item]:
    """Each exercise's item in the plan's first session after `today` that is not logged."""
    said = planner("history", "--json", env={"PLANNER_LOG": log})
    logged = {row["session"] for row in json.loads(said.out or "[]")}
    found: dict[str, Item] = {}
    for _, session in sessions(doc):
        if session["date"] >= today and session["uid"] not in logged:
            for item in session["items"]:
                found.setdefault(item["exercise"], item)
    return found


def dose_text(d: dict) -> str:
    slack = "" if d["slack"] == "normal" else f", {d['slack']} slack"
    return f"{d['sets']}×{d['reps']} {d['band']}{slack}"


def trajectory(run: Run, exercise: str = "") -> list[str]:
    """One line per session of `exercise`: week, date, asked, next dose, why."""
    exercise = exercise or run.trainee.tracked or next(iter(run.days[0].asked))
    lines = [f"{run.trainee.name}: {exercise}"]
    for day in run.days:
        if exercise not in day.asked:
            continue
        nxt = day.next.get(exercise)
        if nxt is None:
            continue
        lines.append(f"  wk{day.week:>2} {day.date}  asked {dose_text(day.asked[exercise]):<28} "
                     f"next {dose_text(nxt):<28} {nxt['why']}")
    return lines


def main(argv: list[str]) -> None:
    names = [argv[0]] if argv and argv[0] in TRAINEES else list(TRAINEES)
    weeks = int(argv[-1]) if argv and argv[-1].isdigit() else 16
    for name in names:
        with tempfile.TemporaryDirectory() as folder:
            run = simulate(TRAINEES[name], weeks, Path(folder))
            print("\n".join(trajectory(run)))
            print()


if __name__ == "__main__":
    main(sys.argv[1:])
