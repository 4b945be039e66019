"""Which plan session a `planner log WHEN` means: today, yesterday, a date, or a uid."""

from __future__ import annotations

from datetime import date, timedelta

from ..dates import today
from ..plan import Plan, Session, Week
from .entry import LogError, shown


def today_in(plan: Plan) -> date:
    """Today's date in the plan's time zone ($PLANNER_TODAY when it is set)."""
    return today(plan.timezone)


def parse_day(text: str, plan: Plan, where: str) -> date:
    """`today`, `yesterday` (in the plan's zone) or YYYY-MM-DD."""
    word = text.strip().lower()
    if word == "today":
        return today_in(plan)
    if word == "yesterday":
        return today_in(plan) - timedelta(days=1)
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise LogError(f"{where}: {shown(text)} is not a date; use today, yesterday or "
                       "YYYY-MM-DD") from None


def find_session(plan: Plan, when: str, plan_path: str) -> tuple[Week, Session]:
    """The session WHEN names in the plan; a date without one names the nearest sessions."""
    for week, session in plan.sessions():
        if session.uid == when:
            return week, session
    if "@" in when:
        raise LogError(f"WHEN: no session {shown(when)} in {plan_path}")
    day = parse_day(when, plan, "WHEN")
    on_day = [(w, s) for w, s in plan.sessions() if s.date == day]
    if len(on_day) == 1:
        return on_day[0]
    if len(on_day) > 1:
        uids = ", ".join(s.uid for _, s in on_day)
        raise LogError(f"WHEN: {day} has {len(on_day)} sessions in {plan_path}; name one by "
                       f"its uid: {uids}")
    raise LogError(f"WHEN: no session on {day:%a %Y-%m-%d} in {plan_path}; "
                   f"{nearest(plan, day)}")


def nearest(plan: Plan, day: date) -> str:
    sessions = [s for _, s in plan.sessions()]
    before = [s for s in sessions if s.date < day]
    after = [s for s in sessions if s.date > day]
    parts = []
    if before:
        parts.append(f"the one before is {before[-1].date:%a %Y-%m-%d}")
    if after:
        parts.append(f"the next is {after[0].date:%a %Y-%m-%d}")
    if not parts:
        return "the plan has no sessions"
    span = f" (the plan runs {sessions[0].date} to {sessions[-1].date})"
    return " and ".join(parts) + (span if not before or not after else "")
