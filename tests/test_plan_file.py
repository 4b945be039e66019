import json

import pytest

from planner.errors import PlanFileError
from planner.plan import Plan
from planner.plan_file import read_plan

from conftest import make_plan, mutated, validate_against_schema


def test_round_trip_is_exact():
    plan = make_plan(weeks=3, deload_every=2)
    document = plan.to_dict()
    validate_against_schema(document)
    again = Plan.from_dict(json.loads(json.dumps(document)))
    assert again == plan
    assert again.to_dict() == document


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
])
def test_bad_plan_files_name_file_and_field(tmp_path, document, raw, message):
    path = write(tmp_path, document, raw)
    with pytest.raises(PlanFileError) as caught:
        read_plan(path)
    assert str(caught.value) == f"{path}: {message}"


def test_missing_plan_file(tmp_path):
    with pytest.raises(PlanFileError, match="no such plan file"):
        read_plan(tmp_path / "nope.json")


def test_validator_is_generated_once_and_kept_in_the_cache(tmp_path, monkeypatch):
    import fastjsonschema

    from planner import plan_file

    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path))
    make_validator = plan_file._schema_validator.__wrapped__
    document = make_plan(weeks=1).to_dict()
    make_validator()(document)
    (entry,) = (tmp_path / "validators").glob("plan_*.py")
    with monkeypatch.context() as patched:
        patched.setattr(fastjsonschema, "compile_to_code", lambda *a: pytest.fail("regenerated"))
        make_validator()(document)
    entry.write_text("this is not python(")
    make_validator()(document)  # a damaged entry is generated again
    assert "def validate" in entry.read_text()
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        make_validator()({"format": "band-planner/plan"})


def test_validator_works_without_a_writable_cache(tmp_path, monkeypatch):
    import fastjsonschema

    from planner import plan_file

    (tmp_path / "file").write_text("")
    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path / "file"))
    validate = plan_file._schema_validator.__wrapped__()
    document = make_plan(weeks=1).to_dict()
    assert validate(document) == document
    with pytest.raises(fastjsonschema.JsonSchemaValueException):
        validate({"format": "band-planner/plan"})
    assert (tmp_path / "file").read_text() == ""


def test_validator_cache_others_can_write_is_not_used(tmp_path, monkeypatch):
    import os

    import fastjsonschema

    from planner import plan_file

    monkeypatch.setenv("PLANNER_CACHE_DIR", str(tmp_path))
    make_validator = plan_file._schema_validator.__wrapped__
    make_validator()
    (entry,) = (tmp_path / "validators").glob("plan_*.py")
    assert entry.stat().st_mode & 0o077 == 0 and entry.parent.stat().st_mode & 0o077 == 0
    entry.write_text(entry.read_text() + "\nraise SystemExit('planted code ran')\n")
    os.chmod(entry, 0o666)
    real_compile = fastjsonschema.compile_to_code
    calls = []
    monkeypatch.setattr(fastjsonschema, "compile_to_code", lambda s: calls.append(1) or real_compile(s))
    make_validator()(make_plan(weeks=1).to_dict())  # rewritten, never imported as it was
    assert calls == [1]
    assert "planted" not in entry.read_text()
