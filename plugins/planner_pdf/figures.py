"""Drawing exercise figures (planner/figure.py) as clean line figures, each once per size.

One style everywhere, made for black-and-white printing: the body in black round-capped
lines (the far arm and leg in grey), the head an open circle, the band a grey line with a
white edge so it reads as in front of what it crosses (a band on the far side of the body is
lighter and drawn before the body, so it reads as behind it), props (floor, door, chair) thin
and grey, the anchor a black square and the pull a thin black arrow. Each pose is drawn once
as a form XObject per document and size (forms.place) and then placed by reference: a
52-week booklet shows the same few dozen drawings hundreds of times.

A drawing shows only its figure's frame: the part of the 80 x 100 box that either pose uses
(frame()), so a figure lying on the floor is a wide, low drawing that can be drawn larger
than a standing one in the same room (fit()).
"""

from __future__ import annotations

import math
from functools import lru_cache

from planner.api import FIGURE_HEIGHT as HEIGHT
from planner.api import FIGURE_WIDTH as WIDTH

from .forms import place
from .styles import FIGURE_BAND as BAND
from .styles import FIGURE_BAND_FAR as BAND_FAR
from .styles import FIGURE_FAR as FAR
from .styles import FIGURE_PROP as PROP
from .styles import INK, WHITE

HEAD_R = 6.0  # units


MARGIN = 3.0  # units of room around what a frame holds: line caps, the anchor, arrow heads


@lru_cache(maxsize=256)  # asked for on every sheet row; a figure is immutable and hashable
def frame(figure) -> tuple[float, float, float, float]:
    """The part of the box (x0, y0, x1, y1, in units) that the figure's two poses and its
    props use, with a margin; the floor always shows in a side or front view."""
    xs: list[float] = []
    ys: list[float] = []

    def add(point, r: float = 0.0) -> None:
        xs.extend((point[0] - r, point[0] + r))
        ys.extend((point[1] - r, point[1] + r))

    for pose in (figure.start, figure.end):
        add(pose.head, HEAD_R)
        add(pose.neck)
        add(pose.hip)
        for path in (*pose.arms, *pose.legs, *pose.band, *pose.arrows):
            for point in path:
                add(point)
        for point in pose.toes:
            add(point)
        if figure.view == "side":
            for n, leg in enumerate(pose.legs):
                if _toe(pose, n) is None:
                    add(_default_toe(figure, leg[-1]))
    if figure.anchor is not None:
        add(figure.anchor, 2.1)
    if figure.view != "top":
        ys.append(0.0)
    if figure.door is not None:
        if figure.view == "top":
            ys.append(figure.door)
            xs.extend((WIDTH * 0.25, WIDTH * 0.75))
        else:
            xs.extend((figure.door, figure.door + (-3 if figure.facing == "right" else 3)))
            ys.append(96.0)
    if figure.chair is not None:
        xs.extend((figure.chair.x - 10, figure.chair.x + 10))
        ys.extend((0.0, 56.0))
    return (max(0.0, min(xs) - MARGIN), max(0.0, min(ys) - MARGIN),
            min(float(WIDTH), max(xs) + MARGIN), min(float(HEIGHT), max(ys) + MARGIN))


def fit(figure, width: float, height: float) -> float:
    """Points per unit that fit the figure's frame in `width` x `height` points, rounded
    down to a thousandth so that equal sizes share a form."""
    x0, y0, x1, y1 = frame(figure)
    return math.floor(min(width / (x1 - x0), height / (y1 - y0)) * 1000) / 1000


def drawn_size(figure, scale: float) -> tuple[float, float]:
    """Width and height in points of a drawing of `figure` at `scale` points per unit."""
    x0, y0, x1, y1 = frame(figure)
    return (x1 - x0) * scale, (y1 - y0) * scale


