"""The log's rules R1-R7 (planner.adaptation) and the dose ladder (planner.progression).

Table-driven: each row is one situation a user could log, and what `planner next` should then
say: sets, reps, band, slack and the key words of `why`. The decisions taken where the
contract is ambiguous are noted next to the rows that pin them.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from planner.adaptation import Ladder, Progress, apply, before_session, outgrown, replay
from planner.log.entry import Entry, Target
from planner.progression import (
    SLACKS,
    Climb,
    Stage,
    after_hit,
    easier,
    next_stage,
    project,
    weekly_stages,
)

BANDS = ("light", "medium", "heavy")
LADDER = Ladder((8, 12), BANDS)
WIDE = Ladder((10, 15), BANDS)  # ladder 10 -> 12 -> 15
ONLY = Ladder((8, 12), ("only",))
DAY0 = date(2026, 12, 7)

# Targets as (sets, reps, band, slack).
LIGHT_TOP = (3, 12, "light", "normal")
MEDIUM_MID = (3, 10, "medium", "normal")
HEAVY_TOP = (3, 12, "heavy", "normal")
CEILING = (3, 12, "heavy", "minimal")


# ---------------------------------------------------------------------------- helpers

def _day(n: int) -> date:
    return DAY0 + timedelta(days=n)


def done(reps, target=MEDIUM_MID, day=0, *, band=None, slack=None, feel="ok", deload=False):
    """A logged exercise with the reps of each set; (left, right) pairs make it one-sided."""
    goal = Target(*target)
    reps = tuple(reps)
    return Entry(date=_day(day), session=f"{_day(day).isoformat()}-1-plan@band-planner",
                 exercise="face-pull", status="done", sets=reps, band=band or goal.band,
                 slack=slack or goal.slack, feel=feel, target=goal,
                 per_side=bool(reps) and isinstance(reps[0], tuple), deload=deload)


def skipped(target=MEDIUM_MID, day=0):
    goal = Target(*target)
    return Entry(date=_day(day), session=f"{_day(day).isoformat()}-1-plan@band-planner",
                 exercise="face-pull", status="skipped", sets=(), band=None, slack=None,
                 feel=None, target=goal, per_side=False, deload=False)


def hit(target, day=0, feel="ok", **kw):
    """Every set of the target at exactly the target's reps."""
    return done([target[1]] * target[0], target, day, feel=feel, **kw)


def miss(target, day=0, **kw):
    """Short of the target without going below the bottom (8): the last set one rep short,
    or, when the target is at the bottom already, one set fewer."""
    if target[1] - 1 >= LADDER.rep_range[0]:
        return done([target[1]] * (target[0] - 1) + [target[1] - 1], target, day, **kw)
    assert target[0] > 1
    return done([target[1]] * (target[0] - 1), target, day, **kw)


def dose(progress: Progress, ladder: Ladder = LADDER):
    """What the user reads: (sets, reps, band, slack)."""
    stage = progress.stage
    return (stage.sets, stage.reps(ladder.rep_range), ladder.bands[stage.band],
            stage.slack_name())


def stage_dose(stage: Stage, ladder: Ladder = LADDER):
    return (stage.sets, stage.reps(ladder.rep_range), ladder.bands[stage.band],
            stage.slack_name(), stage.deload)


def assert_why(progress: Progress, words):
    for word in words:
        assert word.lower() in progress.why.lower(), f"{word!r} not in why {progress.why!r}"


def st_(band, sets, reps, slack="normal", ladder=LADDER):
    """A Stage from the words a user reads."""
    found = ladder.stage(band, slack, sets, reps)
    assert found is not None
    return found


# ------------------------------------------------------- one logged session (first entry)

