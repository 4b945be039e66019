import json
import re
from datetime import date, time
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from planner.blocks import block_exercises, block_spans
from planner.builder import build_plan, session_uid
from planner.catalog import Catalog
from planner.errors import UsageError
from planner.exercise import REGIONS
from planner.plan_file import plan_from_dict
from planner.settings import DAY_NAMES, Settings
from planner.timing import rounded_minutes, session_seconds
from program_rules import check_rules

from conftest import ROOT, error, make_plan, ok, shipped_catalog


def test_four_week_default_plan():
    plan = make_plan()
    check_rules(plan)
    assert len(plan.weeks) == 4
    dates = [s.date for _, s in plan.sessions()]
    assert dates[:3] == [date(2026, 11, 23), date(2026, 11, 25), date(2026, 11, 27)]
    assert len(dates) == 12
    first = next(plan.sessions())[1]
    assert first.start.isoformat() == "2026-11-23T07:00:00+01:00"
    assert all(i.reps == 8 and i.sets == 1 and i.band == "extra-light" for i in first.items)


def test_same_settings_same_plan_and_seed_changes_rotation():
    assert make_plan(seed=7).to_dict() == make_plan(seed=7).to_dict()
    orders = {tuple(i.exercise for i in next(make_plan(seed=s).sessions())[1].items)
              for s in range(5)}
    assert len(orders) > 1


def test_uids_depend_only_on_name_date_and_slot():
    from planner.lineage import Identity

    short = make_plan(weeks=2)  # rebuilt over its own file: the same id (planner.lineage)
    longer = build_plan(shipped_catalog(), Settings(start=date(2026, 11, 23), weeks=6, seed=3,
                        level="advanced", timezone="Europe/Berlin"),
                        identity=Identity(short.id, short.stamp))
    short_uids = {s.date: s.uid for _, s in short.sessions()}
    longer_uids = {s.date: s.uid for _, s in longer.sessions()}
    assert all(longer_uids[d] == uid for d, uid in short_uids.items())
    assert len(set(longer_uids.values())) == len(longer_uids)
    assert session_uid("plan", date(2026, 1, 5)) == "2026-01-05-1-plan@band-planner"
    assert session_uid("plan", date(2026, 1, 5), "0123456789ab") == (
        "2026-01-05-1-plan-0123456789ab@band-planner")
    assert session_uid("Mein Plan", date(2026, 1, 5)) != session_uid("mein-plan", date(2026, 1, 5))


def test_band_never_exceeds_what_the_user_owns():
    plan = make_plan(weeks=60, bands=("green", "red"), level="advanced")
    check_rules(plan)
    bands = [s.items[0].band for _, s in plan.sessions()]
    slacks = [s.items[0].slack for _, s in plan.sessions()]
    assert bands[0] == "green" and set(bands) == {"green", "red"}  # never starts on the top
    assert slacks[-1] == "minimal"


def test_equipment_limits_exercises_and_names_the_fix():
    plan = make_plan(equipment=("loop",))
    check_rules(plan)
    assert all(ex.fits(("loop",)) for ex in plan.exercises.values())
    # A catalog whose lower-back exercises all need more than a flat band names the fix.
    shipped = shipped_catalog()
    needy = shipped._replace(exercises={key: ex for key, ex in shipped.exercises.items()
                                        if ex.region != "lower" or not ex.fits(())})
    with pytest.raises(UsageError) as caught:
        make_plan(equipment=(), catalog=needy)
    assert str(caught.value).startswith("--equipment: no lower-back exercise works with your "
                                        "equipment (flat); add chair or loop")


def test_a_plain_flat_band_alone_trains_every_region_with_variety():
    """Someone who owns one flat band gets a plan, with two or more exercises a region."""
    from planner.variety import variety_advice

    plan = make_plan(equipment=(), weeks=2)
    check_rules(plan)
    assert all(plan.equipment_of(key) in ((), ("flat",)) for key in plan.exercises)
    for region in ("upper", "mid", "lower"):
        assert len({ex.id for ex in plan.exercises.values() if ex.region == region}) >= 2
    assert variety_advice(shipped_catalog(), ()) == []


