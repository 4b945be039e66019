"""The plan document's shape: what it says it is (format and version), and its JSON Schema
(plan.schema.json), checked by the code generated from it (generate.py): a quick yes or no
(`shape_ok`) and the validator that names the field (`check_shape`). What the schema cannot
say is checked by planner/plan_checks.py; plan_file.py turns the document into a Plan."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import PlanFileError
from ..plan import FORMAT, VERSION

SCHEMA_PATH = Path(__file__).parent / "plan.schema.json"


def check_shape(data: Any, source: str) -> None:
    """PlanFileError naming `source` and the field unless `data` is a plan document of this
    version, in the schema's shape."""
    _check_identity(data, source)
    _check_schema(data, source)


def shape_ok(data: Any) -> bool:
    """True only if `data` passes check_shape: the yes or no of plan_shape.py, generated from
    the schema like the validator and a few times quicker. It may say False of a good plan
    (check_shape then finds nothing wrong), never True of a bad one."""
    from .plan_shape import accepts  # generated code, loaded by the commands that read a plan

    return accepts(data)


def _check_identity(data: Any, source: str) -> None:
    """What the document says it is: a band-planner plan of a version this one reads."""
    if not isinstance(data, dict):
        raise PlanFileError(f"{source}: not a band-planner plan (the document is not a JSON object)")
    if data.get("format") != FORMAT:
        raise PlanFileError(f"{source}: format: not a band-planner plan "
                            f"(expected \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if type(version) is not int:
        raise PlanFileError(f"{source}: version: must be a whole number, not {version!r}")
    if version > VERSION:
        raise PlanFileError(f"{source}: version: {version} was written by a newer band-planner; "
                            f"this one reads version {VERSION}: upgrade band-planner")
    if version < VERSION:
        raise PlanFileError(f"{source}: version: {version} is not a known plan version "
                            f"(this band-planner reads version {VERSION})")


def _check_schema(data: dict, source: str) -> None:
    from .errors import JsonSchemaValueException
    from .plan_validator import validate  # generated from the schema, see generate.py

    try:
        validate(data)
    except JsonSchemaValueException as error:
        where = ".".join(str(p) for p in error.path[1:]) or "document"
        message = error.message.removeprefix(error.name or "").strip()
        raise PlanFileError(f"{source}: {where}: {_short(message)}") from None


def _short(message: str, limit: int = 160) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
