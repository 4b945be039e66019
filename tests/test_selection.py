"""The arranger's rules between blocks (planner.selection), with made-up seconds per exercise."""

from planner.exercise import Exercise
from planner.selection import Arranger, Template


def _exercise(key, region):
    return Exercise(id=key, name=key, region=region, band="long", anchor="none",
                    position="standing", per_side=False, reps=(8, 12), steps=(), cues=(),
                    equipment=(), source="test")


U, M1, M2 = _exercise("u", "upper"), _exercise("m1", "mid"), _exercise("m2", "mid")
L1, L2, L3 = _exercise("l1", "lower"), _exercise("l2", "lower"), _exercise("l3", "lower")
POOLS = {"upper": [U], "mid": [M1, M2], "lower": [L1, L2, L3]}


def _ids(template):
    return {region: [ex.id for ex in exercises] for region, exercises in template.chosen.items()}


def test_the_first_placement_keeps_one_exercise_a_region_held():
    """Lower held l1 (longest) and l2. The mid exercise not used lately (m2) comes first, but
    beside it neither l1 nor l2 fits, only l3: taking m2 would change both lower exercises.
    So mid keeps m1, and l1 alone makes way for l3."""
    previous = Template({"upper": (U,), "mid": (M1,), "lower": (L1, L2)}, ((U, M1, L1, L2),))
    costs = {"u": 300, "m1": 200, "m2": 450, "l1": 300, "l2": 300, "l3": 100}
    made = Arranger(POOLS, costs, days=1, budget=1000).arrange(previous, {"m2": -1, "l3": -1})
    assert made is not None
    assert _ids(made) == {"upper": ["u"], "mid": ["m1"], "lower": ["l2", "l3"]}


def test_when_nothing_a_region_may_keep_fits_the_minutes_win():
    """The doses grew: l1 and l2 no longer fit beside the other regions, l3 does."""
    previous = Template({"upper": (U,), "mid": (M1,), "lower": (L1, L2)}, ((U, M1, L1, L2),))
    costs = {"u": 200, "m1": 200, "m2": 400, "l1": 450, "l2": 450, "l3": 300}
    made = Arranger(POOLS, costs, days=1, budget=800).arrange(previous, {})
    assert made is not None
    assert _ids(made) == {"upper": ["u"], "mid": ["m1"], "lower": ["l3"]}


def test_a_deload_weeks_block_adds_no_exercise_to_a_day_in_its_first_placement():
    """The week before had upper and mid on the first day, lower on the second. Now upper fits
    beside neither: mid and lower share a day, and that is the first one, not the second."""
    previous = Template({"upper": (U,), "mid": (M1,), "lower": (L1,)}, ((U, M1), (L1,)))
    costs = {"u": 500, "m1": 300, "m2": 300, "l1": 300, "l2": 300, "l3": 300}
    made = Arranger(POOLS, costs, days=2, budget=700, cap=[2, 1]).arrange(previous, {})
    assert made is not None
    assert [len(slot) for slot in made.slots] == [2, 1]
    assert [ex.region for ex in made.slots[1]] == ["upper"]