ONE_ENTRY = [
    # R1: skipped or nothing done -> unchanged; as a first entry that is the entry's target.
    pytest.param(skipped((2, 10, "medium", "normal")), (2, 10, "medium", "normal"),
                 ["skipped", "unchanged"], id="R1-skipped-first-entry-keeps-target"),
    pytest.param(done([0, 0], (2, 10, "medium", "normal")), (2, 10, "medium", "normal"),
                 ["skipped", "unchanged"], id="R1-no-set-above-zero"),
    pytest.param(done([(0, 0), (0, 0)], (2, 10, "medium", "reduced")),
                 (2, 10, "medium", "reduced"), ["unchanged"], id="R1-one-sided-all-zero"),
    # R2: a deload session -> unchanged, whatever was done or felt.
    pytest.param(done([8], (1, 8, "medium", "normal"), deload=True, feel="hard"),
                 (1, 8, "medium", "normal"), ["deload", "unchanged"], id="R2-deload-felt-hard"),
    pytest.param(done([3], (1, 8, "heavy", "reduced"), deload=True),
                 (1, 8, "heavy", "reduced"), ["deload", "unchanged"],
                 id="R2-deload-below-bottom"),
    pytest.param(done([12, 12], (1, 8, "light", "normal"), deload=True, feel="easy"),
                 (1, 8, "light", "normal"), ["deload", "unchanged"], id="R2-deload-easy"),
    # R4 too hard: one step easier, reps to the bottom, sets kept.
    pytest.param(done([10, 10, 10], MEDIUM_MID, feel="hard"), (3, 8, "medium", "added"),
                 ["too hard", "felt hard", "added slack", "3 x 8"], id="R4-hard-normal-to-added"),
    pytest.param(done([12, 12], (2, 12, "heavy", "minimal"), feel="hard"),
                 (2, 8, "heavy", "reduced"), ["too hard", "reduced slack"],
                 id="R4-hard-minimal-to-reduced"),
    pytest.param(done([10, 10], (2, 10, "heavy", "reduced"), feel="hard"),
                 (2, 8, "heavy", "normal"), ["too hard", "normal slack"],
                 id="R4-hard-reduced-to-normal"),
    pytest.param(done([10, 10, 10], (3, 10, "medium", "added"), feel="hard"),
                 (3, 8, "light", "normal"), ["too hard", "lighter band (light)"],
                 id="R4-hard-added-to-lighter-band-normal"),
    pytest.param(done([10], (1, 10, "heavy", "added"), feel="hard"),
                 (1, 8, "medium", "normal"), ["lighter band (medium)"],
                 id="R4-hard-heavy-added-to-medium"),
    pytest.param(done([10, 10], (2, 10, "light", "added"), feel="hard"),
                 (2, 8, "light", "added"), ["too hard", "hold", "lightest band with added slack"],
                 id="R4-lightest-band-added-slack-holds"),
    pytest.param(done([10, 7, 10], MEDIUM_MID), (3, 8, "medium", "added"),
                 ["too hard", "set 2 below 8"], id="R4-a-set-below-bottom"),
    pytest.param(done([10, 10, 0], MEDIUM_MID), (3, 8, "medium", "added"),
                 ["too hard", "set 3 below 8"], id="R4-a-zero-set-is-below-bottom"),
    pytest.param(done([12, 7, 12], MEDIUM_MID, feel="easy"), (3, 8, "medium", "added"),
                 ["too hard"], id="R4-below-bottom-wins-over-easy"),
    pytest.param(done([(10, 10), (10, 7)], (2, 10, "medium", "normal")),
                 (2, 8, "medium", "added"), ["too hard", "set 2 below 8"],
                 id="R4-one-sided-weaker-side-below-bottom"),
    pytest.param(done([12, 12, 12], (3, 12, "medium", "normal"), feel="hard"),
                 (3, 8, "medium", "added"), ["felt hard"], id="R4-hard-beats-a-hit"),
    # R5 hit: one ladder step up from the target.
    pytest.param(hit((1, 8, "light", "normal")), (1, 10, "light", "normal"),
                 ["1 x 8 hit on light", "1 x 10"], id="R5-reps-step-8-to-10"),
    pytest.param(hit(MEDIUM_MID), (3, 12, "medium", "normal"), ["hit", "3 x 12"],
                 id="R5-reps-step-10-to-12"),
    pytest.param(hit((2, 12, "medium", "normal")), (3, 8, "medium", "normal"),
                 ["hit", "3 x 8"], id="R5-top-adds-a-set-reps-to-bottom"),
    pytest.param(done([12, 12], (2, 8, "light", "normal")), (2, 10, "light", "normal"),
                 ["hit"], id="R5-more-reps-than-asked-is-still-one-step"),
    pytest.param(hit((2, 10, "heavy", "reduced")), (2, 12, "heavy", "reduced"),
                 ["heavy, reduced slack"], id="R5-keeps-band-and-slack-below-top"),
    pytest.param(done([(10, 11), (12, 10)], (2, 10, "medium", "normal")),
                 (2, 12, "medium", "normal"), ["hit"], id="R5-one-sided-both-sides-hit"),
    pytest.param(done([10, 10, 10, 3], MEDIUM_MID), (3, 12, "medium", "normal"), ["hit"],
                 id="R5-extra-set-below-bottom-ignored"),
    pytest.param(done([10, 10, 5], (2, 10, "medium", "normal")), (2, 12, "medium", "normal"),
                 ["hit"], id="R5-extra-set-beyond-target-ignored"),
    pytest.param(hit(LIGHT_TOP, feel="ok"), (3, 12, "light", "normal"),
                 ["3 x 12 hit on light", "once more"], id="R5-first-3x-top-ok-holds"),
    pytest.param(hit(LIGHT_TOP, feel=None), (3, 12, "light", "normal"), ["once more"],
                 id="R5-first-3x-top-no-feel-holds"),
    pytest.param(hit(LIGHT_TOP, feel="easy"), (3, 8, "medium", "normal"), ["next band"],
                 id="R5-3x-top-easy-next-band-at-once"),
    pytest.param(hit(HEAVY_TOP, feel="easy"), (3, 8, "heavy", "reduced"), ["less slack"],
                 id="R5-heaviest-easy-less-slack"),
    pytest.param(hit((3, 12, "heavy", "reduced"), feel="easy"), (3, 8, "heavy", "minimal"),
                 ["less slack"], id="R5-heaviest-reduced-to-minimal"),
    pytest.param(hit((3, 12, "heavy", "added"), feel="easy"), (3, 8, "heavy", "normal"),
                 ["less slack"], id="R5-heaviest-added-to-normal"),
    pytest.param(hit(CEILING, feel="easy"), (3, 12, "heavy", "minimal"),
                 ["outgrown your heaviest band", "hold"], id="R5-ceiling-easy-holds-outgrown"),
    pytest.param(hit(CEILING, feel="ok"), (3, 12, "heavy", "minimal"),
                 ["outgrown your heaviest band"], id="R5-ceiling-ok-holds-outgrown"),
    # R6 miss: hold the target.
    pytest.param(done([10, 10, 9], MEDIUM_MID), (3, 10, "medium", "normal"),
                 ["3 x 10 missed on medium", "1st miss", "same again"], id="R6-one-rep-short"),
    pytest.param(done([10, 10], MEDIUM_MID), (3, 10, "medium", "normal"),
                 ["missed", "1st miss"], id="R6-fewer-sets-than-target-is-a-miss"),
    pytest.param(done([10, 10, 9], MEDIUM_MID, feel="easy"), (3, 10, "medium", "normal"),
                 ["missed"], id="R6-easy-but-short"),
    pytest.param(done([(12, 9), (12, 12)], (2, 10, "medium", "normal")),
                 (2, 10, "medium", "normal"), ["missed"], id="R6-one-sided-weaker-side-short"),
    pytest.param(done([12, 12, 11], LIGHT_TOP, feel="easy"), (3, 12, "light", "normal"),
                 ["missed"], id="R6-3x-top-short-easy-holds"),
    # R3: band or slack used differ from the target: judged, then continued from what was used.
    pytest.param(hit((3, 10, "light", "normal"), band="medium"), (3, 12, "medium", "normal"),
                 ["on medium (planned light)", "3 x 12"], id="R3-heavier-band-hit"),
    pytest.param(done([10, 9, 10], MEDIUM_MID, band="light"), (3, 10, "light", "normal"),
                 ["missed on light (planned medium)"], id="R3-lighter-band-miss-holds-on-it"),
    pytest.param(done([10, 10, 10], MEDIUM_MID, slack="reduced", feel="hard"),
                 (3, 8, "medium", "normal"), ["too hard", "planned medium", "normal slack"],
                 id="R3-less-slack-hard-steps-from-used"),
    pytest.param(hit((3, 10, "medium", "normal"), slack="added"), (3, 12, "medium", "added"),
                 ["medium, added slack"], id="R3-added-slack-hit-keeps-it"),
    pytest.param(hit(LIGHT_TOP, band="medium", feel="easy"), (3, 8, "heavy", "normal"),
                 ["next band"], id="R3-3x-top-easy-on-heavier-band"),
    pytest.param(done([12, 12], (2, 12, "light", "added"), band="heavy", slack="minimal",
                      feel="hard"), (2, 8, "heavy", "reduced"), ["too hard"],
                 id="R3-hard-on-used-heavy-minimal"),
]


