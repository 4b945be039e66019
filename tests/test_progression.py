from planner.progression import SLACKS, first_stage, next_stage, weekly_stages


def dose(stage, bands=("light", "medium", "heavy")):
    return (bands[stage.band], stage.sets, stage.reps((8, 12)), SLACKS[stage.slack])


def test_beginner_ladder_follows_the_articles():
    stages = weekly_stages("beginner", 3, 20)
    assert [dose(s) for s in stages[:12]] == [
        ("light", 1, 8, "normal"), ("light", 1, 10, "normal"), ("light", 1, 12, "normal"),
        ("light", 2, 8, "normal"), ("light", 2, 10, "normal"), ("light", 2, 12, "normal"),
        ("light", 3, 8, "normal"), ("light", 3, 10, "normal"), ("light", 3, 12, "normal"),
        # 3 x 12 reached: next band, back to 8 reps
        ("medium", 3, 8, "normal"), ("medium", 3, 10, "normal"), ("medium", 3, 12, "normal"),
    ]


def test_heaviest_band_reduces_slack_then_holds():
    stage = first_stage("advanced", 1)
    seen = [dose(stage, ("only",))]
    for _ in range(30):
        stage = next_stage(stage, 1)
        seen.append(dose(stage, ("only",)))
    assert seen[:4] == [("only", 3, 8, "normal"), ("only", 3, 10, "normal"),
                        ("only", 3, 12, "normal"), ("only", 3, 8, "reduced")]
    assert ("only", 3, 8, "minimal") in seen
    assert seen[-1] == seen[-2] == ("only", 3, 12, "minimal")
    assert all(d[0] == "only" for d in seen)


def test_levels_set_the_starting_point():
    assert dose(first_stage("beginner", 5), tuple("abcde")) == ("a", 1, 8, "normal")
    assert dose(first_stage("intermediate", 5), tuple("abcde")) == ("b", 2, 8, "normal")
    assert dose(first_stage("advanced", 5), tuple("abcde")) == ("c", 3, 8, "normal")
    assert dose(first_stage("advanced", 2), tuple("ab")) == ("b", 3, 8, "normal")


def test_deload_week_is_one_set_on_the_same_band_and_pauses_progression():
    stages = weekly_stages("beginner", 3, 8, deload_every=4)
    assert [s.deload for s in stages] == [False, False, False, True] * 2
    assert dose(stages[3]) == ("light", 1, 8, "normal")
    assert dose(stages[4]) == ("light", 2, 8, "normal")  # resumes after week 3's 1 x 12


def test_rep_range_is_followed_for_other_ranges():
    stage = first_stage("beginner", 1)
    reps = []
    for _ in range(3):
        reps.append(stage.reps((10, 15)))
        stage = next_stage(stage, 1)
    assert reps == [10, 12, 15]
