"""`planner log --ask`: one question per exercise in a terminal; Enter means as prescribed."""

from __future__ import annotations

import sys
from typing import Any

import typer

from ..errors import UsageError
from ..plan import Plan, Session, Week
from ..progression import SLACKS
from ..terminal import visible
from .entry import FEELS, Entry, LogError, check_band, check_choice, parse_reps
from .record import entry_for

HELP = ("Answer with Enter for as prescribed, s for skipped, or the reps done (12,12,11; "
        "left/right 10/9,10/10), optionally followed by easy, ok, hard or pain, band=LEVEL and "
        "slack=added|normal|reduced|minimal.")


def ask_session(plan: Plan, week: Week, session: Session,
                already: set[str] | frozenset[str] = frozenset()) -> list[Entry]:
    """One question for each exercise of the session not `already` logged. Ctrl-C or Ctrl-D
    ends the questions with nothing logged."""
    if not sys.stdin.isatty():
        raise UsageError("needs a terminal; use --exercise ID --reps LIST instead", option="--ask")
    import shutil
    import textwrap

    width = min(100, shutil.get_terminal_size((80, 24)).columns - 1)
    typer.echo(textwrap.fill(f"{session.date:%a %d %b %Y}, week {week.number}. {HELP}", width))
    items = [item for item in session.items if item.exercise not in already]
    if len(items) < len(session.items):
        kept = ", ".join(visible(plan.exercises[key].name) for key in sorted(already)
                         if key in plan.exercises)
        typer.echo(f"Already logged, left as they are: {kept}.")
    if not items:
        raise UsageError("every exercise of this session is already logged; add "
                       "--replace to answer for them again", option="--ask")
    entries = []
    for number, item in enumerate(items, start=1):
        exercise = plan.exercises[item.exercise]
        side = " each side" if item.per_side else ""
        slack = "" if item.slack == "normal" else f", {item.slack} slack"
        question = (f"{number}/{len(items)} {visible(exercise.name)}: {item.sets} x "
                    f"{item.reps}{side} on {visible(item.band)}{slack}")
        while True:
            answer = _prompt(question)
            try:
                entries.append(answer_entry(plan, week, session, item, answer))
                break
            except LogError as exc:
                typer.echo(f"  {exc} — try again", err=True)
    return entries


def _prompt(question: str) -> str:
    """The answer; Ctrl-D ends the questions with one error line, Ctrl-C as any interrupt,
    each on a line of its own."""
    import click

    try:
        return typer.prompt(question, default="", show_default=False)
    except BaseException as exc:
        typer.echo("", err=True)  # end the prompt's line first
        if isinstance(exc, (EOFError, click.exceptions.Abort)):
            raise UsageError("input ended; nothing was logged", option="--ask") from None
        raise


def answer_entry(plan: Plan, week: Week, session: Session, item, answer: str) -> Entry:
    """One answer: '' (as prescribed), 's', or reps with an optional feel, band= and slack=."""
    words = answer.split()
    if not words:
        return entry_for(week, session, item, feel="ok")
    if len(words) == 1 and words[0].lower() in ("s", "skip", "skipped"):
        return entry_for(week, session, item, status="skipped")
    given: dict[str, Any] = {}
    for word in words:
        lower = word.lower()
        if lower in FEELS:
            given["feel"] = lower
        elif lower.startswith("band="):
            given["band"] = check_band(word[5:], plan.settings.bands, "band")
        elif lower.startswith("slack="):
            if lower[6:] not in SLACKS:
                raise LogError(f"slack: use one of {', '.join(SLACKS)}")
            given["slack"] = lower[6:]
        elif word.isalpha():
            check_choice(lower, FEELS, "feel")  # not a feel: says so, with a suggestion
        else:
            given["sets"] = parse_reps(word, item.per_side, "reps")
    return entry_for(week, session, item, **given)