@pytest.mark.parametrize("entry, expected, words", ONE_ENTRY)
def test_one_logged_session_gives_the_next_dose(entry, expected, words):
    progress = apply(None, entry, LADDER)
    assert dose(progress) == expected
    assert_why(progress, words)
    assert replay([entry], LADDER) == progress


def test_contract_example_easy_3x12_on_light():
    progress = apply(None, hit(LIGHT_TOP, feel="easy"), LADDER)
    assert progress.why == "3 x 12 easy on light: next band"
    assert dose(progress) == (3, 8, "medium", "normal")


# --------------------------------------------------------------- sequences of sessions

SEQUENCES = [
    # R5: 3 x top held once, then the next band on the second hit in a row.
    pytest.param([hit(LIGHT_TOP, 0), hit(LIGHT_TOP, 2)], (3, 8, "medium", "normal"),
                 ["next band", "second hit in a row"], id="R5-second-3x-top-hit-next-band"),
    pytest.param([hit(LIGHT_TOP, 0), hit(LIGHT_TOP, 2), hit((3, 8, "medium", "normal"), 4)],
                 (3, 10, "medium", "normal"), ["hit"], id="R5-climbs-on-after-band-change"),
    pytest.param([hit(HEAVY_TOP, 0), hit(HEAVY_TOP, 2)], (3, 8, "heavy", "reduced"),
                 ["less slack", "second hit in a row"], id="R5-heaviest-second-hit-less-slack"),
    pytest.param([hit(LIGHT_TOP, 0), skipped(LIGHT_TOP, 2), hit(LIGHT_TOP, 4)],
                 (3, 8, "medium", "normal"), ["next band"], id="R5-skip-between-top-hits"),
    pytest.param([hit(LIGHT_TOP, 0), done([8], (1, 8, "light", "normal"), 2, deload=True),
                  hit(LIGHT_TOP, 4)],
                 (3, 8, "medium", "normal"), ["next band"], id="R5-deload-between-top-hits"),
    pytest.param([hit(LIGHT_TOP, 0), miss(LIGHT_TOP, 2), hit(LIGHT_TOP, 4)],
                 (3, 12, "light", "normal"), ["once more"], id="R5-miss-between-top-hits-holds"),
    pytest.param([hit(LIGHT_TOP, 0), hit(LIGHT_TOP, 2, band="medium")],
                 (3, 12, "medium", "normal"), ["once more"],
                 id="R5-top-hits-on-different-stages-hold"),
    pytest.param([hit(CEILING, 0), hit(CEILING, 2), hit(CEILING, 4, feel="easy")],
                 (3, 12, "heavy", "minimal"), ["outgrown"], id="R5-ceiling-always-holds"),
    # R6: misses in a row; the third counts as too hard and the count restarts.
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2)], (3, 10, "medium", "normal"),
                 ["2nd miss", "same again"], id="R6-two-misses-hold"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss(MEDIUM_MID, 4)],
                 (3, 8, "medium", "added"), ["3rd miss", "counted as too hard", "added slack"],
                 id="R6-third-miss-is-too-hard"),
    pytest.param([miss(MEDIUM_MID, 0), skipped(MEDIUM_MID, 2), miss(MEDIUM_MID, 4),
                  miss(MEDIUM_MID, 6)],
                 (3, 8, "medium", "added"), ["3rd miss", "too hard"],
                 id="R6-skip-between-misses-keeps-streak"),
    pytest.param([miss(MEDIUM_MID, 0), done([0, 0, 0], MEDIUM_MID, 2), miss(MEDIUM_MID, 4),
                  miss(MEDIUM_MID, 6)],
                 (3, 8, "medium", "added"), ["3rd miss", "too hard"],
                 id="R6-zero-rep-session-between-misses-keeps-streak"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2),
                  done([8], (1, 8, "medium", "normal"), 4, deload=True), miss(MEDIUM_MID, 6)],
                 (3, 8, "medium", "added"), ["3rd miss", "too hard"],
                 id="R6-deload-between-misses-keeps-streak"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss(MEDIUM_MID, 4),
                  miss((3, 8, "medium", "added"), 6)],
                 (3, 8, "medium", "added"), ["1st miss"], id="R6-count-restarts-after-third"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss(MEDIUM_MID, 4),
                  miss((3, 8, "medium", "added"), 6), miss((3, 8, "medium", "added"), 8),
                  miss((3, 8, "medium", "added"), 10)],
                 (3, 8, "light", "normal"), ["3rd miss", "lighter band (light)"],
                 id="R6-six-misses-two-steps-easier"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), hit(MEDIUM_MID, 4),
                  miss((3, 12, "medium", "normal"), 6)],
                 (3, 12, "medium", "normal"), ["1st miss"], id="R6-hit-breaks-the-streak"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2),
                  done([10, 10, 10], MEDIUM_MID, 4, feel="hard"),
                  miss((3, 8, "medium", "added"), 6)],
                 (3, 8, "medium", "added"), ["1st miss"], id="R6-too-hard-breaks-the-streak"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2, band="light"),
                  miss((3, 10, "light", "normal"), 4)],
                 (3, 8, "light", "added"), ["3rd miss", "added slack"],
                 id="R6-streak-spans-a-band-change-R3"),
    # R1/R2 "unchanged" keeps what the log gave before, not the skipped session's target.
    pytest.param([hit((3, 8, "medium", "normal"), 0), skipped(LIGHT_TOP, 2)],
                 (3, 10, "medium", "normal"), ["skipped", "unchanged"],
                 id="R1-skip-keeps-previous-dose"),
    pytest.param([hit((3, 8, "medium", "normal"), 0), done([0, 0, 0], LIGHT_TOP, 2)],
                 (3, 10, "medium", "normal"), ["unchanged"], id="R1-zero-reps-keeps-previous-dose"),
    pytest.param([hit((3, 8, "medium", "normal"), 0),
                  done([8], (1, 8, "light", "added"), 2, deload=True, feel="hard")],
                 (3, 10, "medium", "normal"), ["deload", "unchanged"],
                 id="R2-deload-keeps-previous-dose"),
    # Entries are applied in date order, whatever order they come in.
    pytest.param([hit((3, 10, "medium", "normal"), 5), hit((3, 8, "medium", "normal"), 0)],
                 (3, 12, "medium", "normal"), ["3 x 10 hit"], id="applied-in-date-order"),
    # Decision 5: entries on a band the ladder lacks are ignored.
    pytest.param([hit((3, 8, "medium", "normal"), 0), hit((3, 10, "purple", "normal"), 2)],
                 (3, 10, "medium", "normal"), ["3 x 8 hit on medium"],
                 id="unknown-target-band-ignored"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss((3, 10, "purple", "normal"), 4)],
                 (3, 10, "medium", "normal"), ["2nd miss"],
                 id="unknown-target-band-not-a-miss"),
]


