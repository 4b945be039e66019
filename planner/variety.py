"""Advice on the variety the user's equipment allows. Pure: catalog and equipment in, lines out."""

from __future__ import annotations

from .exercise import EQUIPMENT, REGIONS


def variety_advice(catalog, owned: tuple[str, ...]) -> list[str]:
    """A line for each region that only one exercise fits, naming what would add more."""
    advice = []
    have = set(owned)
    for region in REGIONS:
        everything = catalog.by_region(region)
        usable = [ex for ex in everything if set(ex.equipment) <= have]
        if len(usable) != 1:
            continue
        line = (f"only one {region}-back exercise fits your equipment ({usable[0].name}), "
                "so every session repeats it")
        gains = {word: [ex.name for ex in everything
                        if ex not in usable and set(ex.equipment) <= have | {word}]
                 for word in EQUIPMENT if word not in have}
        best = max(gains, key=lambda word: len(gains[word]), default=None)
        if best is not None and gains[best]:
            names = ", ".join(gains[best])
            line += f"; with {best} ({EQUIPMENT[best]}) you would get {len(gains[best])} more: {names}"
        advice.append(line)
    return advice
