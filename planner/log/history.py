"""What `planner history` and `planner next` print: a table, JSON, or CSV."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections.abc import Mapping

from ..terminal import visible
from .entry import Entry, SessionNote, format_sets


def history_json(entries: list[Entry], notes: dict[str, SessionNote]) -> str:
    """A JSON array, one object per line: each entry's `to_dict()` and its session's notes.

    Logs run to many thousands of entries that repeat a few doses and outcomes, so the part
    of an object after date and session is encoded once per distinct value (10,000 entries:
    about 0.03 s instead of 0.2 s for json.dumps of the whole list with an indent).
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    middles: dict[tuple, str] = {}
    tails: dict[str, str] = {}
    lines = []
    for entry in entries:
        middle = middles.get(entry[2:12])
        if middle is None:
            whole = entry.to_dict()  # date and session go first, as they do in to_dict
            del whole["date"], whole["session"]
            middle = middles[entry[2:12]] = encode(whole)[1:-1]
        tail = tails.get(entry.session)
        if tail is None:
            note = notes.get(entry.session) or SessionNote(entry.session, entry.date)
            tail = tails[entry.session] = encode(note.fields())[1:-1]
        lines.append(f'{{"date": "{entry.date.isoformat()}", "session": {encode(entry.session)}, '
                     f"{middle}, {tail}}}")
    return "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"


def history_table(entries: list[Entry], notes: dict[str, SessionNote],
                  names: Mapping[str, str] | None = None) -> list[str]:
    """One line per exercise, grouped by session; a session's effort, minutes and note below.
    Exercises go by their `names`, with the id beside them where the terminal is wide enough."""
    names = names or {}
    header = ["date", "exercise", "id", "done", "band", "feel", "planned"]
    rows, after = [], {}
    for entry in entries:
        rows.append([entry.date.isoformat(), visible(names.get(entry.exercise, entry.exercise)),
                     visible(entry.exercise), _done(entry),
                     _band(entry.band, entry.slack) if entry.band else "",
                     entry.feel or "", _target(entry)])
        after[len(rows) - 1] = entry.session
    widths = [max(len(header[i]), *(len(r[i]) for r in rows)) for i in range(len(header))]
    columns = shutil.get_terminal_size((100, 24)).columns
    if sum(widths) + 2 * (len(widths) - 1) >= columns or all(r[1] == r[2] for r in rows):
        header, widths = header[:2] + header[3:], widths[:2] + widths[3:]  # names only
        rows = [row[:2] + row[3:] for row in rows]
    # Still too wide: the names wrap at spaces, the other columns stay whole.
    widths[1] = max(14, min(widths[1], columns - 1 - sum(widths) + widths[1]
                            - 2 * (len(widths) - 1)))
    lines = [_line(header, widths), _line(["-" * w for w in widths], widths)]
    for index, row in enumerate(rows):
        if index and rows[index - 1][0] == row[0]:
            row = ["", *row[1:]]
        first, *more = textwrap.wrap(row[1], widths[1], break_on_hyphens=False) or [""]
        lines.append(_line([row[0], first, *row[2:]], widths))
        lines += [_line(["", name], widths[:2]) for name in more]
        session = after[index]
        last_of_session = index + 1 == len(rows) or after[index + 1] != session
        note = notes.get(session)
        if last_of_session and note is not None and not note.is_empty():
            lines.append(_fit(" " * (widths[0] + 2) + _note_text(note), columns))
    return lines


def said(entry: Entry) -> str:
    """What was done, in a few words: `12,12,11 reps on light, added slack, felt ok`."""
    if entry.status == "skipped":
        return "skipped"
    slack = "" if entry.slack == "normal" else f", {entry.slack} slack"
    feel = f", felt {entry.feel}" if entry.feel else ""
    return f"{format_sets(entry.sets)} reps on {visible(entry.band or '')}{slack}{feel}"


def both_versions(new: Entry, old: Entry) -> str:
    """Two entries of one exercise and session side by side, told where they differ."""
    first, second = said(new), said(old)
    if first == second:  # they differ in what was planned
        first += f" (planned {_target(new)})"
        second += f" (planned {_target(old)})"
    return f"the file has {first}; the log has {second}"


def _done(entry: Entry) -> str:
    if entry.status == "skipped":
        return "skipped"
    return format_sets(entry.sets).replace(",", " ")


def _band(band: str, slack: str | None) -> str:
    text = visible(band)
    return text if slack in (None, "normal") else f"{text}, {slack} slack"


def _target(entry: Entry) -> str:
    """The planned dose; its band and slack only where they differ from what was used."""
    t = entry.target
    text = f"{t.sets}x{t.reps}" + ("/side" if entry.per_side else "")
    if (t.band, t.slack) != (entry.band, entry.slack) and entry.status == "done":
        text += " " + _band(t.band, t.slack)
    return text + (" deload" if entry.deload else "")


def _note_text(note: SessionNote) -> str:
    parts = []
    if note.effort is not None:
        parts.append(f"effort {note.effort}/10")
    if note.minutes is not None:
        parts.append(f"{note.minutes} min")
    if note.note:
        parts.append(f"“{visible(' '.join(note.note.split()))}”")
    return " · ".join(parts)


def _fit(text: str, columns: int) -> str:
    return text if len(text) <= columns else text[: max(10, columns - 1)] + "…"


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


def next_table(doses, names: dict[str, str]) -> list[str]:
    """`planner next` for people: exercise, dose and why, the why wrapped to the terminal."""
    import textwrap

    rows = [(visible(names.get(d.exercise, d.exercise)),
             f"{d.sets} x {d.reps} {_band(d.band, d.slack)}", visible(d.why)) for d in doses]
    name_w = max([len("exercise"), *(len(r[0]) for r in rows)])
    dose_w = max([len("next dose"), *(len(r[1]) for r in rows)])
    import sys

    # In a terminal the why wraps to its width; into a pipe or file it stays on one line.
    columns = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 10**6
    why_w = columns - name_w - dose_w - 5
    if why_w < 30:  # too narrow for three columns: each why on the lines below its dose
        lines = []
        for name, dose, why in rows:
            lines.append(f"{name:<{name_w}}  {dose}")
            lines += textwrap.wrap(why, max(30, columns - 5), initial_indent="    ",
                                   subsequent_indent="    ", break_on_hyphens=False)
        return lines + _outgrown(doses)
    lines = [f"{'exercise':<{name_w}}  {'next dose':<{dose_w}}  why",
             f"{'-' * name_w}  {'-' * dose_w}  {'-' * 3}"]
    for name, dose, why in rows:
        wrapped = textwrap.wrap(why, why_w, break_on_hyphens=False) or [""]
        lines.append(f"{name:<{name_w}}  {dose:<{dose_w}}  {wrapped[0]}")
        lines += [" " * (name_w + dose_w + 4) + more for more in wrapped[1:]]
    return lines + _outgrown(doses)


def _outgrown(doses) -> list[str]:
    if any(d.outgrown for d in doses):
        return ["", "You have outgrown your heaviest band for some exercises: get a heavier "
                "one and add it with --bands."]
    return []
