"""Reading a plan takes a quick path when the document is good: `plan_shape.accepts` (the
schema as a yes or no) and plan_file's one-pass read of the weeks. Neither may let by what the
full checks refuse, and both must give the same Plan, so every message of a bad plan still
comes from the full checks. Checked here on thousands of edits of a plan document: every
field replaced by values of other types, near values and the document's other values, keys
removed and added, lists shortened, reordered and lengthened."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest

from planner import plan_file
from planner.errors import PlanFileError
from planner.plan import Logged
from planner.schema import generate
from planner.schema.plan_shape import accepts
from planner.schema.plan_validator import validate

from conftest import make_plan


def test_shipped_shape_module_is_generated_from_the_shipped_schema():
    assert generate.generate_shape() == generate.SHAPE_MODULE.read_text("utf-8")


def base_document(figures: bool) -> dict:
    """Two weeks of two sessions (one week a deload), a revision, an id and stamp, and what
    the log holds; the exercises' figures (optional) only if `figures`."""
    plan = make_plan(weeks=2, deload_every=2, days=("mon", "thu"), minutes=15)
    one_sided = next(key for key, ex in plan.exercises.items() if ex.per_side)
    two_sided = next(key for key, ex in plan.exercises.items() if not ex.per_side)
    plan = plan._replace(revision=3, id="0123456789ab", stamp="2026-11-01T00:00:00Z", logged={
        one_sided: Logged(date(2026, 11, 20), ((8, 7), (8, 8)), "light", "added", "hard"),
        two_sided: Logged(date(2026, 11, 18), (12, 12, 11), "medium", "normal", None)})
    weeks = list(plan.weeks)
    first = weeks[0].sessions[0]._replace(revision=2)
    weeks[0] = weeks[0]._replace(sessions=(first, *weeks[0].sessions[1:]))
    document = json.loads(json.dumps(plan._replace(weeks=tuple(weeks)).to_dict()))
    for exercise in document["exercises"].values():
        if not figures:
            exercise.pop("figure", None)
    return document


BASE = base_document(figures=True)
OTHER_TYPES = [None, True, 0, -1, 2.0, float("nan"), "", [], {"a": 1}]


def leaves(node, path=()):
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from leaves(value, (*path, index))


STRINGS = sorted({v for _, v in leaves(BASE) if isinstance(v, str) and len(v) < 60})


def near(value, rng: random.Random) -> list:
    """Values like `value`: off by one, at the limits, another of the document's strings."""
    if type(value) is int:
        return [value + 1, value - 1, float(value), 10**6 + 1, 2**63, -(2**63) - 1]
    if isinstance(value, str):
        out = [value + "\n", " " + value, value.upper(), value * 30, value[:-1], value + "\x07",
               value + "\u202e", *rng.sample(STRINGS, 4)]
        try:
            day = date.fromisoformat(value[:10])
        except ValueError:
            return out
        for days in (-7, -1, 1, 6, 7):
            out.append((day + timedelta(days=days)).isoformat() + value[10:])
        out += ["1899-12-31" + value[10:], "2201-01-01" + value[10:], value[:5] + "02-30"
                + value[10:], value.replace("+01:00", "+02:00"), value.replace("T07:", "T02:"),
                value.replace(":00+", ":00:30+")]
        return out
    if isinstance(value, list):
        return [value[1:], value[:-1], value[::-1], value + value[:1], value[:1] + value]
    if isinstance(value, dict):
        return [{k: v for k, v in value.items() if k != key} for key in value] + [
            {**value, "extra": 1}]
    return []


def edits(document: dict, chosen, share: float = 1.0):
    """(path, value) pairs for the paths `chosen(path)` picks: the value at path replaced."""
    rng = random.Random(20261123)
    for path, value in leaves(document):
        if path and chosen(path):
            for new in [*OTHER_TYPES, *near(value, rng)]:
                if rng.random() < share:
                    yield path, new


def edited(text: str, path, value) -> dict:
    document = json.loads(text)
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def judged(document) -> tuple[bool, object]:
    """Whether the full checks pass the document, and their Plan or message."""
    try:
        return True, plan_file._read_checking(document, "plan")
    except PlanFileError as error:
        return False, str(error)


def weeks_part(path) -> bool:
    """The weeks, their sessions, and every item of the first and the last session (the
    one-pass read treats every item alike)."""
    if path[0] != "weeks":
        return False
    if len(path) > 5 and path[4] == "items":
        return path[1:4] in ((0, "sessions", 0), (1, "sessions", 1))
    return True


def head_part(path) -> bool:
    """Everything else (the exercises' figures: `test_figures`)."""
    return path[0] != "weeks"


def test_the_base_document_takes_the_quick_path():
    for document in (BASE, base_document(figures=False)):
        assert accepts(document)
        plan = plan_file._read_at_once(document)
        assert plan is not None and plan == judged(document)[1]


