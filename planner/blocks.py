"""Blocks: runs of weeks in which each part of the back keeps the same exercises. Pure.

The builder lays a plan out in blocks and the summary finds them again in a plan, so both
take the spans from here.
"""

from __future__ import annotations

from collections.abc import Sequence

from .exercise import REGIONS


def block_spans(deloads: Sequence[bool], block_weeks: int) -> list[range]:
    """The weeks (0-based) of each block: `block_weeks` long, except that a deload week never
    ends a block (it opens the next one, or joins the week after it), so a deload week always
    shares its exercises with the week that follows it."""
    weeks = len(deloads)
    spans: list[range] = []
    first = 0
    while first < weeks:
        end = min(first + block_weeks, weeks)
        if end < weeks and deloads[end - 1]:
            end = end - 1 if end - 1 > first else end + 1
        spans.append(range(first, end))
        first = end
    return spans


def block_exercises(weeks, span: range) -> dict[str, list[str]]:
    """Each region's exercise ids in the block, in order of first appearance."""
    found: dict[str, dict[str, None]] = {region: {} for region in REGIONS}
    for index in span:
        for session in weeks[index].sessions:
            for item in session.items:
                found[item.region].setdefault(item.exercise, None)
    return {region: list(ids) for region, ids in found.items()}
