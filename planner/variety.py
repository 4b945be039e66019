"""Advice on what the user's equipment allows. Pure: catalog, equipment and plan in, lines out."""

from __future__ import annotations

from .exercise import EQUIPMENT, PLAIN_BAND, REGIONS, canonical_equipment


def variety_advice(catalog, owned: tuple[str, ...]) -> list[str]:
    """A line for each region that only one exercise fits, naming what would add more."""
    advice = []
    have = set(owned) | {PLAIN_BAND}
    for region in REGIONS:
        everything = catalog.by_region(region)
        usable = [ex for ex in everything if ex.fits(have)]
        if len(usable) != 1:
            continue
        line = (f"only one {region}-back exercise fits your equipment ({usable[0].name}), "
                "so every session repeats it")
        gains = {word: [ex.name for ex in everything
                        if ex not in usable and ex.fits(have | {word})]
                 for word in EQUIPMENT if word not in have}
        best = max(gains, key=lambda word: len(gains[word]), default=None)
        if best is not None and gains[best]:
            names = ", ".join(gains[best])
            line += f"; with {best} ({EQUIPMENT[best]}) you would get {len(gains[best])} more: {names}"
        advice.append(line)
    return advice


def unused_equipment(plan, catalog) -> str | None:
    """One line naming the owned equipment no exercise of the plan uses, and why."""
    owned = [canonical_equipment(word) for word in plan.settings.equipment]
    used = {word for key in plan.exercises for word in plan.equipment_of(key) or (PLAIN_BAND,)}
    reasons = []
    for word in owned:
        if word in used:
            continue
        users = [ex for ex in catalog.exercises.values()
                 if any(word in need for need in ex.options())]
        could = [ex for ex in users if word in (ex.equipment_for(owned) or ())]
        if could:
            names = _names([ex.name for ex in could])
            reasons.append(f"{word} ({names} would use it, but the blocks of this plan "
                           "picked others; more minutes or a longer plan make room)")
        elif users:
            missing = sorted({other for ex in users for need in ex.options() if word in need
                              for other in need if other not in owned and other != word})
            what = " or ".join(missing) or "other equipment"
            reasons.append(f"{word} (what uses it, {_names([ex.name for ex in users])}, "
                           f"also needs {what})")
        else:
            reasons.append(f"{word} (no exercise in the catalogs uses it)")
    if not reasons:
        return None
    return "Not used: " + "; ".join(reasons) + "."


def _names(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{names[0]} and {len(names) - 1} more"
