"""The insurer's page of the retention sweep: the terms with their sources and the report of the next run."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.retention import selectors
from verzuim.auth import portal_user


def _with_dates(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The report's ISO dates as dates, so the template shows them as dd-mm-jjjj."""
    return [
        {
            **entry,
            "first_sick_day": dt.date.fromisoformat(entry["first_sick_day"]),
            "closed_on": dt.date.fromisoformat(entry["closed_on"]) if entry.get("closed_on") else None,
        }
        for entry in entries
    ]


@never_cache
@login_required
@require_GET
def retention_report(request: HttpRequest) -> HttpResponse:
    overview = selectors.retention_overview(fetched_by=portal_user(request))
    sections = [
        {"label": section.label, "anonymise": _with_dates(section.anonymise), "kept": _with_dates(section.kept)}
        for section in overview.dry_run_sections
    ]
    return render(request, "cases/retention_report.html", {"overview": overview, "sections": sections})
