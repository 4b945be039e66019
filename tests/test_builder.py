from datetime import date, time
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from planner.builder import build_plan, item_seconds, session_uid
from planner.catalog import Catalog
from planner.errors import UsageError
from planner.exercise import REGIONS
from planner.plan_file import plan_from_dict
from planner.settings import DAY_NAMES, Settings

from conftest import make_plan, shipped_catalog, validate_against_schema


def check_rules(plan):
    """Every rule a built plan must satisfy."""
    validate_against_schema(plan.to_dict())
    owned = plan.settings["bands"]
    for week in plan.weeks:
        assert {r for s in week.sessions for r in s.focus} == set(REGIONS)
        for session in week.sessions:
            assert session.start.date() == session.date
            assert DAY_NAMES[session.date.weekday()] in plan.settings["days"]
            used = sum(item_seconds(plan.exercises[i.exercise], i.sets, i.reps)
                       for i in session.items)
            assert used <= session.minutes * 60
            assert len({i.exercise for i in session.items}) == len(session.items)
            for item in session.items:
                exercise = plan.exercises[item.exercise]
                low, high = exercise.reps
                assert low <= item.reps <= high
                assert 1 <= item.sets <= 3
                assert item.band in owned
                assert set(exercise.equipment) <= set(plan.settings["equipment"])
                if week.deload:
                    assert item.sets == 1


def assert_no_back_to_back_repeats(plan):
    sessions = [s for _, s in plan.sessions()]
    for before, after in pairwise(sessions):
        assert not {i.exercise for i in before.items} & {i.exercise for i in after.items}


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


def test_consecutive_sessions_do_not_repeat_exercises():
    assert_no_back_to_back_repeats(make_plan(weeks=12))


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
    assert set(bands) == {"red"}
    assert slacks[-1] == "minimal"


def test_equipment_limits_exercises_and_names_the_fix():
    plan = make_plan(equipment=("loop",))
    check_rules(plan)
    assert all(set(ex.equipment) <= {"loop"} for ex in plan.exercises.values())
    # A catalog whose lower-back exercises all need more than a flat band names the fix.
    shipped = shipped_catalog()
    needy = shipped._replace(exercises={key: ex for key, ex in shipped.exercises.items()
                                        if ex.region != "lower" or ex.equipment})
    with pytest.raises(UsageError) as caught:
        make_plan(equipment=(), catalog=needy)
    assert str(caught.value).startswith("--equipment: no lower-back exercise works with your "
                                        "equipment (none); add handles or loop")


def test_a_plain_flat_band_alone_trains_every_region_with_variety():
    """Someone who owns one flat band gets a plan, with two or more exercises a region."""
    from planner.variety import variety_advice

    plan = make_plan(equipment=(), weeks=2)
    check_rules(plan)
    assert all(not ex.equipment for ex in plan.exercises.values())
    for region in ("upper", "mid", "lower"):
        assert len({ex.id for ex in plan.exercises.values() if ex.region == region}) >= 2
    assert variety_advice(shipped_catalog(), ()) == []


def test_a_region_left_with_one_exercise_is_named_with_what_adds_more():
    from planner.variety import variety_advice

    shipped = shipped_catalog()
    lower_plain = [key for key, ex in shipped.exercises.items()
                   if ex.region == "lower" and not ex.equipment]
    thin = shipped._replace(exercises={key: ex for key, ex in shipped.exercises.items()
                                       if key not in lower_plain[1:]})
    [line] = variety_advice(thin, ("anchor",))
    kept = shipped.exercises[lower_plain[0]].name
    assert line.startswith(f"only one lower-back exercise fits your equipment ({kept})")
    loop_names = [ex.name for ex in shipped.exercises.values() if ex.region == "lower"
                  and ex.equipment and set(ex.equipment) <= {"anchor", "loop"}]
    assert f"with loop (a loop band, or a band tied into a loop) you would get {len(loop_names)} more" in line
    assert all(name in line for name in loop_names)


def test_short_sessions_spread_regions_over_the_week():
    plan = make_plan(minutes=6, weeks=10)
    check_rules(plan)
    assert any(len(s.focus) < 3 for _, s in plan.sessions())


def test_too_little_time_is_a_clear_error():
    with pytest.raises(UsageError, match=r"^--minutes: 1 minutes is too short for one exercise"):
        make_plan(minutes=1)
    with pytest.raises(UsageError, match=r"^--minutes/--days: week \d+ cannot cover"):
        make_plan(minutes=5, days=("mon",), weeks=10)


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


@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    catalog=random_catalogs(),
    weeks=st.integers(1, 30),
    days=st.sets(st.sampled_from(DAY_NAMES), min_size=3),
    minutes=st.integers(20, 120),
    level=st.sampled_from(["beginner", "intermediate", "advanced"]),
    bands=st.lists(st.text("abcxyz", min_size=1, max_size=6), min_size=1, max_size=6, unique=True),
    seed=st.integers(0, 2**32),
    deload=st.sampled_from([0, 2, 3, 4, 6]),
    start=st.dates(date(1900, 1, 1), date(2200, 6, 1)),
    zone=st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe",
                          "Asia/Kolkata", "Pacific/Chatham", "Africa/Monrovia", "America/Nuuk"]),
)
def test_random_settings_and_catalogs_always_give_valid_plans(
        catalog, weeks, days, minutes, level, bands, seed, deload, start, zone):
    values = dict(catalog=catalog, weeks=weeks, days=tuple(d for d in DAY_NAMES if d in days),
                  minutes=minutes, level=level, bands=tuple(bands), seed=seed,
                  deload_every=deload, start=start, timezone=zone)
    try:
        plan = make_plan(**values)
    except UsageError as exc:
        # Only a time budget too small for long per-side sets may refuse; it must say so.
        assert str(exc).startswith(("--minutes", "--minutes/--days")), exc
        return
    check_rules(plan)
    assert plan_from_dict(plan.to_dict()) == plan
    assert make_plan(**values).to_dict() == plan.to_dict()


def test_small_pools_avoid_repeats_by_taking_fewer_extras():
    plan = make_plan(equipment=("loop", "chair", "handles"), minutes=25, weeks=4)
    check_rules(plan)
    assert_no_back_to_back_repeats(plan)