def test_a_region_left_with_one_exercise_is_named_with_what_adds_more():
    from planner.variety import variety_advice

    shipped = shipped_catalog()
    lower_plain = [key for key, ex in shipped.exercises.items()
                   if ex.region == "lower" and ex.fits(("anchor",))]
    thin = shipped._replace(exercises={key: ex for key, ex in shipped.exercises.items()
                                       if key not in lower_plain[1:]})
    [line] = variety_advice(thin, ("anchor",))
    kept = shipped.exercises[lower_plain[0]].name
    assert line.startswith(f"only one lower-back exercise fits your equipment ({kept})")
    loop_names = [ex.name for ex in thin.exercises.values() if ex.region == "lower"
                  and not ex.fits(("anchor",)) and ex.fits(("anchor", "loop"))]
    assert f"with loop (a loop band, or a band tied into a loop) you would get {len(loop_names)} more" in line
    assert all(name in line for name in loop_names)


def test_short_sessions_spread_regions_over_the_week():
    plan = make_plan(minutes=6, weeks=10)
    check_rules(plan)
    assert any(len(s.focus) < 3 for _, s in plan.sessions())


def test_too_little_time_is_a_clear_error():
    with pytest.raises(UsageError, match=r"^--minutes: 1 minutes is too short for 3 "
                       r"session\(s\) a week to train the upper, mid and lower back in week 1; "
                       r"use --minutes 4 or more$"):
        make_plan(minutes=1)
    with pytest.raises(UsageError, match=r"^--minutes: 5 minutes is too short for 1 session\(s\)"
                       r" a week .* in week 1; use --minutes 18 or more or train on more days$"):
        make_plan(minutes=5, days=("mon",), weeks=10)
    # Enough for the first weeks, not for the heavier doses to come.
    with pytest.raises(UsageError, match=r"^--minutes: 12 minutes is too short for 1 session"
                       r"\(s\) a week .* by week 5, as the doses grow; use --minutes 18 or more"):
        make_plan(minutes=12, days=("mon",), weeks=10)
    check_rules(make_plan(minutes=18, days=("mon",), weeks=10))  # the advice is enough


def test_wall_time_skipped_by_dst_moves_forward():
    plan = make_plan(start=date(2026, 3, 23), time=time(2, 30), days=("sun",), weeks=1)
    session = next(plan.sessions())[1]
    assert session.date == date(2026, 3, 29)
    assert session.start.isoformat() == "2026-03-29T03:30:00+02:00"


def test_skipped_wall_time_never_leaves_its_day():
    # America/Nuuk springs forward at the end of Saturday 28 March 2026: 23:30 does not exist.
    plan = make_plan(start=date(2026, 3, 23), time=time(23, 30), days=("sat",), weeks=1,
                     timezone="America/Nuuk")
    session = next(plan.sessions())[1]
    assert session.start.date() == session.date == date(2026, 3, 28)


def test_deload_weeks_in_plan():
    plan = make_plan(weeks=8, deload_every=4)
    check_rules(plan)
    assert [w.deload for w in plan.weeks] == [False, False, False, True] * 2


def test_missing_region_in_catalog_names_it():
    lower_free = Catalog({k: v for k, v in shipped_catalog().exercises.items()
                          if v.region != "lower"}, (), ())
    with pytest.raises(UsageError, match="^catalog: no lower-back exercise"):
        make_plan(catalog=lower_free)


@st.composite
def random_catalogs(draw):
    shipped = list(shipped_catalog().exercises.values())
    chosen = []
    for region in REGIONS:
        pool = [ex for ex in shipped if ex.region == region]
        picked = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
        for ex in picked:
            low = draw(st.integers(1, 30))
            high = draw(st.integers(low, 30))
            chosen.append(ex._replace(reps=(low, high), per_side=draw(st.booleans()),
                                        equipment=()))
    return Catalog({ex.id: ex for ex in chosen}, (), ())


def _fixed_reps(reps, catalog=None):
    """The shipped catalog (or `catalog`) with every exercise's rep range set to `reps`."""
    catalog = catalog or shipped_catalog()
    return catalog._replace(exercises={key: ex._replace(reps=reps, equipment=())
                                       for key, ex in catalog.exercises.items()})


def _fitting(equipment):
    """The shipped exercises that `equipment` allows, as if they needed nothing."""
    catalog = shipped_catalog()
    return catalog._replace(exercises={key: ex._replace(equipment=(), alternatives=())
                                       for key, ex in catalog.exercises.items()
                                       if ex.fits(equipment)})


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@example(catalog=_fixed_reps((22, 22)), weeks=5, days={"mon", "tue", "wed", "thu", "fri"},
         minutes=20, level="intermediate", bands=["a"], seed=0, deload=0,
         start=date(2026, 11, 23), zone="UTC", block_weeks=1)  # once left a Friday empty