def place_pose(canv, exercise_id: str, figure, which: str, x: float, y: float,
               scale: float, where: str) -> None:
    """Place the `which` ("start" | "end") pose of `figure` with its frame's lower left at
    (x, y), `scale` points per unit. The form is named after the exercise, where it is used
    ("sheet", "ref") and its scale (`fig.bird-dog.start.ref1200`), so a reader of the PDF
    (and the tests) can tell which drawing a page shows; the name is also the form's key,
    so the same drawing at another size is another form, never a clash."""
    pose = getattr(figure, which)
    width, height = drawn_size(figure, scale)
    name = f"fig.{exercise_id}.{which}.{where}{round(scale * 1000)}"
    place(canv, name, lambda: draw_pose(canv, figure, pose, scale),
          (-2, -2, width + 2, height + 2), x=x, y=y, name=name)


def draw_pose(canv, figure, pose, scale: float) -> None:
    """Draw one pose at `scale` points per unit with its frame's lower left at (0, 0)."""
    x0, y0, x1, y1 = frame(figure)
    body = 1.0 + scale * 1.2  # line widths in points, thicker for bigger figures
    canv.saveState()
    path = canv.beginPath()  # nothing outside the frame: the floor ends at its edges
    path.rect(0, 0, (x1 - x0) * scale, (y1 - y0) * scale)
    canv.clipPath(path, stroke=0, fill=0)
    canv.scale(scale, scale)
    canv.translate(-x0, -y0)
    unit = 1 / scale  # one point, in figure units
    canv.setLineCap(1)
    canv.setLineJoin(1)
    _props(canv, figure, unit)
    # Seen from the side the second arm and leg are the far ones: grey, and behind the rest.
    far = FAR if figure.view == "side" else INK
    for limb in pose.arms[1:]:
        _limb(canv, pose.neck, limb, far, body * unit)
    for limb in pose.legs[1:]:
        _limb(canv, pose.hip, limb, far, body * unit)
        _foot(canv, figure, limb, _toe(pose, 1), far, body * unit)
    # Seen from the side, band paths after the first are on the far side: behind the body.
    near_bands = pose.band[:1] if figure.view == "side" else pose.band
    for path in pose.band[len(near_bands):]:
        _band_behind(canv, path, body * unit)
    for limb in pose.legs[:1]:
        _limb(canv, pose.hip, limb, INK, body * unit)
        _foot(canv, figure, limb, _toe(pose, 0), INK, body * unit)
    _torso(canv, pose, body * unit)
    for limb in pose.arms[:1]:
        _limb(canv, pose.neck, limb, INK, body * unit)
    for path in near_bands:
        _band(canv, path, body * unit)
    for limb in pose.arms[:1]:  # hands over the band they hold
        _hand(canv, limb[-1], INK, body * unit)
    for limb in pose.arms[1:]:
        _hand(canv, limb[-1], far, body * unit)
    if figure.anchor is not None:
        side = 4.2
        canv.setFillColor(INK)
        canv.rect(figure.anchor[0] - side / 2, figure.anchor[1] - side / 2, side, side,
                  stroke=0, fill=1)
    for arrow in pose.arrows:
        _arrow(canv, arrow, unit)
    canv.restoreState()


def _toe(pose, index: int):
    return pose.toes[index] if index < len(pose.toes) else None


def _props(canv, figure, unit: float) -> None:
    canv.setStrokeColor(PROP)
    canv.setLineWidth(0.7 * unit)
    if figure.view != "top":
        canv.line(0, 0, WIDTH, 0)  # the floor
    if figure.door is not None:
        if figure.view == "top":  # the wall seen from above, the door in it
            canv.line(0, figure.door, WIDTH, figure.door)
            canv.setLineWidth(1.6 * unit)
            canv.line(WIDTH * 0.25, figure.door, WIDTH * 0.75, figure.door)
        else:  # a door's edge seen from the side, with its top
            x = figure.door
            inner = x - 3 if figure.facing == "right" else x + 3
            canv.setLineWidth(1.2 * unit)
            canv.line(x, 0, x, 96)
            canv.setLineWidth(0.7 * unit)
            canv.line(inner, 0, inner, 96)
            canv.line(inner, 96, x, 96)
    if figure.chair is not None:
        x, back = figure.chair
        seat, half = 25.0, 10.0
        back_x = x + half if back == "right" else x - half
        front_x = x - half if back == "right" else x + half
        canv.setLineWidth(1.4 * unit)
        path = canv.beginPath()
        path.moveTo(back_x, 56)  # the backrest, down to the floor
        path.lineTo(back_x, 0)
        path.moveTo(back_x, seat)
        path.lineTo(front_x, seat)
        path.lineTo(front_x, 0)
        canv.drawPath(path, stroke=1, fill=0)


