"""The monthly bar chart of the statistics page: the absence percentage of each month of one year.

Drawn on the scaffold of verzuim.charts (inline SVG, value axis in percent, gridlines rounded up to a nice step).
With the sector's expected absence (cases.statistics.sector) a dashed reference line runs across the months at that
height, named in the HTML legend under the chart (decision 368); the axis is tall enough for it.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from cases.statistics import rules as statistics
from verzuim import charts
from verzuim.charts import coordinate

PLOT = charts.Plot(width=640, height=260, left=56.0, right=632.0, top=24.0, bottom=224.0)
BAR_GAP = 0.25  # share of a month's slot left empty between bars


@dataclass(frozen=True)
class MonthRow:
    """One month for the table and the chart; `figures` is None for a month after today."""

    first_day: dt.date
    end: dt.date | None
    figures: statistics.Statistics | None
    slot_x: str  # middle of the month's slot (its label)
    bar_x: str
    bar_y: str
    bar_width: str
    bar_height: str
    value_y: str

    @property
    def is_partial(self) -> bool:
        """The running month: counted up to today, not to its last day."""
        if self.end is None:
            return False
        return self.end.day != calendar.monthrange(self.end.year, self.end.month)[1]


@dataclass(frozen=True)
class MonthChart:
    chart: charts.Frame
    month_label_y: str
    months: tuple[MonthRow, ...]
    highest: MonthRow | None
    reference_y: str | None  # the y of the sector's expected absence; None without one


def month_chart(
    year: int, months: Sequence[statistics.MonthStatistics], reference_pct: Decimal | None = None
) -> MonthChart:
    """The geometry of the monthly bar chart of the absence percentage, with a reference line at
    ``reference_pct`` when given."""
    values = [m.figures.absence_pct for m in months if m.figures is not None]
    if reference_pct is not None:
        values.append(reference_pct)
    top, step = charts.axis_top(max(values, default=Decimal(0)))
    slot = PLOT.slot(len(months))
    bar_width = slot * (1 - BAR_GAP)

    rows = []
    for index, month in enumerate(months):
        left = PLOT.left + index * slot
        value = month.figures.absence_pct if month.figures is not None else Decimal(0)
        bar_top = PLOT.y_of(value, top)
        rows.append(
            MonthRow(
                first_day=dt.date(year, month.month, 1),
                end=month.end,
                figures=month.figures,
                slot_x=coordinate(left + slot / 2),
                bar_x=coordinate(left + (slot - bar_width) / 2),
                bar_y=coordinate(bar_top),
                bar_width=coordinate(bar_width),
                bar_height=coordinate(PLOT.bottom - bar_top),
                value_y=coordinate(bar_top - 5),
            )
        )
    with_figures = [row for row in rows if row.figures is not None]
    highest = max(with_figures, key=lambda row: row.figures.absence_pct if row.figures else 0, default=None)
    return MonthChart(
        chart=charts.frame(PLOT, dom_id="chart", top_value=top, step=step),
        month_label_y=coordinate(PLOT.bottom + 20),
        months=tuple(rows),
        highest=highest if highest is not None and highest.figures and highest.figures.absence_pct else None,
        reference_y=None if reference_pct is None else coordinate(PLOT.y_of(reference_pct, top)),
    )
