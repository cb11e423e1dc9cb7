"""The scaffold of the portal's charts: inline SVG drawn on the server, with a value axis in percent.

A chart is a ``Frame`` (the coordinate system, the gridlines with their labels and the two axes) plus its own
series, drawn by a template that extends templates/includes/svg_chart.html (which draws the frame, the accessible
title and description, and the numbers in Dutch). No JavaScript and no style attributes (the CSP forbids them):
the look comes from classes in portal.css, or from presentation attributes when ``print`` is set (WeasyPrint).
Every chart's numbers are also in a table next to it.

On screen the SVG holds no text: axe-core cannot tell the background of text inside (or over) an SVG and leaves
every such label "for review" (dequelabs/axe-core#1819), so the value axis and the labels under the plot are HTML
beside the SVG, whose viewBox is cropped to the plot (``Frame.screen_viewbox``), and their contrast is checked like
any text (decision 370). The print drawing (WeasyPrint) keeps its labels inside the SVG.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

GRID_INTERVALS = 4
# Gridline steps: the smallest that fits the highest value in GRID_INTERVALS intervals.
NICE_STEPS = tuple(Decimal(step) for step in ("0.5", "1", "2", "2.5", "5", "10", "20", "25"))
# Where the value labels end, left of the plot.
VALUE_LABEL_GAP = 8
# Room around the plot in the screen drawing, so the lines on its edges are not cut in half.
SCREEN_PAD = 2.0


def coordinate(value: float) -> str:
    # A string, so the template never localises it ("12,5" is no SVG coordinate).
    return f"{value:.1f}"


def axis_top(highest: Decimal) -> tuple[Decimal, Decimal]:
    """(top of the value axis, gridline step) for the highest value in the chart."""
    for step in NICE_STEPS:
        if step * GRID_INTERVALS >= highest:
            return step * GRID_INTERVALS, step
    step = Decimal(math.ceil(highest / GRID_INTERVALS))
    return step * GRID_INTERVALS, step


@dataclass(frozen=True)
class Plot:
    """The SVG's coordinate system (it scales to the page width through the viewBox) and the plot area in it."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float

    def slot(self, count: int) -> float:
        """The width of one of ``count`` equal slots across the plot."""
        return (self.right - self.left) / count

    def y_of(self, value: Decimal, top_value: Decimal) -> float:
        """The y of ``value`` on an axis from 0 (the bottom) to ``top_value``; higher values stop at the top."""
        return self.bottom - float(min(value, top_value) / top_value) * (self.bottom - self.top)


@dataclass(frozen=True)
class Gridline:
    value: Decimal
    y: str
    css_class: str  # "chart-grid", or a class of the chart's own for a line that means something


@dataclass(frozen=True)
class Frame:
    """What templates/includes/svg_chart.html draws; ``dom_id`` prefixes the ids of the title and description."""

    dom_id: str
    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    label_x: str  # right edge of the value labels, left of the plot
    gridlines: tuple[Gridline, ...]
    screen_viewbox: str  # the plot and SCREEN_PAD around it: the screen drawing, whose labels are HTML

    @property
    def gridlines_top_down(self) -> tuple[Gridline, ...]:
        """The gridlines from the top: the order of the HTML value axis."""
        return tuple(reversed(self.gridlines))


def frame(plot: Plot, *, dom_id: str, top_value: Decimal, step: Decimal, top_line_class: str = "") -> Frame:
    """The frame of ``plot`` with a gridline every ``step`` from 0 to ``top_value``; ``top_line_class``, if
    given, replaces "chart-grid" on the top line."""
    count = int(top_value / step)
    return Frame(
        dom_id=dom_id,
        width=plot.width,
        height=plot.height,
        plot_left=coordinate(plot.left),
        plot_right=coordinate(plot.right),
        plot_top=coordinate(plot.top),
        plot_bottom=coordinate(plot.bottom),
        label_x=coordinate(plot.left - VALUE_LABEL_GAP),
        screen_viewbox=" ".join(
            coordinate(value)
            for value in (
                plot.left - SCREEN_PAD,
                plot.top - SCREEN_PAD,
                plot.right - plot.left + 2 * SCREEN_PAD,
                plot.bottom - plot.top + 2 * SCREEN_PAD,
            )
        ),
        gridlines=tuple(
            Gridline(
                value=step * n,
                y=coordinate(plot.y_of(step * n, top_value)),
                css_class=top_line_class if n == count and top_line_class else "chart-grid",
            )
            for n in range(count + 1)
        ),
    )
