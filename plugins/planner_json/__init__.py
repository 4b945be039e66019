"""Built-in `json` exporter: the plan document itself, with a stable key order."""

from __future__ import annotations

from planner.api import Plan, hookimpl, plan_json


class JsonExporter:
    name = "json"
    suffix = ".json"
    description = "The plan as JSON (band-planner/plan version 1), for tools and re-export"
    options: dict[str, str] = {}

    def render(self, plan: Plan, options: dict[str, str]) -> bytes:
        return plan_json(plan)


@hookimpl
def register_exporters(register):
    register(JsonExporter())