@example(catalog=shipped_catalog(), weeks=16, days={"thu", "fri"}, minutes=8, level="beginner",
         bands=["red"], seed=41, deload=4, start=date(2026, 11, 23), zone="UTC",
         block_weeks=3)  # once gave deload week 12 more exercises on the Friday than week 11
@example(catalog=_fitting(("loop",)), weeks=8, days={"sat"}, minutes=13, level="beginner",
         bands=["red", "green"], seed=159, deload=3, start=date(2026, 11, 23), zone="UTC",
         block_weeks=4)  # once changed both mid exercises between blocks
@given(
    catalog=random_catalogs(),
    weeks=st.integers(1, 30),
    days=st.sets(st.sampled_from(DAY_NAMES), min_size=1),
    minutes=st.integers(8, 120),
    level=st.sampled_from(["beginner", "intermediate", "advanced"]),
    bands=st.lists(st.text("abcxyz", min_size=1, max_size=6), min_size=1, max_size=6, unique=True),
    seed=st.integers(0, 2**32),
    deload=st.sampled_from([0, 2, 3, 4, 6]),
    start=st.dates(date(1900, 1, 1), date(2200, 6, 1)),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                          "Asia/Kolkata", "Pacific/Chatham", "Africa/Monrovia", "America/Nuuk"]),
    block_weeks=st.integers(1, 4),
)
def test_random_settings_and_catalogs_always_give_valid_plans(
        catalog, weeks, days, minutes, level, bands, seed, deload, start, zone, block_weeks):
    values = dict(catalog=catalog, weeks=weeks, days=tuple(d for d in DAY_NAMES if d in days),
                  minutes=minutes, level=level, bands=tuple(bands), seed=seed,
                  deload_every=deload, start=start, timezone=zone, block_weeks=block_weeks)
    try:
        plan = make_plan(**values)
    except UsageError as exc:
        # Only a time budget too small for long per-side sets may refuse; it must say so.
        assert str(exc).startswith("--minutes: "), exc
        return
    check_rules(plan, catalog)  # among them: no session empty, the rules between blocks
    assert plan_from_dict(plan.to_dict()) == plan
    assert make_plan(**values).to_dict() == plan.to_dict()


def test_blocks_keep_their_exercises_and_swap_one_per_region():
    plan = make_plan(weeks=12)
    check_rules(plan)
    spans = block_spans([w.deload for w in plan.weeks], 4)
    assert [len(span) for span in spans] == [4, 4, 4]
    blocks = [block_exercises(plan.weeks, span) for span in spans]
    for before, after in pairwise(blocks):
        changed = [r for r in REGIONS if set(before[r]) != set(after[r])]
        assert changed, "a rotation brings new exercises in where the pools allow"
        for region in changed:
            assert len(set(before[region]) - set(after[region])) == 1
    # Each week of a block repeats the first one, day by day.
    first = [[i.exercise for i in s.items] for s in plan.weeks[0].sessions]
    for week in plan.weeks[1:4]:
        assert [[i.exercise for i in s.items] for s in week.sessions] == first


@pytest.mark.parametrize("block_weeks", [1, 2, 6, 52])
def test_block_length_is_a_setting(block_weeks):
    plan = make_plan(weeks=12, block_weeks=block_weeks, deload_every=3)
    check_rules(plan)
    assert plan.settings.block_weeks == block_weeks


def test_a_deload_week_never_ends_a_block():
    deloads = [n % 4 == 0 for n in range(1, 13)]
    assert [list(span) for span in block_spans(deloads, 4)] == [
        [0, 1, 2], [3, 4, 5, 6], [7, 8, 9, 10], [11]]
    assert [list(span) for span in block_spans([False, True, False], 1)] == [[0], [1, 2]]


def test_one_session_a_week_holds_every_exercise_of_the_block_every_time():
    plan = make_plan(days=("sat",), weeks=8, minutes=40)
    check_rules(plan)
    for span in block_spans([w.deload for w in plan.weeks], 4):
        sessions = [s for index in span for s in plan.weeks[index].sessions]
        assert len({tuple(i.exercise for i in s.items) for s in sessions}) == 1


