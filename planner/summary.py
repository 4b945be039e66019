"""The terminal summary `planner build` prints: a week x day table of the routine."""

from __future__ import annotations

import shutil

from .plan import Plan, Session
from .settings import DAY_NAMES

REGION_MARK = {"upper": "U", "mid": "M", "lower": "L"}


def plan_summary(plan: Plan, written: list[str]) -> str:
    sessions = [s for _, s in plan.sessions()]
    first, last = sessions[0].start, sessions[-1].start
    lines = [
        f"{plan.name}: {len(plan.weeks)} week(s), {len(sessions)} sessions, "
        f"{first:%a %d %b %Y} to {last:%a %d %b %Y}, {first:%H:%M} {plan.timezone}",
        *(f"wrote {path}" for path in written),
        "",
        *_grid(plan),
        "",
        "U/M/L = upper, mid, lower back. Exercises: `planner catalog show ID`.",
    ]
    return "\n".join(lines)


def _grid(plan: Plan) -> list[str]:
    days = [d for d in DAY_NAMES if d in plan.settings["days"]]
    header = ["week", "dose", *[d.capitalize() for d in days]]
    rows = []
    for week in plan.weeks:
        dose = _dose(week)
        cells = {DAY_NAMES[s.date.weekday()]: _cell(s) for s in week.sessions}
        rows.append([str(week.number), dose, *[cells.get(d, []) or ["-"] for d in days]])
    widths = [max(len(header[i]), *(_width(row[i]) for row in rows)) for i in range(len(header))]
    if sum(widths) + 2 * len(widths) > shutil.get_terminal_size((100, 24)).columns:
        return _stacked(plan)
    out = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    for row in rows:
        height = max(len(c) if isinstance(c, list) else 1 for c in row)
        for k in range(height):
            out.append(_line([_part(c, k) for c in row], widths))
    return out


def _dose(week) -> str:
    """Sets x reps and band of the week; a rep range where exercises' ranges differ."""
    items = [item for session in week.sessions for item in session.items]
    if not items:
        return "-"
    reps = sorted({item.reps for item in items})
    first = items[0]
    dose = f"{first.sets}x{reps[0]}" + (f"-{reps[-1]}" if len(reps) > 1 else "") + f" {first.band}"
    if first.slack != "normal":
        dose += f", {first.slack} slack"
    return dose + (" (deload)" if week.deload else "")


def _cell(session: Session) -> list[str]:
    marks = "/".join(REGION_MARK[r] for r in session.focus)
    return [f"{session.date:%d %b} {marks}", *(item.exercise for item in session.items)]


def _stacked(plan: Plan) -> list[str]:
    """One line per session, for terminals too narrow for the grid."""
    out = []
    for week, session in plan.sessions():
        item = session.items[0]
        marks = "/".join(REGION_MARK[r] for r in session.focus)
        out.append(f"week {week.number:>3}  {session.date:%a %d %b}  {marks:<5}  "
                   f"{item.sets}x{item.reps} {item.band}: "
                   + ", ".join(i.exercise for i in session.items))
    return out


def _width(cell) -> int:
    return max(map(len, cell)) if isinstance(cell, list) else len(cell)


def _part(cell, k: int) -> str:
    if isinstance(cell, list):
        return cell[k] if k < len(cell) else ""
    return cell if k == 0 else ""


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