@pytest.mark.parametrize("entries, expected, words", SEQUENCES)
def test_sequence_of_sessions_gives_the_next_dose(entries, expected, words):
    progress = replay(entries, LADDER)
    assert dose(progress) == expected
    assert_why(progress, words)


def test_only_unknown_bands_give_no_progress():
    assert replay([hit((3, 10, "purple", "normal")), hit((3, 10, "light", "tight"), 2)],
                  LADDER) is None
    assert apply(None, hit((3, 10, "purple", "normal")), LADDER) is None


def test_replay_continues_from_a_start():
    start = replay([hit((3, 8, "medium", "normal"), 0)], LADDER)
    assert dose(replay([hit((3, 10, "medium", "normal"), 2)], LADDER, start)) == \
        (3, 12, "medium", "normal")
    after_two = replay([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2)], LADDER)
    third = replay([miss(MEDIUM_MID, 4)], LADDER, after_two)
    assert dose(third) == (3, 8, "medium", "added") and "too hard" in third.why


# --------------------------------------------------------------------------------- R7

BREAKS = [
    pytest.param([hit(MEDIUM_MID, 0)], 20, (3, 12, "medium", "normal"), [],
                 id="R7-20-days-no-change"),
    pytest.param([hit(MEDIUM_MID, 0)], 21, (3, 8, "medium", "normal"),
                 ["21 days since last done", "reps back to 8"], id="R7-21-days-reps-to-bottom"),
    pytest.param([hit((2, 10, "heavy", "reduced"), 0)], 60, (2, 8, "heavy", "reduced"),
                 ["60 days", "reps back to 8"], id="R7-keeps-sets-band-slack"),
    pytest.param([hit(MEDIUM_MID, 0), skipped(MEDIUM_MID, 15)], 21, (3, 8, "medium", "normal"),
                 ["21 days"], id="R7-skip-is-not-done"),
    pytest.param([hit(MEDIUM_MID, 0), done([0, 0, 0], MEDIUM_MID, 15)], 21,
                 (3, 8, "medium", "normal"), ["21 days"], id="R7-zero-reps-is-not-done"),
    pytest.param([hit(MEDIUM_MID, 0), done([8], (1, 8, "medium", "normal"), 15, deload=True)],
                 21, (3, 12, "medium", "normal"), [], id="R7-deload-with-reps-is-done"),
    pytest.param([skipped(MEDIUM_MID, 0)], 100, (3, 10, "medium", "normal"), ["skipped"],
                 id="R7-never-done-no-break"),
]


