"""What a re-dose changed, in lines a trainee reads: `Fri 11 Dec  Band pull-apart  1×10 light
→ 1×8 light, added slack`. Pure."""

from __future__ import annotations

from .plan import Item, Plan, Session

SHOWN = 5  # lines shown before "and N more"


def dose_words(item: Item) -> str:
    slack = "" if item.slack == "normal" else f", {item.slack} slack"
    side = " each side" if item.per_side else ""
    return f"{item.sets}×{item.reps}{side} {item.band}{slack}"


def changed_items(before: Plan, after: Plan) -> list[tuple[Session, Item, Item]]:
    """Every item whose dose differs between two versions of one plan, in date order."""
    changes = []
    old_sessions = {session.uid: session for _, session in before.sessions()}
    for _, session in after.sessions():
        old = old_sessions.get(session.uid)
        if old is None or old.items == session.items:
            continue
        old_items = {item.exercise: item for item in old.items}
        for item in session.items:
            was = old_items.get(item.exercise)
            if was is not None and was != item:
                changes.append((session, was, item))
    return changes


def report(before: Plan, after: Plan, limit: int = SHOWN) -> list[str]:
    """The first `limit` changed doses, then a count of the rest; [] when nothing changed."""
    changes = changed_items(before, after)
    names = {key: exercise.name for key, exercise in after.exercises.items()}
    width = max((len(names.get(item.exercise, item.exercise)) for _, _, item in changes[:limit]),
                default=0)
    lines = [f"  {session.date:%a %d %b}  {names.get(item.exercise, item.exercise):<{width}}  "
             f"{dose_words(was)} → {dose_words(item)}" for session, was, item in changes[:limit]]
    if len(changes) > limit:
        lines.append(f"  and {len(changes) - limit} more")
    return lines
