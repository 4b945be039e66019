"""Simulated trainees through the real CLI (tests/trainees.py), judged as a coach would:
the invariants of "The rules, second edition" and "The plan follows the log"."""

from __future__ import annotations

import json

import pytest

from trainees import BANDS, TRAINEES, Run, Trainee, plan_doc, planner, simulate

SLACK_ORDER = ("added", "normal", "reduced", "minimal")


def weight(item: dict) -> tuple:
    """How much a dose asks: load first (band, slack), then sets, then reps."""
    return (BANDS.index(item["band"]), SLACK_ORDER.index(item["slack"]), item["sets"],
            item["reps"])


def dose(item: dict) -> tuple:
    return (item["sets"], item["reps"], item["band"], item["slack"])


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    cache: dict[tuple[str, int], Run] = {}

    def run(name: str, weeks: int = 4) -> Run:
        if (name, weeks) not in cache:
            trainee = TRAINEES[name] if name in TRAINEES else Trainee(name)
            cache[name, weeks] = simulate(trainee, weeks, tmp_path_factory.mktemp(name))
        return cache[name, weeks]

    return run


@pytest.mark.parametrize("name", ["as-prescribed", "hard-every-rep", "effort-only",
                                  "left-side-weaker", "heavier-band-than-planned"])
def test_next_equals_the_plans_next_unlogged_session_after_every_log(runs, name):
    run = runs(name)
    compared = 0
    for day in run.days:
        for exercise, item in day.plan_next.items():
            assert dose(day.next[exercise]) == dose(item), (day.date, exercise,
                                                            day.next[exercise]["why"])
            compared += 1
    assert compared > 50


def test_logging_every_session_as_prescribed_never_breaks_and_never_goes_down(runs):
    """Fourteen weeks: blocks swap exercises out for weeks at a time, which is no break."""
    run = runs("as-prescribed", 14)
    seen: dict[str, tuple] = {}
    for day in run.days:
        for exercise, nxt in day.next.items():
            assert "days since" not in nxt["why"], (day.date, exercise, nxt["why"])
            assert weight(nxt) >= seen.get(exercise, weight(nxt)), (day.date, exercise)
            seen[exercise] = weight(nxt)
    assert len(run.days) == 42


def test_hard_with_every_rep_done_never_makes_the_next_dose_easier(runs):
    run = runs("hard-every-rep")
    for day in run.days:
        for exercise, asked in day.asked.items():
            nxt = day.next[exercise]
            assert weight(nxt) >= weight(asked), (day.date, exercise, nxt["why"])
            assert "hard but every rep done" in nxt["why"]


def test_effort_9_or_10_with_no_detail_holds_every_exercise(runs):
    run = runs("effort-only")
    for day in run.days:
        for exercise, asked in day.asked.items():
            assert dose(day.next[exercise]) == dose(asked), (day.date, exercise)


def test_a_five_week_break_starts_again_at_the_bottom_of_the_range(runs):
    run = runs("misses-then-5-week-break", 11)
    ranges = {key: ex["reps"] for key, ex in plan_doc(run.folder)["exercises"].items()}
    back = next(day for day in run.days if day.date >= "2027-03-15")
    assert back.date == "2027-03-15"  # 38 days after the last session, on 2027-02-05
    assert back.asked and all(item["reps"] == ranges[key][0] for key, item in back.asked.items())


def test_next_on_a_later_day_judges_the_break_against_it(runs):
    run = runs("as-prescribed")
    last = run.days[-1].date  # 2027-01-29
    said = planner("next", "--json", "--on", "2027-03-01", "--plan",
                   str(run.folder / "plan.json"), env={**run.env, "PLANNER_TODAY": last})
    assert said.code == 0, said.err
    whys = [d["why"] for d in json.loads(said.out)]
    assert any("days since your last session" in why for why in whys), whys
    now = planner("next", "--json", "--plan", str(run.folder / "plan.json"),
                  env={**run.env, "PLANNER_TODAY": last})
    assert not any("days since" in d["why"] for d in json.loads(now.out))


def test_a_trainee_who_can_do_10_on_light_stalls_a_rung_back_never_to_a_lighter_load(runs):
    run = runs("stalls-at-10", 6)
    whys = []
    for day in run.days:
        for nxt in day.next.values():
            assert (nxt["band"], nxt["slack"]) == ("light", "normal"), (day.date, nxt["why"])
            whys.append(nxt["why"])
    assert any("three times in a row: one step back" in why for why in whys)
