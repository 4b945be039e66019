"""The plan document: a Plan as the bytes of STEM.json, the plan of record and the JSON
export. Reading one back is plan_file.py's job (and lineage.py's, for what a rebuild keeps);
a build that only writes loads none of the reading checks."""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .plan import Plan

MAX_PLAN_BYTES = 64 * 1024 * 1024  # the most a plan file may hold to be read back


def plan_json(plan: Plan) -> bytes:
    """The plan document as written to STEM.json: the plan of record and the JSON export.

    Indented, with one session a line: readable, and the sessions written by json's C
    encoder (an indented dump is pure Python and took most of a short build's run time)."""
    document = plan.to_dict()
    weeks = document.pop("weeks")
    head = indented(document)
    one_line = json.JSONEncoder(ensure_ascii=False).encode
    blocks = []
    for week in weeks:
        sessions = ",\n".join("      " + one_line(s) for s in week["sessions"])
        blocks.append(f'    {{"number": {one_line(week["number"])}, '
                      f'"deload": {one_line(week["deload"])}, "sessions": ['
                      + (f"\n{sessions}\n    " if sessions else "") + "]}")
    text = head[:-2] + ',\n  "weeks": [\n' + ",\n".join(blocks) + "\n  ]\n}\n"
    return text.encode("utf-8")


def indented(value: Any) -> str:
    """`json.dumps(value, indent=2, ensure_ascii=False)`, byte for byte, in half the time.

    json's indented encoder is a chain of generators, one a level, through which every
    number of an exercise's figure passes; this writes each value once, into one list."""
    parts: list[str] = []
    add = parts.append

    def write(value: Any, pad: str) -> None:
        kind = type(value)
        if kind is str:
            add(encode_basestring(value))
        elif kind is dict:
            if not value:
                add("{}")
                return
            inner = pad + "  "
            opening = "{\n" + inner
            for key, item in value.items():
                if type(key) is not str:
                    raise TypeError(f"keys must be str, not {type(key).__name__}")
                add(opening + encode_basestring(key) + ": ")
                write(item, inner)
                opening = ",\n" + inner
            add("\n" + pad + "}")
        elif kind is list or kind is tuple:
            if not value:
                add("[]")
                return
            inner = pad + "  "
            opening = "[\n" + inner
            for item in value:
                add(opening)
                write(item, inner)
                opening = ",\n" + inner
            add("\n" + pad + "]")
        elif value is None:
            add("null")
        elif value is True:
            add("true")
        elif value is False:
            add("false")
        elif kind is int:
            add(int.__repr__(value))
        elif kind is float:
            add(_float(value))
        else:
            raise TypeError(f"Object of type {kind.__name__} is not JSON serializable")

    write(value, "")
    return "".join(parts)


def _float(value: float) -> str:
    """A float as json writes it: NaN and the infinities by their JavaScript names."""
    if value != value:
        return "NaN"
    return _INFINITIES.get(value) or float.__repr__(value)


_INFINITIES = {float("inf"): "Infinity", float("-inf"): "-Infinity"}