@pytest.mark.parametrize("entries, gap, expected, words", BREAKS)
def test_break_before_the_next_session(entries, gap, expected, words):
    progress = replay(entries, LADDER)
    after = before_session(progress, _day(gap), LADDER)
    assert dose(after) == expected
    assert_why(after, words)
    if dose(after) == dose(progress):
        assert after == progress  # no break: nothing at all changes


def test_break_clears_the_miss_count():
    progress = replay([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2)], LADDER)
    assert progress.misses == 2
    resumed = before_session(progress, _day(23), LADDER)
    assert resumed.misses == 0
    nxt = apply(resumed, miss((3, 8, "medium", "normal"), 23), LADDER)
    assert dose(nxt) == (3, 8, "medium", "normal")
    assert "1st miss" in nxt.why and "too hard" not in nxt.why


def test_break_clears_the_3x_top_memory():
    progress = replay([hit(LIGHT_TOP, 0)], LADDER)
    assert progress.held_at_top
    resumed = before_session(progress, _day(21), LADDER)
    assert not resumed.held_at_top
    assert dose(resumed) == (3, 8, "light", "normal")
    assert resumed.climb() == Climb(st_("light", 3, 8), False)
    # 20 days: still held, so the projection moves to the next band after one more week.
    kept = before_session(progress, _day(20), LADDER)
    assert [stage_dose(s) for s in project(kept.climb(), [False, False], 3)] == [
        (3, 12, "light", "normal", False), (3, 8, "medium", "normal", False)]


BREAKS_INSIDE_LOG = [
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss(MEDIUM_MID, 30)], 32,
                 (3, 10, "medium", "normal"), ["1st miss"],
                 id="R7-break-between-misses-restarts-count"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss(MEDIUM_MID, 23)], 25,
                 (3, 10, "medium", "normal"), ["1st miss"],
                 id="R7-21-day-break-between-misses"),
    pytest.param([miss(MEDIUM_MID, 0), miss(MEDIUM_MID, 2), miss(MEDIUM_MID, 22)], 24,
                 (3, 8, "medium", "added"), ["3rd miss", "too hard"],
                 id="R7-20-day-gap-keeps-miss-streak"),
    pytest.param([hit(LIGHT_TOP, 0), hit(LIGHT_TOP, 30)], 32,
                 (3, 12, "light", "normal"), ["once more"],
                 id="R7-break-between-top-hits-holds-again"),
    pytest.param([hit(MEDIUM_MID, 0), done([8], (1, 8, "medium", "normal"), 30, deload=True)],
                 33, (3, 8, "medium", "normal"), [],
                 id="R7-break-before-a-deload-session-resets-reps"),
]


@pytest.mark.parametrize("entries, next_day, expected, words", BREAKS_INSIDE_LOG)
def test_break_between_logged_sessions(entries, next_day, expected, words):
    progress = before_session(replay(entries, LADDER), _day(next_day), LADDER)
    assert dose(progress) == expected
    assert_why(progress, words)


# --------------------------------------------------------------------------- outgrown

OUTGROWN = [
    pytest.param(LADDER, [hit(CEILING, 0)], True, id="heaviest-minimal-3x-top-hit"),
    pytest.param(ONLY, [hit((3, 12, "only", "minimal"), 0, feel="easy")], True,
                 id="single-band-ladder"),
    pytest.param(LADDER, [hit(HEAVY_TOP, 0)], False, id="heaviest-normal-held"),
    pytest.param(LADDER, [hit((3, 12, "heavy", "reduced"), 0, feel="easy")], False,
                 id="heaviest-reduced-moves-to-minimal"),
    pytest.param(LADDER, [hit((3, 12, "medium", "minimal"), 0)], False,
                 id="minimal-on-a-lighter-band"),
    pytest.param(LADDER, [done([12, 12, 12], CEILING, feel="hard")], False,
                 id="ceiling-too-hard-steps-down"),
]


@pytest.mark.parametrize("ladder, entries, expected", OUTGROWN)
def test_outgrown_heaviest_band(ladder, entries, expected):
    progress = replay(entries, ladder)
    assert outgrown(progress, ladder) is expected
    assert ("outgrown your heaviest band" in progress.why) is expected
    if expected:
        assert dose(progress, ladder)[:2] == (3, 12)
        assert dose(progress, ladder)[2:] == (ladder.bands[-1], "minimal")


# ----------------------------------------------------------------- other rep ranges

