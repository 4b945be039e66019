"""What a rebuild hands on from the plan file it replaces (planner.lineage): the id and
stamp, and each unchanged session's revision; a file that is not a plan hands on nothing."""

import json

import pytest

from conftest import load_json, ok

BUILD = ("build", "--weeks", "2", "--start", "2026-11-23", "--tz", "Europe/Berlin")


def _revisions(document):
    return [s["revision"] for week in document["weeks"] for s in week["sessions"]]


def test_a_rebuild_keeps_the_id_and_raises_only_changed_sessions(cli, tmp_path):
    ok(cli(*BUILD))
    first = load_json(tmp_path / "plan.json")
    ok(cli(*BUILD, "--time", "18:00"))  # every session moves: all raised
    moved = load_json(tmp_path / "plan.json")
    assert (moved["id"], moved["stamp"]) == (first["id"], first["stamp"])
    assert moved["revision"] == 1 and set(_revisions(moved)) == {1}
    ok(cli(*BUILD[:2], "3", *BUILD[3:], "--time", "18:00"))  # a week more, the rest as it was
    longer = load_json(tmp_path / "plan.json")
    assert longer["id"] == first["id"] and longer["revision"] == 1
    assert _revisions(longer) == [1] * 6 + [0] * 3
    assert [s["uid"] for w in longer["weeks"][:2] for s in w["sessions"]] == \
        [s["uid"] for w in first["weeks"] for s in w["sessions"]]


def test_a_plan_whose_other_parts_are_damaged_still_hands_on_its_id(cli, tmp_path):
    """Only what goes on is checked: an exercise's figure out of its box is not read."""
    ok(cli(*BUILD))
    path = tmp_path / "plan.json"
    document = load_json(path)
    exercise = next(iter(document["exercises"].values()))
    exercise["figure"] = "damaged"
    document["guidance"] = 7
    path.write_text(json.dumps(document))
    ok(cli(*BUILD))
    assert load_json(path)["id"] == document["id"]
    assert load_json(path)["revision"] == 0


@pytest.mark.parametrize("damage", [
    lambda d: d.update(id="ABCDEF012345"),
    lambda d: d.update(id="0123"),
    lambda d: d.update(stamp="2026-13-01T00:00:00Z"),
    lambda d: d.update(stamp="2026-11-23 00:00:00Z"),
    lambda d: d.update(revision=-1),
    lambda d: d.update(revision=True),
    lambda d: d.update(format="something/else"),
    lambda d: d.update(version=2),
    lambda d: d.update(weeks={}),
    lambda d: d.update(logged=[]),
    lambda d: d["weeks"][0].update(sessions=None),
    lambda d: d["weeks"][0]["sessions"][0].update(revision=3),  # above the plan's
    lambda d: d["weeks"][0]["sessions"][0].update(uid=["a"]),
    lambda d: d["weeks"][0]["sessions"].append(d["weeks"][0]["sessions"][0]),  # a uid twice
], ids=["uppercase-id", "short-id", "month-13", "no-T", "negative-revision", "true-revision",
        "format", "version", "weeks-object", "logged-list", "sessions-null",
        "session-above-plan", "uid-list", "uid-twice"])
def test_a_file_that_is_not_a_plan_hands_on_nothing(cli, tmp_path, damage):
    """Its id, stamp and revisions are not taken: the rebuild is a first build, byte for byte."""
    ok(cli(*BUILD, "--out-dir", "fresh"))
    fresh = (tmp_path / "fresh" / "plan.json").read_bytes()
    document = json.loads(fresh)
    document["id"], document["stamp"], document["revision"] = "0123456789ab", "", 1
    damage(document)
    (tmp_path / "plan.json").write_text(json.dumps(document))
    ok(cli(*BUILD))
    assert (tmp_path / "plan.json").read_bytes() == fresh


@pytest.mark.parametrize("content", [b"", b"\xff\xfe{}", b"[1, 2]", b"{" * 100_000, b"[" * 100_000,
                                     b"null"])
def test_unreadable_files_are_replaced_by_a_first_build(cli, tmp_path, content):
    ok(cli(*BUILD, "--out-dir", "fresh"))
    (tmp_path / "plan.json").write_bytes(content)
    ok(cli(*BUILD))
    assert (tmp_path / "plan.json").read_bytes() == (tmp_path / "fresh" / "plan.json").read_bytes()
