"""Built-in `json` exporter: the plan document itself, with a stable key order."""

from __future__ import annotations

import json

from planner import hookimpl


class JsonExporter:
    name = "json"
    suffix = ".json"
    description = "The plan as JSON (band-planner/plan version 1), for tools and re-export"
    options: dict[str, str] = {}

    def render(self, plan, options: dict[str, str]) -> bytes:
        text = json.dumps(plan.to_dict(), indent=2, ensure_ascii=False)
        return (text + "\n").encode("utf-8")


@hookimpl
def register_exporters(register):
    register(JsonExporter())