def test_fewer_minutes_means_fewer_exercises_never_rarer_ones():
    counts = []
    for minutes in (60, 30, 15, 8):
        plan = make_plan(minutes=minutes, weeks=4)
        check_rules(plan)  # every exercise of a block comes back every week
        counts.append(len(plan.exercises))
        per_week = {i.exercise for s in plan.weeks[0].sessions for i in s.items}
        assert per_week == set(plan.exercises)
    assert counts == sorted(counts, reverse=True) and counts[0] > counts[-1]


def test_sessions_never_plan_more_than_the_minutes_and_deloads_add_nothing():
    plan = make_plan(weeks=16, deload_every=4, minutes=25)
    check_rules(plan)
    longest = max(session_seconds(s) for _, s in plan.sessions())
    assert 25 * 60 * 2 / 3 <= longest <= 25 * 60


def test_levels_start_one_and_two_bands_up_but_below_the_heaviest():
    def first_band(level, bands):
        return next(make_plan(level=level, bands=bands, weeks=1).sessions())[1].items[0].band

    five = ("a", "b", "c", "d", "e")
    assert [first_band(level, five) for level in ("beginner", "intermediate", "advanced")] == [
        "a", "b", "c"]
    assert first_band("advanced", ("light", "medium", "heavy")) == "medium"
    assert first_band("advanced", ("light", "heavy")) == "light"
    assert first_band("intermediate", ("only",)) == "only"


def test_a_flat_band_through_an_anchor_serves_the_anchored_exercises():
    anchored = make_plan(equipment=("flat", "anchor"), weeks=8)
    plain = make_plan(equipment=(), weeks=8)
    check_rules(anchored)
    uses = {key: anchored.equipment_of(key) for key in anchored.exercises}
    assert ("flat", "anchor") in uses.values()
    assert all(ex.anchor != "fixed" for ex in plain.exercises.values())
    assert anchored.to_dict()["exercises"] != plain.to_dict()["exercises"]


@pytest.mark.parametrize("words, owned", [
    ("none", ("flat",)), ("flat,door", ("flat", "anchor")),
    ("handles,loop", ("flat", "tube", "loop")),
    ("TUBE, anchor,chair", ("flat", "tube", "anchor", "chair")),
])
def test_equipment_words_old_and_new_map_to_one_vocabulary(words, owned):
    from planner.settings import parse_equipment

    assert parse_equipment(words) == owned


def test_build_prints_planned_minutes_swaps_and_spare_time(cli, tmp_path):
    out = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--weeks", "8", "--minutes", "60")
    assert out.code == 0, out.err
    plan = plan_from_dict(json.loads((tmp_path / "plan.json").read_text()))
    lines = [" ".join(line.split()) for line in out.out.splitlines()]
    week1 = [session_seconds(s) for s in plan.weeks[0].sessions]
    shown = {rounded_minutes(seconds) for seconds in week1}
    span = f"{min(shown)}-{max(shown)}" if len(shown) > 1 else f"{min(shown)}"
    assert f"week 1: 1x8 on extra-light, about {span} of 60 min" in lines
    assert any(line.startswith("exercises: ") and " replaces " in line for line in lines)
    longest = rounded_minutes(max(session_seconds(s) for _, s in plan.sessions()))
    assert f"The sessions need at most about {longest} of your 60 minutes" in " ".join(lines)


def test_build_names_the_week_the_bands_run_out_and_what_to_add(cli, tmp_path):
    out = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--weeks", "40",
              "--bands", "light,medium", "--minutes", "40")
    assert out.code == 0, out.err
    text = " ".join(out.out.split())
    plan = plan_from_dict(json.loads((tmp_path / "plan.json").read_text()))
    top = next(week.number for week in plan.weeks for s in week.sessions for i in s.items
               if (i.sets, i.band, i.slack) == (3, "medium", "minimal")
               and i.reps == plan.exercises[i.exercise].reps[1])
    assert f"Week {top}: 3x12 on medium with minimal slack is as hard as your bands go" in text
    assert "add a heavier band (--bands light,medium,NAME) or hold two bands together" in text
    short = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--weeks", "4")
    assert "as hard as your bands go" not in short.out


