"""The errors the generated validator raises, so reading a plan does not import fastjsonschema.

Importing fastjsonschema loads its code generators too (about 4 ms of every `planner log`);
the generated module only needs these two classes, with fastjsonschema's constructor and
attributes (generate.py points the module's import here).
"""

from __future__ import annotations

import re
from typing import Any

_PARTS = re.compile(r"[.\[\]]+")


class JsonSchemaValueException(ValueError):
    """A value the schema rejects: `message`, the `value`, its `name` ("data.weeks[0]") and
    `path` (["data", "weeks", "0"]), and the `definition` and `rule` it breaks."""

    def __init__(self, message: str, value: Any = None, name: str | None = None,
                 definition: Any = None, rule: str | None = None) -> None:
        super().__init__(message)
        self.message, self.value, self.name = message, value, name
        self.definition, self.rule = definition, rule

    @property
    def path(self) -> list[str]:
        return [part for part in _PARTS.split(self.name or "") if part]


class JsonSchemaValuesException(ValueError):
    """Raised only by validators generated without fast failing; named by the generated code."""