def check_edits(document: dict, chosen, share: float = 1.0) -> tuple[int, int]:
    """Every edit: `accepts` says yes only where the validator does, and the one-pass read
    gives a Plan only where the full checks give that Plan. The counts of edits that
    `accepts` refused and that the one-pass read took."""
    text = json.dumps(document)
    refused = quick_plans = 0
    for path, value in edits(document, chosen, share):
        document = edited(text, path, value)
        if not accepts(document):
            refused += 1
            continue
        validate(document)  # raises if the schema refuses what `accepts` let by
        quick = plan_file._read_at_once(document)
        if quick is not None:
            quick_plans += 1
            good, result = judged(document)
            assert good, (path, value, result)
            assert quick == result, (path, value)
    return refused, quick_plans


def test_the_quick_path_lets_by_nothing_the_full_checks_refuse_in_the_weeks():
    refused, quick_plans = check_edits(base_document(figures=False), weeks_part)
    assert refused > 500 and quick_plans > 50  # the edits reach both ways


def test_the_quick_path_lets_by_nothing_the_full_checks_refuse_elsewhere():
    refused, quick_plans = check_edits(base_document(figures=False), head_part, share=0.5)
    assert refused > 500 and quick_plans > 50


def test_figures():
    """An exercise with a figure, in a document of that exercise and one empty week: `accepts`
    says yes only where the validator does (the reads take the figure as parse_exercise
    reads it, either way)."""
    key, exercise = next((k, e) for k, e in BASE["exercises"].items() if "figure" in e)
    small = {**BASE, "exercises": {key: exercise}, "logged": {},
             "weeks": [{"number": 1, "deload": False, "sessions": []}]}
    assert accepts(small)
    refused = 0
    for path, value in edits(small, lambda path: path[:2] == ("exercises", key)):
        document = edited(json.dumps(small), path, value)
        if accepts(document):
            validate(document)
        else:
            refused += 1
    assert refused > 500


@pytest.mark.parametrize("change", [
    lambda d: d["weeks"].reverse(),
    lambda d: d["weeks"][0]["sessions"].reverse(),
    lambda d: d["weeks"].append(d["weeks"][0]),
    lambda d: d["weeks"][1]["sessions"].insert(0, d["weeks"][0]["sessions"][-1]),
    lambda d: d["weeks"][0]["sessions"][1].update(uid=d["weeks"][0]["sessions"][0]["uid"]),
    lambda d: d["weeks"][0]["sessions"][0]["items"].reverse(),
    lambda d: d.update(revision=1),
    lambda d: d.update(weeks=d["weeks"] * 300),
    lambda d: d["settings"].update(timezone="UTC"),
    lambda d: d["settings"].update(start="2026-11-24"),
    lambda d: d["settings"].update(bands=d["settings"]["bands"][1:]),
    lambda d: d["exercises"].pop(d["weeks"][0]["sessions"][0]["items"][0]["exercise"]),
])
def test_whole_document_edits(change):
    document = json.loads(json.dumps(BASE))
    change(document)
    quick = plan_file._read_at_once(document)
    good, result = judged(document)
    assert quick is None or (good and quick == result)
    if not good:
        with pytest.raises(PlanFileError) as caught:
            plan_file.plan_from_dict(document, "plan")
        assert str(caught.value) == result


def test_a_printable_uid_has_no_control_characters():
    """The one-pass read takes `uid.isprintable()` for plan_checks' "no control characters"."""
    from planner.terminal import has_controls

    every = "".join(map(chr, range(0x110000)))
    controls = {c for c in every if not c.isprintable()}
    assert not has_controls("".join(c for c in every if c not in controls))


def test_a_good_plan_is_read_without_the_validator_and_a_bad_one_with_it(tmp_path):
    """The validator (plan_validator.py, fastjsonschema's code) is loaded only to say what is
    wrong with a plan `accepts` refused."""
    import subprocess
    import sys

    from planner.plan_document import plan_json

    from conftest import PROBE

    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_bytes(plan_json(make_plan(weeks=1)))
    bad.write_text(json.dumps(edited(good.read_text(), ("weeks", 0, "number"), "1")))

    def modules(plan):
        done = subprocess.run([sys.executable, "-c", PROBE, "today", "--plan", str(plan),
                               "--on", "2026-11-23", "--log", str(tmp_path / "log.sqlite3")],
                              cwd=tmp_path, capture_output=True, text=True, timeout=120)
        report = json.loads(done.stderr.strip().splitlines()[-1])
        return report["code"], set(report["modules"]), done.stderr

    code, loaded, _ = modules(good)
    assert code in (0, None) and "planner.schema.plan_shape" in loaded
    assert "planner.schema.plan_validator" not in loaded
    code, loaded, said = modules(bad)
    assert code == 2 and "planner.schema.plan_validator" in loaded
    assert "bad.json: weeks.0.number: must be integer" in said
