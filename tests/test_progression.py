from planner.progression import SLACKS, first_stage, next_stage, weekly_stages


def dose(stage, bands=("light", "medium", "heavy")):
    return (bands[stage.band], stage.sets, stage.reps((8, 12)), SLACKS[stage.slack])


def test_beginner_ladder_follows_the_articles():
    stages = weekly_stages("beginner", 3, 20)
    assert [dose(s) for s in stages[:12]] == [
        ("light", 1, 8, "normal"), ("light", 1, 10, "normal"), ("light", 1, 12, "normal"),
        ("light", 2, 8, "normal"), ("light", 2, 10, "normal"), ("light", 2, 12, "normal"),
        ("light", 3, 8, "normal"), ("light", 3, 10, "normal"), ("light", 3, 12, "normal"),
        # 3 x 12 with feel ok is held one more week (rule R5), then the next band at 3 x 8
        ("light", 3, 12, "normal"), ("medium", 3, 8, "normal"), ("medium", 3, 10, "normal"),
    ]


def test_heaviest_band_reduces_slack_then_holds():
    stage = first_stage("advanced", 1)
    seen = [dose(stage, ("only",))]
    for _ in range(30):
        stage = next_stage(stage, 1)
        seen.append(dose(stage, ("only",)))
    assert seen[:4] == [("only", 3, 8, "normal"), ("only", 3, 10, "normal"),
                        ("only", 3, 12, "normal"), ("only", 3, 8, "reduced")]  # one step each
    assert ("only", 3, 8, "minimal") in seen
    assert seen[-1] == seen[-2] == ("only", 3, 12, "minimal")
    assert all(d[0] == "only" for d in seen)


def test_levels_set_the_starting_point():
    assert dose(first_stage("beginner", 5), tuple("abcde")) == ("a", 1, 8, "normal")
    assert dose(first_stage("intermediate", 5), tuple("abcde")) == ("b", 2, 8, "normal")
    assert dose(first_stage("advanced", 5), tuple("abcde")) == ("c", 3, 8, "normal")
    assert dose(first_stage("advanced", 3), tuple("abc")) == ("b", 3, 8, "normal")
    assert dose(first_stage("advanced", 2), tuple("ab")) == ("a", 3, 8, "normal")  # not the top


def test_deload_week_is_one_set_on_the_same_band_and_pauses_progression():
    stages = weekly_stages("beginner", 3, 8, deload_every=4)
    assert [s.deload for s in stages] == [False, False, False, True] * 2
    assert dose(stages[3]) == ("light", 1, 8, "normal")
    assert dose(stages[4]) == ("light", 2, 8, "normal")  # resumes after week 3's 1 x 12


def test_deload_week_is_never_the_first_week_on_a_new_band():
    # Weeks 1-10 climb light 1 x 8 ... 3 x 12 (held once), so week 11 would be the first
    # on medium: as a deload week it stays on light, and medium starts in week 12.
    stages = weekly_stages("beginner", 3, 12, deload_every=11)
    assert dose(stages[9]) == ("light", 3, 12, "normal")
    assert dose(stages[10]) == ("light", 1, 8, "normal") and stages[10].deload
    assert dose(stages[11]) == ("medium", 3, 8, "normal")
    for number, stage in enumerate(stages[1:], start=1):
        if stage.deload:
            before = stages[number - 1]
            assert (stage.band, stage.slack) == (before.band, before.slack)
            assert (stage.sets, stage.rep_step) == (1, 0)


def test_rep_range_is_followed_for_other_ranges():
    stage = first_stage("beginner", 1)
    reps = []
    for _ in range(3):
        reps.append(stage.reps((10, 15)))
        stage = next_stage(stage, 1)
    assert reps == [10, 12, 15]
