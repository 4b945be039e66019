"""The terminal summary `planner build` prints: a week x day table of the routine."""

from __future__ import annotations

import shutil
from collections import Counter

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
        *(["An exercise whose dose differs from the week's shows its own beside its name."]
          if _own_doses(plan) else []),
        "U/M/L = upper, mid, lower back. Exercises: `planner catalog show ID`.",
    ]
    return "\n".join(lines)


def _grid(plan: Plan) -> list[str]:
    days = [d for d in DAY_NAMES if d in plan.settings["days"]]
    header = ["week", "dose", *[d.capitalize() for d in days]]
    rows = []
    for week in plan.weeks:
        common = _common(week.sessions)
        dose = (common or "-") + (" (deload)" if week.deload else "")
        cells = {DAY_NAMES[s.date.weekday()]: _cell(s, common) for s in week.sessions}
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


def _item_dose(item) -> str:
    """One exercise's dose: sets x reps and band, and the slack unless it is normal."""
    dose = f"{item.sets}x{item.reps} {item.band}"
    return dose if item.slack == "normal" else f"{dose}, {item.slack} slack"


def _common(sessions) -> str:
    """The dose most exercises of these sessions have ("" for none)."""
    counts = Counter(_item_dose(item) for session in sessions for item in session.items)
    return counts.most_common(1)[0][0] if counts else ""


def _own_doses(plan: Plan) -> bool:
    return any(_item_dose(item) != _common(week.sessions)
               for week in plan.weeks for session in week.sessions for item in session.items)


def _named(item, common: str, template: str = "{} {}") -> str:
    """The exercise id, with its own dose when that differs from the common one."""
    own = _item_dose(item)
    return item.exercise if own == common else template.format(item.exercise, own)


def _cell(session: Session, common: str) -> list[str]:
    marks = "/".join(REGION_MARK[r] for r in session.focus)
    return [f"{session.date:%d %b} {marks}", *(_named(item, common) for item in session.items)]


def _stacked(plan: Plan) -> list[str]:
    """One line per session, for terminals too narrow for the grid."""
    out = []
    for week, session in plan.sessions():
        common = _common([session])
        marks = "/".join(REGION_MARK[r] for r in session.focus)
        deload = " (deload)" if week.deload else ""
        out.append(f"week {week.number:>3}  {session.date:%a %d %b}  {marks:<5}  "
                   f"{common}{deload}: "
                   + ", ".join(_named(i, common, "{} ({})") for i in session.items))
    return out


def _width(cell) -> int:
    return max(map(len, cell)) if isinstance(cell, list) else len(cell)


def _part(cell, k: int) -> str:
    if isinstance(cell, list):
        return cell[k] if k < len(cell) else ""
    return cell if k == 0 else ""


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()
