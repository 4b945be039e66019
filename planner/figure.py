"""Exercise figures as data: a start and an end pose of a line figure, checked strictly.

A figure is a handful of numbers and a few fixed words, never a path, URL or markup, so a
catalog cannot make the renderer read, fetch or run anything. Coordinates are in a box
WIDTH units wide and HEIGHT units tall, y upwards, the floor at y = 0 (side and front views;
a top view looks down on the person). The PDF exporter draws them (planner_pdf/figures.py);
this module knows nothing of drawing and imports nothing heavy.
"""

import math
from typing import Any, NamedTuple

WIDTH, HEIGHT = 80, 100
VIEWS = ("side", "front", "top")
FACINGS = ("left", "right")
SIDES = ("left", "right")
MAX_LIMBS = 2  # arms or legs in one pose: near and far, or left and right
MAX_BANDS = 4  # band paths in one pose
MAX_BAND_POINTS = 8
MAX_ARROWS, MAX_ARROW_POINTS = 2, 4

Point = tuple  # (x, y), numbers inside the box


class Chair(NamedTuple):
    x: float  # middle of the seat
    back: str  # which side its backrest is on: "left" | "right"


class Pose(NamedTuple):
    """Key points of one position. A limb is (elbow, hand) or (knee, foot) hung from the
    neck or the hip, or (shoulder, elbow, hand) / (hip, knee, foot) with its own joint,
    as a front or top view needs. The first limb is the near one (drawn darker). So is the
    first band path: in a side view any further paths are on the far side of the body
    (a loop behind the neck, a band under the body to the far foot) and drawn behind it."""

    head: Point
    neck: Point
    hip: Point
    arms: tuple = ()
    legs: tuple = ()
    toes: tuple = ()  # where each leg's toes point, by leg; default: level, towards `facing`
    band: tuple = ()  # paths of the band, each a tuple of points
    arrows: tuple = ()  # the pull: paths of points, the arrow's head at each last point

    def to_dict(self) -> dict[str, Any]:
        out = {"head": list(self.head), "neck": list(self.neck), "hip": list(self.hip)}
        for key in ("arms", "legs", "band", "arrows"):
            if getattr(self, key):
                out[key] = [[list(p) for p in path] for path in getattr(self, key)]
        if self.toes:
            out["toes"] = [list(p) for p in self.toes]
        return out


class Figure(NamedTuple):
    view: str
    start: Pose
    end: Pose
    facing: str = "right"
    door: float | None = None  # side view: x of a door's edge; top view: y of the wall
    anchor: Point | None = None  # where the band is fixed
    chair: Chair | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"view": self.view, "facing": self.facing}
        if self.door is not None:
            out["door"] = self.door
        if self.anchor is not None:
            out["anchor"] = list(self.anchor)
        if self.chair is not None:
            out["chair"] = {"x": self.chair.x, "back": self.chair.back}
        out["start"] = self.start.to_dict()
        out["end"] = self.end.to_dict()
        return out


FIGURE_KEYS = ("view", "facing", "door", "anchor", "chair", "start", "end")
POSE_KEYS = ("head", "neck", "hip", "arms", "legs", "toes", "band", "arrows")


def parse_figure(data: Any, problem) -> Figure | None:
    """Check a figure table; on a problem call `problem(field, message)` (field like
    "figure.start.arms.0.1") and return None. Numbers are kept as written."""
    return _Reader(problem).figure(data)


