import json
import re

import pytest

from planner.errors import PlanFileError
from planner.plan_file import plan_from_dict, read_plan

from conftest import ROOT, make_plan, mutated, validate_against_schema


def test_round_trip_is_exact():
    plan = make_plan(weeks=3, deload_every=2)
    document = plan.to_dict()
    validate_against_schema(document)
    again = plan_from_dict(json.loads(json.dumps(document)))
    assert again == plan
    assert again.to_dict() == document
    assert "logged" not in document  # built without the log: nothing to say


def test_round_trip_with_what_the_log_holds():
    from datetime import date

    from planner.plan import Logged

    plan = make_plan(weeks=1)
    one_sided = next(key for key, ex in plan.exercises.items() if ex.per_side)
    two_sided = next(key for key, ex in plan.exercises.items() if not ex.per_side)
    plan = plan._replace(logged={
        one_sided: Logged(date(2026, 11, 20), ((8, 7), (8, 8)), "light", "added", "hard"),
        two_sided: Logged(date(2026, 11, 18), (12, 12, 11), "medium", "normal", None)})
    document = json.loads(json.dumps(plan.to_dict()))
    validate_against_schema(document)
    assert document["logged"][one_sided]["sets"] == [[8, 7], [8, 8]]
    assert plan_from_dict(document) == plan


LOGGED = {"date": "2026-11-20", "sets": [12, 12], "band": "light", "slack": "normal",
          "feel": "ok"}


def write(tmp_path, data, raw=None):
    path = tmp_path / "plan.json"
    if raw is not None:
        path.write_bytes(raw)
    else:
        path.write_text(json.dumps(data))
    return path


@pytest.mark.parametrize("document, raw, message", [
    (None, b"{not json", "not JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
    (None, b"\xff\xfe{}", "not UTF-8 text (bad byte at offset 0)"),
    ([1, 2], None, "not a band-planner plan (the document is not a JSON object)"),
    ({"format": "other"}, None, 'format: not a band-planner plan (expected "format": "band-planner/plan")'),
    (mutated(lambda d: d.update(version=2)), None,
     "version: 2 was written by a newer band-planner; this one reads version 1: upgrade band-planner"),
    (mutated(lambda d: d["weeks"][0]["sessions"][0]["items"][0].update(sets="3")), None,
     "weeks.0.sessions.0.items.0.sets: must be integer"),
    (mutated(lambda d: d["weeks"][0]["sessions"][0]["items"][0].update(exercise="ghost")), None,
     "weeks.0.sessions.0.items.0.exercise: 'ghost' is not among the plan's exercises"),
    (mutated(lambda d: d["weeks"][0]["sessions"][0].update(date="2026-02-30")), None,
     "weeks.0.sessions.0.date: '2026-02-30' is not a calendar date"),
    (mutated(lambda d: d.pop("exercises")), None, "document: must contain ['exercises'] properties"),
    (mutated(lambda d: d.update(logged={"ghost": LOGGED})), None,
     "logged.ghost: not an exercise of this plan"),
    (mutated(lambda d: d.update(logged={"band-pull-apart": {**LOGGED, "date": "2026-13-01"}})),
     None, "logged.band-pull-apart.date: '2026-13-01' is not a calendar date"),
    (mutated(lambda d: d.update(logged={"band-pull-apart": {**LOGGED, "sets": [101]}})), None,
     "logged.band-pull-apart.sets.0: must be reps from 0 to 100, or [left, right]"),
    (mutated(lambda d: d.update(logged={"band-pull-apart": {**LOGGED, "sets": [[8, 8, 8]]}})),
     None, "logged.band-pull-apart.sets.0: must contain less than or equal to 2 items"),
    (mutated(lambda d: d.update(logged={"band-pull-apart": {**LOGGED, "sets": [[8, True]]}})),
     None, "logged.band-pull-apart.sets.0: must be reps from 0 to 100, or [left, right]"),
])
def test_bad_plan_files_name_file_and_field(tmp_path, document, raw, message):
    path = write(tmp_path, document, raw)
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    assert str(caught.value) == f"{path}: {message}"


def test_missing_plan_file(tmp_path):
    with pytest.raises(PlanFileError, match="no such plan file"):
        read_plan(tmp_path / "nope.json")


def test_shipped_validator_is_generated_from_the_shipped_schema():
    """planner/schema/plan_validator.py is exactly what generate.py makes of plan.schema.json.
    Other fastjsonschema versions write other code, so the test extra pins the version that
    generated the module, and this checks the pin, the installed version and the module's
    banner agree: regenerating with a new version means changing the pin with it."""
    import tomllib

    import fastjsonschema

    from planner.schema import generate

    shipped = generate.MODULE.read_text("utf-8")
    banner = re.search(r"\(fastjsonschema ([^)]+)\)", shipped.splitlines()[0])
    assert banner, shipped.splitlines()[0]
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))[
        "project"]["optional-dependencies"]["test"]
    pins = [r for r in extra if re.match(r"fastjsonschema\b", r)]
    assert pins == [f"fastjsonschema=={banner[1]}"], (pins, banner[1])
    assert fastjsonschema.VERSION == banner[1], (
        f"fastjsonschema {fastjsonschema.VERSION} is installed, the test extra pins "
        f"{banner[1]}: pip install -e '.[test]'")
    assert generate.generate() == shipped, "run python -m planner.schema.generate"