CHAIR_ONLY = """
[[exercise]]
id = "{id}"
name = "{name}"
region = "{region}"
band = "loop"
anchor = "chair"
position = "seated"
per_side = false
reps = [8, 12]
equipment = [{equipment}]
steps = ["Sit and pull."]
cues = ["Breathe out as you pull.", "Breathe in as you return."]
source = "added"
"""


def test_build_says_what_owned_equipment_goes_unused_and_why(cli, tmp_path):
    # A chair without a loop band, when the only exercise with a chair also needs a loop...
    strict = tmp_path / "strict.toml"
    strict.write_text(CHAIR_ONLY.format(id="seated-back-extension", region="lower",
                                        name="Seated lower-back extension",
                                        equipment='"loop", "chair"'))
    out = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--equipment", "tube,anchor,chair",
              "--catalog", str(strict))
    assert out.code == 0, out.err
    text = " ".join(out.out.split())
    assert ("Not used: chair (what uses it, Seated lower-back extension, also needs loop)."
            in text)
    # ...and a short plan whose blocks picked other exercises.
    extra = tmp_path / "extra.toml"
    extra.write_text(strict.read_text() + CHAIR_ONLY.format(
        id="chair-pull", region="upper", name="Chair pull", equipment='"chair"'))
    out = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--equipment", "chair",
              "--minutes", "6", "--catalog", str(extra))
    assert out.code == 0, out.err
    text = " ".join(out.out.split())
    assert ("Not used: chair (Chair pull would use it, but the blocks of this plan picked "
            "others; more minutes or a longer plan make room).") in text
    everything = cli("build", "--start", "2026-11-23", "--tz", "UTC")
    assert "Not used" not in everything.out


def test_block_weeks_from_the_command_line_and_the_config(cli, tmp_path, monkeypatch):
    made = cli("build", "--start", "2026-11-23", "--tz", "UTC", "--weeks", "6",
               "--block-weeks", "2")
    assert made.code == 0, made.err
    assert json.loads((tmp_path / "plan.json").read_text())["settings"]["block_weeks"] == 2
    bad = cli("build", "--block-weeks", "0")
    assert bad.code == 2 and bad.err == "Error: --block-weeks: 0 is out of range; use 1 to 520\n"
    config = tmp_path / "config.toml"
    config.write_text("[build]\nblock-weeks = 3\n")
    monkeypatch.setenv("PLANNER_CONFIG", str(config))
    assert cli("build", "--start", "2026-11-23", "--tz", "UTC", "--weeks", "6").code == 0
    assert json.loads((tmp_path / "plan.json").read_text())["settings"]["block_weeks"] == 3
    config.write_text("[build]\nblock_weeks = 0\n")
    bad = cli("build", "--start", "2026-11-23", "--tz", "UTC")
    assert bad.code == 2 and bad.err.startswith(f"Error: {config}: build.block_weeks: 0 is out")


def _built_plan(tmp_path):
    """The plan `build` wrote, after checking it keeps every rule: no session is empty."""
    plan = plan_from_dict(json.loads((tmp_path / "plan.json").read_text()))
    check_rules(plan)
    assert all(session.items and session.focus for _, session in plan.sessions())
    return plan


def test_every_training_day_gets_an_exercise_when_no_further_one_fits(cli, tmp_path):
    """Three sets a dose (advanced) on one band in 11 minutes hold one exercise a session. A
    fourth day used to wait for a region's second exercise, which did not fit beside the other
    sessions, and stayed empty (from week 3 here); now a region's exercise comes back."""
    ok(cli("build", "--start", "2026-11-23", "--tz", "UTC", "--level", "advanced",
           "--days", "mon,tue,thu,fri", "--minutes", "11", "--bands", "red", "--weeks", "4",
           "--block-weeks", "1"))
    plan = _built_plan(tmp_path)
    assert [len(week.sessions) for week in plan.weeks] == [4] * 4
    assert all(session_seconds(s) <= 11 * 60 for _, s in plan.sessions())


def test_a_catalog_of_one_rep_count_per_exercise_leaves_no_session_empty(cli, tmp_path):
    """Every shipped exercise at 22-22 reps, 20 minutes on five days: once an empty Friday."""
    shipped = (ROOT / "catalogs" / "back.toml").read_text()
    fixed, count = re.subn(r"^reps = \[\d+, \d+\]$", "reps = [22, 22]", shipped, flags=re.M)
    assert count == len(shipped_catalog().exercises)
    catalog = tmp_path / "fixed.toml"
    catalog.write_text(fixed)
    ok(cli("build", "--start", "2026-11-23", "--tz", "UTC", "--catalog", str(catalog),
           "--level", "intermediate", "--days", "mon,tue,wed,thu,fri", "--minutes", "20",
           "--bands", "red", "--weeks", "5", "--block-weeks", "1"))
    plan = _built_plan(tmp_path)
    assert {item.reps for _, s in plan.sessions() for item in s.items} == {22}