WIDE_RANGE = [
    pytest.param(hit((1, 10, "light", "normal")), (1, 12, "light", "normal"), ["1 x 12"],
                 id="10-to-12"),
    pytest.param(hit((1, 12, "light", "normal")), (1, 15, "light", "normal"), ["1 x 15"],
                 id="12-to-15"),
    pytest.param(hit((1, 15, "light", "normal")), (2, 10, "light", "normal"), ["2 x 10"],
                 id="15-adds-a-set-at-10"),
    pytest.param(hit((3, 15, "light", "normal"), feel="easy"), (3, 10, "medium", "normal"),
                 ["3 x 15 easy on light: next band"], id="3x15-easy-next-band-at-10"),
    pytest.param(hit((3, 15, "light", "normal")), (3, 15, "light", "normal"), ["once more"],
                 id="3x15-ok-holds"),
    pytest.param(done([12, 9], (2, 12, "medium", "normal")), (2, 10, "medium", "added"),
                 ["too hard", "below 10"], id="9-is-below-bottom-10"),
    pytest.param(done([12, 14], (2, 15, "medium", "normal")), (2, 15, "medium", "normal"),
                 ["2 x 15 missed"], id="14-of-15-is-a-miss"),
    pytest.param(done([13, 13], (2, 12, "medium", "normal")), (2, 15, "medium", "normal"),
                 ["hit"], id="13-of-12-is-one-step"),
]


@pytest.mark.parametrize("entry, expected, words", WIDE_RANGE)
def test_rep_range_10_to_15(entry, expected, words):
    progress = apply(None, entry, WIDE)
    assert dose(progress, WIDE) == expected
    assert_why(progress, words)


@pytest.mark.parametrize("rep_range, ladder_reps", [
    pytest.param((8, 12), [8, 10, 12], id="8-12"),
    pytest.param((10, 15), [10, 12, 15], id="10-15"),
    pytest.param((6, 10), [6, 8, 10], id="6-10"),
    pytest.param((12, 20), [12, 16, 20], id="12-20"),
])
def test_reps_climb_the_range_in_three_steps(rep_range, ladder_reps):
    ladder = Ladder(rep_range, BANDS)
    progress = apply(None, hit((1, rep_range[0], "light", "normal")), ladder)
    seen = [rep_range[0]]
    for day in range(1, 3):
        sets, reps, band, slack = dose(progress, ladder)
        seen.append(reps)
        progress = apply(progress, hit((sets, reps, band, slack), day), ladder)
    assert seen == ladder_reps
    assert dose(progress, ladder) == (2, rep_range[0], "light", "normal")
    broken = before_session(replay([hit((1, ladder_reps[1], "light", "normal"))], ladder),
                            _day(21), ladder)
    assert dose(broken, ladder) == (1, rep_range[0], "light", "normal")


# --------------------------------------------------------------------- the ladder

@pytest.mark.parametrize("stage, band_count, expected", [
    pytest.param(Stage(0, 1, 0), 3, (1, 10, "light", "normal", False), id="reps-up"),
    pytest.param(Stage(0, 1, 2), 3, (2, 8, "light", "normal", False), id="top-adds-set"),
    pytest.param(Stage(1, 3, 1), 3, (3, 12, "medium", "normal", False), id="3-sets-reps-up"),
    pytest.param(Stage(0, 3, 2), 3, (3, 8, "medium", "normal", False), id="3x-top-next-band"),
    pytest.param(Stage(2, 3, 2), 3, (3, 8, "heavy", "reduced", False),
                 id="heaviest-normal-to-reduced"),
    pytest.param(Stage(2, 3, 2, slack=2), 3, (3, 8, "heavy", "minimal", False),
                 id="heaviest-reduced-to-minimal"),
    pytest.param(Stage(2, 3, 2, slack=0), 3, (3, 8, "heavy", "normal", False),
                 id="heaviest-added-to-normal"),
    pytest.param(Stage(2, 3, 2, slack=3), 3, (3, 12, "heavy", "minimal", False),
                 id="ceiling-holds"),
    pytest.param(Stage(0, 3, 2), 1, (3, 8, "light", "reduced", False),
                 id="one-band-top-less-slack"),
])
def test_next_stage(stage, band_count, expected):
    assert stage_dose(next_stage(stage, band_count)) == expected


@pytest.mark.parametrize("stage, expected", [
    pytest.param(Stage(1, 2, 2, slack=3), (2, 8, "medium", "reduced", False),
                 id="minimal-to-reduced"),
    pytest.param(Stage(1, 2, 1, slack=2), (2, 8, "medium", "normal", False),
                 id="reduced-to-normal"),
    pytest.param(Stage(1, 3, 2, slack=1), (3, 8, "medium", "added", False),
                 id="normal-to-added"),
    pytest.param(Stage(2, 1, 1, slack=0), (1, 8, "medium", "normal", False),
                 id="added-to-lighter-band-normal"),
    pytest.param(Stage(0, 3, 2, slack=0), (3, 8, "light", "added", False),
                 id="lightest-added-holds-reps-to-bottom"),
    pytest.param(Stage(0, 2, 0, slack=0), (2, 8, "light", "added", False),
                 id="lightest-added-bottom-holds"),
])
def test_easier(stage, expected):
    assert stage_dose(easier(stage)) == expected