def test_shipped_validator_judges_documents_as_the_schema_does():
    """The same verdicts as a validator compiled now, and as jsonschema, on good and bad plans."""
    import fastjsonschema
    import jsonschema

    from planner.schema import SCHEMA_PATH
    from planner.schema.errors import JsonSchemaValueException
    from planner.schema.plan_validator import validate

    schema = json.loads(SCHEMA_PATH.read_text("utf-8"))
    fresh = fastjsonschema.compile({k: v for k, v in schema.items() if k != "$id"})
    good = make_plan(weeks=2).to_dict()
    bad = [
        {"format": "band-planner/plan"},
        mutated(lambda d: d["weeks"][0]["sessions"][0]["items"][0].update(sets=4)),
        mutated(lambda d: d["weeks"][0]["sessions"][0].update(revision=-1)),
        mutated(lambda d: d.update(revision="1")),
        mutated(lambda d: d["settings"].update(time="25:00")),
        mutated(lambda d: d["weeks"][0]["sessions"][0].update(extra=1)),
    ]
    assert validate(good) == fresh(good) == good
    jsonschema.Draft7Validator(schema).validate(good)
    for document in bad:
        with pytest.raises(JsonSchemaValueException) as ours:
            validate(document)
        with pytest.raises(fastjsonschema.JsonSchemaValueException) as library:
            fresh(document)
        assert (ours.value.message, ours.value.path, ours.value.rule) == (
            library.value.message, library.value.path, library.value.rule)
        assert not jsonschema.Draft7Validator(schema).is_valid(document)
        with pytest.raises(jsonschema.ValidationError):  # the tests' validator, refs inlined
            validate_against_schema(document)


def test_reading_a_plan_writes_and_runs_nothing_from_the_cache(tmp_path, monkeypatch):
    from planner.plan_document import plan_json

    path = tmp_path / "plan.json"
    path.write_bytes(plan_json(make_plan(weeks=1)))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    read_plan(path)
    assert not (tmp_path / "cache").exists() and not (tmp_path / "home").exists()


def test_the_written_document_is_the_plans_dict_one_session_a_line():
    from planner.plan_document import plan_json

    plan = make_plan(weeks=3, deload_every=2)
    text = plan_json(plan).decode("utf-8")
    assert json.loads(text) == plan.to_dict()
    sessions = [s for _, s in plan.sessions()]
    assert sum(line.lstrip().startswith('{"uid": ') for line in text.splitlines()) == len(sessions)
    assert text.endswith("]\n}\n")
