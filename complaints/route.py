"""The complaints route for other apps (verzuim.plugins.complaint_route_source): the pages where a complaint is
filed and the desk's terms in force on a day, shown on the product sheet and the premium notice (premiums)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from complaints.follow import KIFID_MONTHS_AFTER_ANSWER
from complaints.services import complaint_terms_on
from verzuim.plugins import ComplaintRoute, complaint_route_source


@complaint_route_source
def complaint_route(day: dt.date) -> ComplaintRoute | None:
    try:
        terms = complaint_terms_on(day)
    except ValidationError:
        return None
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return ComplaintRoute(
        portal_path=reverse("complaint_portal_create"),
        portal_url=base + reverse("complaint_portal_create"),
        public_url=base + reverse("complaint_public"),
        acknowledge_working_days=terms.acknowledge_working_days,
        answer_weeks=terms.answer_weeks,
        external_months_after_answer=KIFID_MONTHS_AFTER_ANSWER,
    )