@pytest.mark.parametrize("climb, easy, expected, held", [
    pytest.param(Climb(Stage(0, 2, 1)), False, (2, 12, "light", "normal", False), False,
                 id="below-top-steps"),
    pytest.param(Climb(Stage(0, 3, 2)), False, (3, 12, "light", "normal", False), True,
                 id="first-top-ok-held"),
    pytest.param(Climb(Stage(0, 3, 2), True), False, (3, 8, "medium", "normal", False), False,
                 id="second-top-next-band"),
    pytest.param(Climb(Stage(0, 3, 2)), True, (3, 8, "medium", "normal", False), False,
                 id="top-easy-next-band"),
    pytest.param(Climb(Stage(2, 3, 2)), False, (3, 12, "heavy", "normal", False), True,
                 id="heaviest-top-ok-held"),
    pytest.param(Climb(Stage(2, 3, 2), True), False, (3, 8, "heavy", "reduced", False), False,
                 id="heaviest-second-top-less-slack"),
    pytest.param(Climb(Stage(2, 3, 2, slack=3)), True, (3, 12, "heavy", "minimal", False),
                 False, id="ceiling-easy-holds"),
    pytest.param(Climb(Stage(2, 3, 2, slack=3), True), False,
                 (3, 12, "heavy", "minimal", False), False, id="ceiling-held-holds"),
])
def test_after_hit(climb, easy, expected, held):
    result = after_hit(climb, 3, easy=easy)
    assert stage_dose(result.stage) == expected
    assert result.held_at_top is held


def _doses(stages):
    return [stage_dose(s) for s in stages]


L, M, H = "light", "medium", "heavy"

# No level starts on the heaviest band, so "advanced on the heaviest band" is a one-band ladder.
WEEKLY = [
    pytest.param("beginner", 3, 12, 0, [
        (1, 8, L, "normal", False), (1, 10, L, "normal", False), (1, 12, L, "normal", False),
        (2, 8, L, "normal", False), (2, 10, L, "normal", False), (2, 12, L, "normal", False),
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (3, 12, L, "normal", False), (3, 8, M, "normal", False), (3, 10, M, "normal", False),
    ], id="beginner-climb-holds-3x12-one-extra-week"),
    pytest.param("intermediate", 3, 4, 0, [
        (2, 8, M, "normal", False), (2, 10, M, "normal", False), (2, 12, M, "normal", False),
        (3, 8, M, "normal", False),
    ], id="intermediate-starts-2-sets-second-band"),
    pytest.param("advanced", 1, 9, 0, [
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (3, 12, L, "normal", False), (3, 8, L, "reduced", False), (3, 10, L, "reduced", False),
        (3, 12, L, "reduced", False), (3, 12, L, "reduced", False), (3, 8, L, "minimal", False),
    ], id="advanced-heaviest-less-slack"),
    pytest.param("advanced", 1, 14, 0, [
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (3, 12, L, "normal", False), (3, 8, L, "reduced", False), (3, 10, L, "reduced", False),
        (3, 12, L, "reduced", False), (3, 12, L, "reduced", False), (3, 8, L, "minimal", False),
        (3, 10, L, "minimal", False), (3, 12, L, "minimal", False),
        (3, 12, L, "minimal", False), (3, 12, L, "minimal", False),
        (3, 12, L, "minimal", False),
    ], id="advanced-ceiling-holds-forever"),
    pytest.param("beginner", 3, 8, 4, [
        (1, 8, L, "normal", False), (1, 10, L, "normal", False), (1, 12, L, "normal", False),
        (1, 8, L, "normal", True), (2, 8, L, "normal", False), (2, 10, L, "normal", False),
        (2, 12, L, "normal", False), (1, 8, L, "normal", True),
    ], id="deload-every-4-resumes"),
    pytest.param("beginner", 3, 12, 11, [
        (1, 8, L, "normal", False), (1, 10, L, "normal", False), (1, 12, L, "normal", False),
        (2, 8, L, "normal", False), (2, 10, L, "normal", False), (2, 12, L, "normal", False),
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (3, 12, L, "normal", False), (1, 8, L, "normal", True), (3, 8, M, "normal", False),
    ], id="deload-never-first-week-on-new-band"),
    pytest.param("beginner", 3, 12, 10, [
        (1, 8, L, "normal", False), (1, 10, L, "normal", False), (1, 12, L, "normal", False),
        (2, 8, L, "normal", False), (2, 10, L, "normal", False), (2, 12, L, "normal", False),
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (1, 8, L, "normal", True), (3, 12, L, "normal", False), (3, 8, M, "normal", False),
    ], id="deload-between-two-3x-top-weeks"),
    pytest.param("advanced", 1, 6, 5, [
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (3, 12, L, "normal", False), (1, 8, L, "normal", True), (3, 8, L, "reduced", False),
    ], id="deload-before-less-slack-keeps-slack"),
    pytest.param("advanced", 1, 6, 6, [
        (3, 8, L, "normal", False), (3, 10, L, "normal", False), (3, 12, L, "normal", False),
        (3, 12, L, "normal", False), (3, 8, L, "reduced", False), (1, 8, L, "reduced", True),
    ], id="deload-after-less-slack-uses-it"),
    pytest.param("intermediate", 1, 3, 0, [
        (2, 8, "light", "normal", False), (2, 10, "light", "normal", False),
        (2, 12, "light", "normal", False),
    ], id="level-band-capped-by-bands-owned"),
]


