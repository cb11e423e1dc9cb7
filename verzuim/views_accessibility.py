"""The accessibility statement (verzuim.accessibility): public, no login, no audit (it shows no personal data)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from verzuim import accessibility


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "verzuim/accessibility_statement.html",
        {
            "status": accessibility.STATUS,
            "status_label": accessibility.STATUS_LABELS[accessibility.STATUS],
            "standard": accessibility.STANDARD,
            "model_url": accessibility.MODEL_URL,
            "last_full_check": accessibility.LAST_FULL_CHECK,
            "full_research_planned_by": accessibility.FULL_RESEARCH_PLANNED_BY,
            "tools": accessibility.TOOLS,
            "checked_pages": accessibility.CHECKED_PAGES,
            "keyboard_journeys": accessibility.KEYBOARD_JOURNEYS,
            "known_issues": accessibility.KNOWN_ISSUES,
        },
    )