class _Reader:
    def __init__(self, problem):
        self.problem, self.bad = problem, False

    def _fail(self, field: str, message: str) -> None:
        self.bad = True
        self.problem(field, message)

    def _table(self, data: Any, field: str, keys: tuple[str, ...], required: tuple[str, ...]):
        if not isinstance(data, dict):
            self._fail(field, "must be a table")
            return None
        for key in sorted(set(data) - set(keys)):
            self._fail(f"{field}.{key}", f"unknown key (allowed: {', '.join(keys)})")
        for key in required:
            if key not in data:
                self._fail(f"{field}.{key}", "missing")
        return data

    def figure(self, data: Any) -> Figure | None:
        table = self._table(data, "figure", FIGURE_KEYS, ("view", "start", "end"))
        if table is None:
            return None
        view = self._word(table.get("view"), "figure.view", VIEWS)
        facing = self._word(table.get("facing", "right"), "figure.facing", FACINGS)
        door = None
        if "door" in table:
            door = self._number(table["door"], "figure.door", 0, HEIGHT if view == "top" else WIDTH)
        anchor = self._point(table["anchor"], "figure.anchor") if "anchor" in table else None
        chair = self._chair(table["chair"]) if "chair" in table else None
        start = self._pose(table.get("start"), "figure.start") if "start" in table else None
        end = self._pose(table.get("end"), "figure.end") if "end" in table else None
        if self.bad:
            return None
        checked: dict[str, Any] = dict(view=view, start=start, end=end, facing=facing,
                                       door=door, anchor=anchor, chair=chair)
        return Figure(**checked)  # nothing is None that must not be: self.bad says so

    def _word(self, value: Any, field: str, allowed: tuple[str, ...]) -> str | None:
        if value not in allowed or not isinstance(value, str):
            self._fail(field, f"{value!r} is not one of {', '.join(allowed)}")
            return None
        return value

    def _number(self, value: Any, field: str, low: float, high: float) -> float | None:
        if type(value) not in (int, float) or not math.isfinite(value):
            self._fail(field, f"must be a number, not {value!r}")
            return None
        if not low <= value <= high:
            self._fail(field, f"{value} is outside {low}..{high}")
            return None
        return value

    def _point(self, value: Any, field: str) -> Point | None:
        if type(value) is list and len(value) == 2:  # the usual case, checked in one go
            x, y = value
            if (type(x) in (int, float) and type(y) in (int, float)
                    and 0 <= x <= WIDTH and 0 <= y <= HEIGHT):  # NaN fails these too
                return (x, y)
        if not isinstance(value, list) or len(value) != 2:
            self._fail(field, f"must be a point [x, y] with x in 0..{WIDTH}, y in 0..{HEIGHT}")
            return None
        x = self._number(value[0], f"{field}.0", 0, WIDTH)
        y = self._number(value[1], f"{field}.1", 0, HEIGHT)
        return None if x is None or y is None else (x, y)

    def _points(self, value: Any, field: str, fewest: int, most: int) -> tuple | None:
        if not isinstance(value, list) or not fewest <= len(value) <= most:
            self._fail(field, f"must be a list of {fewest} to {most} points [x, y]")
            return None
        points = tuple(self._point(p, f"{field}.{n}") for n, p in enumerate(value))
        return None if None in points else points

    def _paths(self, value: Any, field: str, most: int, fewest_points: int,
               most_points: int) -> tuple:
        if not isinstance(value, list) or len(value) > most:
            self._fail(field, f"must be a list of at most {most} point lists")
            return ()
        paths = tuple(self._points(p, f"{field}.{n}", fewest_points, most_points)
                      for n, p in enumerate(value))
        return () if None in paths else paths

    def _chair(self, value: Any) -> Chair | None:
        table = self._table(value, "figure.chair", ("x", "back"), ("x", "back"))
        if table is None or "x" not in table or "back" not in table:
            return None
        x = self._number(table["x"], "figure.chair.x", 12, WIDTH - 12)
        back = self._word(table["back"], "figure.chair.back", SIDES)
        return None if x is None or back is None else Chair(x, back)

    def _pose(self, value: Any, field: str) -> Pose | None:
        table = self._table(value, field, POSE_KEYS, ("head", "neck", "hip"))
        if table is None:
            return None
        points = {key: self._point(table[key], f"{field}.{key}")
                  for key in ("head", "neck", "hip") if key in table}
        arms = self._paths(table.get("arms", []), f"{field}.arms", MAX_LIMBS, 2, 3)
        legs = self._paths(table.get("legs", []), f"{field}.legs", MAX_LIMBS, 2, 3)
        toes = ()
        if "toes" in table:
            toes = self._points(table["toes"], f"{field}.toes", 0,
                                len(legs) or MAX_LIMBS) or ()
        band = self._paths(table.get("band", []), f"{field}.band", MAX_BANDS, 2,
                           MAX_BAND_POINTS)
        arrows = self._paths(table.get("arrows", []), f"{field}.arrows", MAX_ARROWS, 2,
                             MAX_ARROW_POINTS)
        if self.bad:  # a missing or bad head, neck or hip included
            return None
        head, neck, hip = (points[key] for key in ("head", "neck", "hip"))
        assert head is not None and neck is not None and hip is not None
        return Pose(head, neck, hip, arms, legs, toes, band, arrows)


def figure_from_json(data: dict[str, Any]) -> Figure:
    """The inverse of Figure.to_dict, for data this package wrote and checked itself."""
    def paths(p: dict, key: str) -> tuple:
        return tuple(tuple(tuple(pt) for pt in path) for path in p.get(key, ()))

    def pose(p: dict) -> Pose:
        return Pose(tuple(p["head"]), tuple(p["neck"]), tuple(p["hip"]),
                    arms=paths(p, "arms"), legs=paths(p, "legs"),
                    toes=tuple(tuple(pt) for pt in p.get("toes", ())),
                    band=paths(p, "band"), arrows=paths(p, "arrows"))

    chair = data.get("chair")
    return Figure(view=data["view"], start=pose(data["start"]), end=pose(data["end"]),
                  facing=data.get("facing", "right"), door=data.get("door"),
                  anchor=tuple(data["anchor"]) if "anchor" in data else None,
                  chair=Chair(chair["x"], chair["back"]) if chair else None)
