"""Example third-party exporter: one plain-text line per exercise, with a box to tick."""

from planner.api import OptionError, hookimpl

MARKERS = {"box": "[ ]", "dash": "-"}


class ChecklistExporter:
    name = "checklist"
    suffix = ".txt"
    description = "Plain-text checklist, one line per exercise"
    options = {"marker": "box (default) or dash"}

    def render(self, plan, options):
        marker = options.get("marker", "box")
        if marker not in MARKERS:
            raise OptionError(f"--option checklist.marker: {marker!r} is not allowed; use box or dash")
        lines = [f"{plan.name}"]
        for week, session in plan.sessions():
            lines.append(f"\nWeek {week.number}, {session.start:%a %d %b %H:%M}")
            for item in session.items:
                exercise = plan.exercises[item.exercise]
                side = " per side" if item.per_side else ""
                lines.append(f"{MARKERS[marker]} {exercise.name}: {item.sets} x {item.reps}{side}, "
                             f"{item.band} band")
        return ("\n".join(lines) + "\n").encode("utf-8")


@hookimpl
def register_exporters(register):
    register(ChecklistExporter())
