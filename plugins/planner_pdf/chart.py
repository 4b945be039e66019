"""The progression chart on the overview: how hard each part of the back works, week by week.

One step line per region (upper, mid, lower), each week at the hardest dose of that region's
exercises, on a scale that climbs as the ladder does: reps, then sets, then slack, then band.
Horizontal rules and labels mark the bands, deload weeks are shaded, and the lines differ by
dash pattern as well as tone, so the chart reads in grayscale.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from planner.api import SLACKS, rep_step_for

from .fonts import SANS, SANS_BOLD
from .styles import DELOAD, INK, MUTED, RULE

REGIONS = ("upper", "mid", "lower")
LINES = {"upper": ((0.12, 0.31, 0.47), ()), "mid": ((0.1, 0.1, 0.1), (4, 2)),
         "lower": ((0.45, 0.45, 0.45), (1, 2))}  # colour, dash pattern
STEPS_PER_SLACK = 9  # 3 set counts x 3 rep steps
STEPS_PER_BAND = len(SLACKS) * STEPS_PER_SLACK


def position(item, exercise, bands) -> float:
    """Where a dose stands on the ladder: higher is harder."""
    band = bands.index(item.band) if item.band in bands else 0
    return (band * STEPS_PER_BAND + SLACKS.index(item.slack) * STEPS_PER_SLACK
            + (min(item.sets, 3) - 1) * 3 + rep_step_for(item.reps, exercise.reps))


class ProgressChart(Flowable):
    HEIGHT = 130
    LEFT = 70  # room for band names
    LEGEND_H = 16

    def __init__(self, layout) -> None:
        super().__init__()
        self.layout = layout
        plan = layout.plan
        bands = plan.settings.bands
        self.series: dict[str, list[float | None]] = {}
        for region in REGIONS:
            values = []
            for week in plan.weeks:
                doses = [position(item, plan.exercises[item.exercise], bands)
                         for session in week.sessions for item in session.items
                         if item.region == region and item.exercise in plan.exercises]
                values.append(max(doses) if doses else None)
            if any(v is not None for v in values):
                self.series[region] = values
        known = [v for values in self.series.values() for v in values if v is not None]
        self.low = min(known, default=0.0)
        self.high = max(known, default=1.0)
        used = sorted({int(v // STEPS_PER_BAND) for v in known})
        self.bands = [(bands[b] if b < len(bands) else str(b), b) for b in used]

    def wrap(self, aw, ah):
        self.width, self.height = aw, self.HEIGHT + self.LEGEND_H
        return self.width, self.height

    def draw(self):
        if getattr(self.canv, "measuring", False):
            return
        canv, weeks = self.canv, self.layout.plan.weeks
        left, bottom, top = self.LEFT, 14.0, self.HEIGHT - 6.0
        right = self.width - 4
        span = max(1.0, self.high - self.low)
        y_of = lambda v: bottom + (v - self.low) / span * (top - bottom)  # noqa: E731
        step = (right - left) / max(1, len(weeks))
        canv.saveState()
        canv.setFillColor(DELOAD)
        for n, week in enumerate(weeks):
            if week.deload:
                canv.rect(left + n * step, bottom, step, top - bottom, stroke=0, fill=1)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.setFont(SANS, 8)
        canv.setFillColor(MUTED)
        for name, b in self.bands:  # a rule where each band used starts (at normal slack)
            start = b * STEPS_PER_BAND + SLACKS.index("normal") * STEPS_PER_SLACK
            if start <= self.high:
                y = y_of(max(self.low, start))
                canv.line(left, y, right, y)
                canv.drawRightString(left - 4, y - 3, self.layout.fitter.line(
                    name, SANS, 8, left - 8))
        canv.line(left, bottom, right, bottom)
        ticks = max(1, len(weeks) // 12)
        for n in range(0, len(weeks), ticks):
            canv.drawCentredString(left + (n + 0.5) * step, bottom - 10, str(n + 1))
        canv.drawString(0, bottom - 10, "week")
        for region, values in self.series.items():
            colour, dash = LINES[region]
            canv.setStrokeColorRGB(*colour)
            canv.setLineWidth(1.6)
            canv.setDash(*dash)
            path = canv.beginPath()
            started = False
            for n, value in enumerate(values):
                if value is None:
                    continue
                x0, y = left + n * step, y_of(value)
                if started:
                    path.lineTo(x0, y)
                else:
                    path.moveTo(x0, y)
                    started = True
                path.lineTo(x0 + step, y)
            canv.drawPath(path, stroke=1, fill=0)
        canv.setDash()
        x = left
        for region in self.series:  # the legend, above the plot
            colour, dash = LINES[region]
            canv.setStrokeColorRGB(*colour)
            canv.setLineWidth(1.6)
            canv.setDash(*dash)
            canv.line(x, self.height - 5, x + 24, self.height - 5)
            canv.setDash()
            canv.setFillColor(INK)
            canv.setFont(SANS_BOLD, 8.5)
            canv.drawString(x + 28, self.height - 8, f"{region} back")
            x += 100
        canv.restoreState()
