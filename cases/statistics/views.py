"""The absence statistics page (Verzuimcijfers): one employer, one calendar year, its months as a bar chart.

The chart (cases.statistics.chart) is inline SVG drawn on the server; every number in it is also in a table, for
screen readers and for copying.
Who may see the page is who may see the employer (verzuim.selectors.employer_get); anyone else gets a 404.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.absence.views_export import EXPORT_ROLES
from cases.statistics import data as statistics_data
from cases.statistics.api import FIRST_YEAR
from cases.statistics.chart import month_chart
from cases.statistics.sector import sector_reference
from verzuim import selectors as core_selectors
from verzuim.models import User


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
    """Verzuimcijfers: the year's four §10 figures and the absence percentage per month, beside the sector's
    expected absence that the premium of that year uses (decision 368)."""
    user: User = request.user  # type: ignore[assignment]
    employer = core_selectors.employer_get(fetched_by=user, employer_id=employer_id)
    today = timezone.localdate()
    year, year_error = _year(request.GET.get("jaar"), today)
    result = statistics_data.employer_year_statistics(employer=employer, year=year, today=today)
    statistics_data.statistics_read_audit(user=user, employer=employer, year=year)
    sector = sector_reference(employer=employer, year=year)
    return render(
        request,
        "cases/statistics.html",
        {
            "employer": employer,
            "year": year,
            "year_error": year_error,
            "result": result,
            "is_running_year": result.end < dt.date(year, 12, 31),
            "month_chart": month_chart(year, result.months, sector.expected_absence_pct if sector else None),
            "sector": sector,
            "previous_year": year - 1 if year > FIRST_YEAR else None,
            "next_year": year + 1 if year < today.year else None,
            # The download of every sick period (cases.absence.views_export): the employer user and insurer staff.
            "can_export_absences": user.role in EXPORT_ROLES,
        },
    )
