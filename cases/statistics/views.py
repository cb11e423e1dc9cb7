"""The absence statistics page (Verzuimcijfers): one employer, one calendar year, its months as a bar chart.

The chart is inline SVG drawn on the server (no JavaScript; the CSP forbids style attributes, so the look comes
from classes in portal.css). Every number in it is also in a table, for screen readers and for copying.
Who may see the page is who may see the employer (verzuim.selectors.employer_get); anyone else gets a 404.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.statistics import data as statistics_data
from cases.statistics import rules as statistics
from cases.statistics.api import FIRST_YEAR
from verzuim import selectors as core_selectors
from verzuim.audit import audit_record
from verzuim.models import AuditAction, User

# The SVG's coordinate system (it scales to the page width through the viewBox).
CHART_WIDTH, CHART_HEIGHT = 640, 260
PLOT_LEFT, PLOT_RIGHT, PLOT_TOP, PLOT_BOTTOM = 56.0, 632.0, 24.0, 224.0
BAR_GAP = 0.25  # share of a month's slot left empty between bars
GRID_INTERVALS = 4
# Gridline steps in percentage points: the smallest that fits the highest month in four intervals.
NICE_STEPS = tuple(Decimal(step) for step in ("0.5", "1", "2", "2.5", "5", "10", "20", "25"))


def _coordinate(value: float) -> str:
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
class Gridline:
    value: Decimal
    y: str


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
class Chart:
    width: int
    height: int
    plot_left: str
    plot_right: str
    plot_top: str
    plot_bottom: str
    label_x: str  # right edge of the value labels, left of the plot
    month_label_y: str
    gridlines: tuple[Gridline, ...]
    months: tuple[MonthRow, ...]
    highest: MonthRow | None


def month_chart(year: int, months: Sequence[statistics.MonthStatistics]) -> Chart:
    """The geometry of the monthly bar chart of the absence percentage."""
    values = [m.figures.absence_pct for m in months if m.figures is not None]
    top, step = axis_top(max(values, default=Decimal(0)))
    plot_height = PLOT_BOTTOM - PLOT_TOP
    slot = (PLOT_RIGHT - PLOT_LEFT) / len(months)
    bar_width = slot * (1 - BAR_GAP)

    def y_of(value: Decimal) -> float:
        return PLOT_BOTTOM - float(value / top) * plot_height

    rows = []
    for index, month in enumerate(months):
        left = PLOT_LEFT + index * slot
        value = month.figures.absence_pct if month.figures is not None else Decimal(0)
        bar_top = y_of(value)
        rows.append(
            MonthRow(
                first_day=dt.date(year, month.month, 1),
                end=month.end,
                figures=month.figures,
                slot_x=_coordinate(left + slot / 2),
                bar_x=_coordinate(left + (slot - bar_width) / 2),
                bar_y=_coordinate(bar_top),
                bar_width=_coordinate(bar_width),
                bar_height=_coordinate(PLOT_BOTTOM - bar_top),
                value_y=_coordinate(bar_top - 5),
            )
        )
    with_figures = [row for row in rows if row.figures is not None]
    highest = max(with_figures, key=lambda row: row.figures.absence_pct if row.figures else 0, default=None)
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        plot_left=_coordinate(PLOT_LEFT),
        plot_right=_coordinate(PLOT_RIGHT),
        plot_top=_coordinate(PLOT_TOP),
        plot_bottom=_coordinate(PLOT_BOTTOM),
        label_x=_coordinate(PLOT_LEFT - 8),
        month_label_y=_coordinate(PLOT_BOTTOM + 20),
        gridlines=tuple(Gridline(value=step * n, y=_coordinate(y_of(step * n))) for n in range(GRID_INTERVALS + 1)),
        months=tuple(rows),
        highest=highest if highest is not None and highest.figures and highest.figures.absence_pct else None,
    )


def _year(raw: str | None, today: dt.date) -> tuple[int, str]:
    """(year to show, error message): no year is this year; a bad one falls back to this year with a message."""
    if not raw:
        return today.year, ""
    value = raw.strip()
    if len(value) == 4 and value.isascii() and value.isdigit() and FIRST_YEAR <= int(value) <= today.year:
        return int(value), ""
    message = _("Dit jaar kunnen we niet tonen: kies een jaar van %(first)d tot en met %(last)d.") % {
        "first": FIRST_YEAR,
        "last": today.year,
    }
    return today.year, message + " " + _("U ziet nu de cijfers van %(year)d.") % {"year": today.year}


@never_cache
@login_required
@require_GET
def employer_statistics(request: HttpRequest, employer_id: str) -> HttpResponse:
    """Verzuimcijfers: the year's four §10 figures and the absence percentage per month."""
    user: User = request.user  # type: ignore[assignment]
    employer = core_selectors.employer_get(fetched_by=user, employer_id=employer_id)
    today = timezone.localdate()
    year, year_error = _year(request.GET.get("jaar"), today)
    result = statistics_data.employer_year_statistics(employer=employer, year=year, today=today)
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type="employer_statistics",
        object_id=employer.pk,
        employer=employer,
        changes={"year": year},
    )
    return render(
        request,
        "cases/statistics.html",
        {
            "employer": employer,
            "year": year,
            "year_error": year_error,
            "result": result,
            "is_running_year": result.end < dt.date(year, 12, 31),
            "chart": month_chart(year, result.months),
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < today.year else None,
        },
    )
