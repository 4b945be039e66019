"""Which exercises a block holds and on which training day of the week. Pure.

A block repeats one weekly template: for each training day, its exercises. Every exercise of
the block is on at least one day of the template, so it recurs at least every 7 days. The
template is grown one place at a time (a place is a region's spot in one day's session) while
every day still fits the minutes at the block's heaviest doses:

1. each region gets one place somewhere in the week (else the plan cannot be built), within
   the rules between blocks below;
2. each day gets one place per region, then a second one per region; a day left without
   any in the first round (each region would need a further exercise, which does not fit)
   gets one for an exercise its region already has, so no session is empty;

and each region's places are shared round-robin by as many exercises as give each about
two sessions a week (fewer places, fewer exercises: never rarer ones). The next block keeps
the template's exercises but one per region (besides those a change in their number adds or
drops): the one held longest makes way for the one used least recently; and a block that a
deload week opens has no more exercises on any day than the week before. Only when no first
placement within those rules fits the minutes (the doses grew) is the block arranged without
them.
"""

from collections.abc import Mapping, Sequence
from itertools import combinations, islice, product
from typing import NamedTuple

from .exercise import REGIONS, Exercise

Costs = Mapping[str, int]  # exercise id -> its seconds in the block's heaviest week
MAX_PER_REGION = 2  # places of one region in one session
SESSIONS_EACH = 2  # about how many sessions a week each exercise gets, when days allow
MAX_TRIES = 200  # exercise combinations tried for one region's places


class Template(NamedTuple):
    """A block's week: per region its exercises (held longest first), per day its exercises."""

    chosen: Mapping[str, tuple[Exercise, ...]]
    slots: tuple[tuple[Exercise, ...], ...]

    def exercises(self) -> list[Exercise]:
        return [ex for region in REGIONS for ex in self.chosen[region]]