def _polyline(canv, points) -> None:
    path = canv.beginPath()
    path.moveTo(*points[0])
    for point in points[1:]:
        path.lineTo(*point)
    canv.drawPath(path, stroke=1, fill=0)


def _limb(canv, root, limb, colour, width: float) -> None:
    canv.setStrokeColor(colour)
    canv.setLineWidth(width)
    _polyline(canv, (root, *limb))


def _hand(canv, point, colour, width: float) -> None:
    canv.setFillColor(colour)
    canv.circle(point[0], point[1], width * 0.9, stroke=0, fill=1)


def _foot(canv, figure, leg, toe, colour, width: float) -> None:
    """A short foot from the ankle: towards `toe`, else level and the way the person faces
    (a front view: outwards from the other leg's side)."""
    ankle = leg[-1]
    if toe is not None:
        end = toe
    elif figure.view == "side":
        end = _default_toe(figure, ankle)
    else:
        return
    canv.setStrokeColor(colour)
    canv.setLineWidth(width)
    canv.line(ankle[0], ankle[1], end[0], end[1])


def _default_toe(figure, ankle):
    return (ankle[0] + (6 if figure.facing == "right" else -6), ankle[1])


def _torso(canv, pose, width: float) -> None:
    canv.setStrokeColor(INK)
    canv.setLineWidth(width)
    nx, ny = pose.neck
    hx, hy = pose.head
    canv.line(pose.hip[0], pose.hip[1], nx, ny)
    distance = math.hypot(hx - nx, hy - ny)
    if distance > HEAD_R:  # the neck, up to the head's edge
        t = (distance - HEAD_R) / distance
        canv.line(nx, ny, nx + (hx - nx) * t, ny + (hy - ny) * t)
    canv.setFillColor(WHITE)
    canv.circle(hx, hy, HEAD_R, stroke=1, fill=1)


def _band(canv, path, width: float) -> None:
    canv.setStrokeColor(WHITE)
    canv.setLineWidth(width * 1.9)
    _polyline(canv, path)
    canv.setStrokeColor(BAND)
    canv.setLineWidth(width * 0.85)
    _polyline(canv, path)


def _band_behind(canv, path, width: float) -> None:
    """A band on the far side of the body: lighter, like the far limbs, with no white edge;
    the body and near limbs, drawn after it, cover it where they cross."""
    canv.setStrokeColor(BAND_FAR)
    canv.setLineWidth(width * 0.85)
    _polyline(canv, path)


def _arrow(canv, points, unit: float) -> None:
    """A thin line with a filled head at its last point, edged in white to stand off
    the body and the band."""
    (x1, y1), (x2, y2) = points[-2], points[-1]
    angle = math.atan2(y2 - y1, x2 - x1)
    length, spread = 5.5, 0.45
    base = (x2 - length * 0.8 * math.cos(angle), y2 - length * 0.8 * math.sin(angle))
    shaft = (*points[:-1], base)
    for colour, extra in ((WHITE, 1.6), (INK, 0.0)):
        canv.setStrokeColor(colour)
        canv.setFillColor(colour)
        canv.setLineWidth((0.9 + extra) * unit)
        _polyline(canv, shaft)
        head = canv.beginPath()
        head.moveTo(x2, y2)
        for side in (spread, -spread):
            head.lineTo(x2 - length * math.cos(angle + side), y2 - length * math.sin(angle + side))
        head.close()
        canv.drawPath(head, stroke=1 if extra else 0, fill=1)