@pytest.mark.parametrize("level, band_count, weeks, deload_every, expected", WEEKLY)
def test_weekly_stages(level, band_count, weeks, deload_every, expected):
    assert _doses(weekly_stages(level, band_count, weeks, deload_every)) == expected


@pytest.mark.parametrize("level", ["beginner", "intermediate", "advanced"])
@pytest.mark.parametrize("deload_every", [2, 3, 4, 5, 7, 10, 11])
def test_deload_weeks_pause_the_climb(level, deload_every):
    weeks = 30
    plain = weekly_stages(level, 3, weeks)
    with_deloads = weekly_stages(level, 3, weeks, deload_every)
    climbing = [s for s in with_deloads if not s.deload]
    assert climbing == plain[:len(climbing)]  # progression resumes where it stopped
    for number, stage in enumerate(with_deloads, start=1):
        assert stage.deload is (number % deload_every == 0)
        if stage.deload:
            before = with_deloads[number - 2]
            assert (stage.sets, stage.rep_step) == (1, 0)
            assert (stage.band, stage.slack) == (before.band, before.slack)


@pytest.mark.parametrize("start, deloads, expected", [
    pytest.param(Climb(Stage(0, 3, 2)), [False] * 3,
                 [(3, 12, L, "normal", False), (3, 12, L, "normal", False),
                  (3, 8, M, "normal", False)], id="top-not-held-yet"),
    pytest.param(Climb(Stage(0, 3, 2), True), [False] * 2,
                 [(3, 12, L, "normal", False), (3, 8, M, "normal", False)], id="top-held-once"),
    pytest.param(Climb(Stage(1, 2, 1, slack=2)), [False, True, False],
                 [(2, 10, M, "reduced", False), (1, 8, M, "reduced", True),
                  (2, 12, M, "reduced", False)], id="deload-keeps-band-and-slack"),
    pytest.param(Climb(Stage(0, 3, 2), True), [False, True, True, False],
                 [(3, 12, L, "normal", False), (1, 8, L, "normal", True),
                  (1, 8, L, "normal", True), (3, 8, M, "normal", False)],
                 id="two-deloads-before-new-band"),
    pytest.param(Climb(Stage(2, 3, 2, slack=3)), [False] * 3,
                 [(3, 12, H, "minimal", False)] * 3, id="ceiling-holds"),
])
def test_project(start, deloads, expected):
    assert _doses(project(start, deloads, 3)) == expected


def test_projection_from_the_log():
    """What `adapt` does: the log's next dose, then one projected ok hit a week."""
    progress = replay([hit((3, 10, "light", "normal"), 0), hit(LIGHT_TOP, 2)], LADDER)
    assert progress.held_at_top
    assert _doses(project(progress.climb(), [False, False, True, False], 3)) == [
        (3, 12, L, "normal", False), (3, 8, M, "normal", False),
        (1, 8, M, "normal", True), (3, 10, M, "normal", False)]


# --------------------------------------------------------------------- property

_BAND_NAMES = st.sampled_from(["light", "medium", "heavy", "purple"])
_SLACK_NAMES = st.sampled_from(SLACKS)


@st.composite
def _entries(draw):
    count = draw(st.integers(0, 12))
    entries = []
    day = 0
    for _ in range(count):
        day += draw(st.integers(0, 30))
        per_side = draw(st.booleans())
        target = Target(draw(st.integers(1, 4)), draw(st.integers(0, 20)), draw(_BAND_NAMES),
                        draw(_SLACK_NAMES))
        when = _day(day)
        session = f"{when.isoformat()}-{len(entries)}-plan@band-planner"
        if draw(st.integers(0, 5)) == 0:
            entries.append(Entry(when, session, "face-pull", "skipped", (), None, None, None,
                                 target, per_side, False))
            continue
        one = st.integers(0, 25)
        sets = draw(st.lists(st.tuples(one, one) if per_side else one, min_size=1, max_size=5))
        entries.append(Entry(
            when, session, "face-pull", "done", tuple(sets),
            draw(st.one_of(st.none(), _BAND_NAMES)), draw(st.one_of(st.none(), _SLACK_NAMES)),
            draw(st.sampled_from([None, "easy", "ok", "hard"])), target, per_side,
            draw(st.integers(0, 4)) == 0))
    return entries


@hsettings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entries=_entries(), rep_range=st.sampled_from([(8, 12), (10, 15), (6, 10), (5, 8)]),
       band_count=st.integers(1, 3), gap=st.integers(0, 40))
def test_next_dose_is_always_a_valid_dose(entries, rep_range, band_count, gap):
    ladder = Ladder(rep_range, BANDS[:band_count])
    allowed_reps = {Stage(0, 1, k).reps(rep_range) for k in range(3)}
    progress = replay(entries, ladder)
    known = [e for e in entries if e.target.band in ladder.bands]
    assert (progress is None) == (not known)
    if progress is None:
        return
    last = max(e.date for e in entries)
    for current in (progress, before_session(progress, last + timedelta(days=gap), ladder)):
        sets, reps, band, slack = dose(current, ladder)
        assert 1 <= sets <= 3
        assert reps in allowed_reps
        assert band in ladder.bands
        assert slack in SLACKS
        assert 0 <= current.misses < 3
        assert current.why
        if outgrown(current, ladder):
            assert (sets, reps, band, slack) == (3, rep_range[1], ladder.bands[-1], "minimal")
    if "outgrown" in progress.why:  # before any break: the why and the flag agree
        assert outgrown(progress, ladder)