class Arranger:
    def __init__(self, pools: Mapping[str, Sequence[Exercise]], costs: Costs, days: int,
                 budget: int, cap: Sequence[int] | None = None):
        self.pools, self.costs, self.days, self.budget = pools, costs, days, budget
        self.cap = cap  # at most this many exercises per day (a deload week's block)

    def arrange(self, previous: Template | None,
                last_used: Mapping[str, int]) -> Template | None:
        """The block's template, or None when not every region fits into the week."""
        # The rules between blocks, for the first placements as for the others: what each
        # region held (at most one of it changes), and a deload week's cap.
        self.held = {region: set(previous.chosen[region]) if previous else None
                     for region in REGIONS}
        self.limit = self.cap
        order = {region: self._preference(region, previous, last_used) for region in REGIONS}
        kept = {region: [ex for ex in order[region] if self._few_changes(region, (ex,))]
                for region in REGIONS}  # with two or more held, one of those
        placed = self._cover(kept)
        if placed is None:  # the minutes leave no room for those rules: the minutes win
            self.held, self.limit = dict.fromkeys(REGIONS), None
            placed = self._cover(order)
        if placed is None:
            return None
        places, chosen = placed
        for round_ in range(MAX_PER_REGION):
            for day in range(self.days):
                for shift in range(len(REGIONS)):
                    region = REGIONS[(day + shift) % len(REGIONS)]
                    if places[region].count(day) != round_ or len(order[region]) <= round_:
                        continue
                    trial = {**places, region: sorted(places[region] + [day])}
                    picked = self._pick(region, order[region], trial, chosen)
                    if picked is not None:
                        places, chosen = trial, {**chosen, region: picked}
                if round_ == 0 and not any(day in places[region] for region in REGIONS):
                    places = self._fill(day, places, chosen)
        template = Template(chosen, self._slots(places, chosen))
        assert all(template.slots), "every training day holds an exercise"
        return template

    def _fill(self, day, places, chosen):
        """`day` with a place of the region with the fewest, for one of the exercises it
        already has, when no region could add a place with about two sessions for each of its
        exercises (a further exercise did not fit): an exercise comes more often than that
        rather than a session being empty.

        Only a fourth day or later can be left so (the regions' first places are on the first
        three days), and in the first round every place so far is on an earlier day: the new
        place is the region's last one and takes the next of its exercises in turn without
        moving any other. It fits, as that exercise fits some day already (and a deload
        week's cap, from a template whose every day holds an exercise, allows one)."""
        for region in sorted(REGIONS, key=lambda region: len(places[region])):
            trial = {**places, region: sorted(places[region] + [day])}
            if self._fits(trial, chosen, True):
                return trial
        return places

    def _preference(self, region: str, previous: Template | None,
                    last_used: Mapping[str, int]) -> list[Exercise]:
        pool = list(self.pools[region])
        if previous is None:
            return pool
        held = list(previous.chosen[region])
        # Never used first, then the longest unused, in the pool's order.
        others = sorted((ex for ex in pool if ex not in held),
                        key=lambda ex: last_used.get(ex.id, -1))
        if not others:
            return held
        return held[1:] + others + held[:1]

    def _cover(self, order):
        """One place per region, spread over the days as far as they allow (no day above a
        deload week's cap), each with the most preferred exercise that still leaves room for
        the regions after it."""
        cheapest = {region: min(self.costs[ex.id] for ex in order[region]) for region in REGIONS}
        assignments = sorted(product(range(self.days), repeat=len(REGIONS)),
                             key=lambda days: (-len(set(days)), days))
        if self.limit is not None:
            assignments = [days for days in assignments if all(
                days.count(day) <= limit for day, limit in enumerate(self.limit))]
        for days in assignments:
            load = [0] * self.days
            for region, day in zip(REGIONS, days, strict=True):
                load[day] += cheapest[region]
            if max(load) > self.budget:
                continue  # not even the cheapest exercises fit this way
            picked = self._cover_from(0, days, order, cheapest, [0] * self.days)
            if picked is not None:
                places = {region: [day] for region, day in zip(REGIONS, days, strict=True)}
                return places, {region: (ex,) for region, ex in zip(REGIONS, picked,
                                                                     strict=True)}
        return None

    def _cover_from(self, index, days, order, cheapest, load):
        if index == len(REGIONS):
            return []
        region, day = REGIONS[index], days[index]
        rest = [0] * self.days
        for later, later_day in zip(REGIONS[index + 1:], days[index + 1:], strict=True):
            rest[later_day] += cheapest[later]
        for ex in order[region]:
            cost = self.costs[ex.id]
            if load[day] + cost + rest[day] > self.budget:
                continue
            load[day] += cost
            found = self._cover_from(index + 1, days, order, cheapest, load)
            load[day] -= cost
            if found is not None:
                return [ex, *found]
        return None

    def _pick(self, region, order, places, chosen, check_cap=True):
        """The first exercises, in order of preference, that fill the region's places with
        every day still within the minutes; None if there are none."""
        count = len(places[region])
        most = max(places[region].count(day) for day in set(places[region]))
        wanted = -(-count // min(SESSIONS_EACH, self.days))
        size = min(len(order), max(most, wanted))
        if size < most:
            return None
        combos = (combo for combo in combinations(order, size)
                  if self._few_changes(region, combo) or not check_cap)
        for combo in islice(combos, MAX_TRIES):
            trial = {**chosen, region: combo}
            if self._fits(places, trial, check_cap):
                return combo
        return None

    def _few_changes(self, region: str, combo) -> bool:
        """At most one exercise of the region changes from the block before, besides those
        the number of exercises itself adds or drops."""
        held = self.held[region]
        if held is None:
            return True
        new = set(combo)
        grow = len(new) - len(held)
        return len(held - new) <= max(1, -grow) and len(new - held) <= max(1, grow)

    def _fits(self, places, chosen, check_cap) -> bool:
        slots = self._slots(places, chosen)
        if check_cap and self.limit is not None:
            if any(len(slot) > limit for slot, limit in zip(slots, self.limit, strict=True)):
                return False
        return all(sum(self.costs[ex.id] for ex in slot) <= self.budget for slot in slots)

    def _slots(self, places, chosen) -> tuple[tuple[Exercise, ...], ...]:
        slots: list[list[Exercise]] = [[] for _ in range(self.days)]
        for region in REGIONS:
            exercises = chosen[region]
            for index, day in enumerate(places[region]):
                if exercises:
                    slots[day].append(exercises[index % len(exercises)])
        return tuple(tuple(slot) for slot in slots)


def min_budget(pools, costs: Costs, days: int) -> int:
    """The fewest seconds a session needs for the week to train every region once."""
    cheapest = sorted(min(costs[ex.id] for ex in pools[region]) for region in REGIONS)
    if days >= len(REGIONS):
        return cheapest[-1]
    if days == 2:
        return max(cheapest[-1], cheapest[0] + cheapest[1])
    return sum(cheapest)
