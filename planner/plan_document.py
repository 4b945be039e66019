"""The plan document: a Plan as the bytes of STEM.json, the plan of record and the JSON
export. Reading one back is plan_file.py's job (and lineage.py's, for what a rebuild keeps);
a build that only writes loads none of the reading checks."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .plan import Plan

MAX_PLAN_BYTES = 64 * 1024 * 1024  # the most a plan file may hold to be read back


def plan_json(plan: Plan) -> bytes:
    """The plan document as written to STEM.json: the plan of record and the JSON export.

    Indented, with one session a line: readable, and written by json's C encoder (an indented
    dump is pure Python and took most of a short build's run time)."""
    document = plan.to_dict()
    weeks = document.pop("weeks")
    head = json.dumps(document, indent=2, ensure_ascii=False)
    one_line = json.JSONEncoder(ensure_ascii=False).encode
    blocks = []
    for week in weeks:
        sessions = ",\n".join("      " + one_line(s) for s in week["sessions"])
        blocks.append(f'    {{"number": {one_line(week["number"])}, '
                      f'"deload": {one_line(week["deload"])}, "sessions": ['
                      + (f"\n{sessions}\n    " if sessions else "") + "]}")
    text = head[:-2] + ',\n  "weeks": [\n' + ",\n".join(blocks) + "\n  ]\n}\n"
    return text.encode("utf-8")