def test_minutes_too_short_for_one_exercise_a_session_are_one_error_and_no_file(cli, tmp_path):
    args = ("build", "--start", "2026-11-23", "--tz", "UTC", "--level", "advanced",
            "--days", "mon,tue,thu,fri", "--bands", "red")
    line = error(cli(*args, "--minutes", "5"))
    assert line == ("Error: --minutes: 5 minutes is too short for 4 session(s) a week to train "
                    "the upper, mid and lower back in week 1; use --minutes 6 or more")
    assert not list(tmp_path.glob("plan*"))
    ok(cli(*args, "--minutes", "6"))  # the advice is enough, with something in every session
    _built_plan(tmp_path)



def test_a_deload_week_opening_a_block_adds_no_exercise_to_a_session(cli, tmp_path):
    """Week 12 is a deload week that opens a block. Its first placement used to put mid and
    lower on the Friday, which held one exercise the week before, as they fit there first."""
    ok(cli("build", "--start", "2026-11-23", "--tz", "UTC", "--days", "thu,fri", "--minutes",
           "8", "--bands", "red", "--seed", "41", "--deload-every", "4", "--block-weeks", "3",
           "--weeks", "16"))
    plan = _built_plan(tmp_path)
    before, deload = plan.weeks[10], plan.weeks[11]
    assert deload.deload and [len(s.items) for s in before.sessions] == [2, 1]
    assert [len(s.items) for s in deload.sessions] == [2, 1]


def test_between_blocks_one_exercise_a_region_changes_in_the_first_placement_too(cli, tmp_path):
    """In 13 minutes on one day the second block's doses leave room for one exercise a region.
    Mid's first choice, the one-arm row it held, no longer fits; its first placement used to
    take the next one in order, the new flat-band row, so both mid exercises changed at once.
    Now it keeps the other one it held."""
    ok(cli("build", "--start", "2026-11-23", "--tz", "UTC", "--days", "sat", "--minutes", "13",
           "--bands", "red,green", "--seed", "159", "--deload-every", "3", "--block-weeks", "4",
           "--weeks", "8", "--equipment", "loop"))
    plan = _built_plan(tmp_path)
    first, second = (block_exercises(plan.weeks, span) for span in block_spans(
        [w.deload for w in plan.weeks], 4))
    assert set(first["mid"]) == {"overhead-pulldown", "one-arm-row"}
    assert second["mid"] == ["overhead-pulldown"]


def test_when_the_exercises_a_region_may_keep_no_longer_fit_the_minutes_win(cli, tmp_path):
    """11 minutes on two days, from week 20 on: upper needs 354 s, mid 330 s, and the two lower
    exercises of the block before (Romanian deadlift, glute bridge) 354 s each, so two regions
    share a day in 660 s only as mid and a 330 s lower exercise: prone pull-apart replaces both
    (see docs/rules.md, "Blocks of the same exercises")."""
    ok(cli("build", "--start", "2026-11-23", "--tz", "UTC", "--days", "mon,wed", "--minutes",
           "11", "--bands", "red,green,blue", "--seed", "21", "--deload-every", "5",
           "--block-weeks", "3", "--weeks", "24", "--equipment", "loop"))
    plan = _built_plan(tmp_path)  # check_rules: no way within the rules fits the minutes
    spans = block_spans([w.deload for w in plan.weeks], 3)
    [(before, after)] = [(a, b) for a, b in pairwise(spans) if b.start == 19]
    assert set(block_exercises(plan.weeks, before)["lower"]) == {
        "flat-band-romanian-deadlift", "glute-bridge"}
    assert block_exercises(plan.weeks, after)["lower"] == ["prone-pull-apart"]
    week = plan.weeks[19]
    assert [[i.exercise for i in s.items] for s in week.sessions] == [
        ["band-pull-apart"], ["flat-band-row", "prone-pull-apart"]]
    assert [session_seconds(s) for s in plan.weeks[21].sessions] == [354, 660]
