"""Loading for the reports of complaints.reports: who may see them, and their rows in a fixed number of queries.

Who: the yearly complaints report is for insurer staff, the complaint handler and admins; the covenant evaluation
(complaints + claims totals + satisfaction, aggregated, nothing personal) for insurer staff and admins, who account
for the covenant. Every other role gets a 404, as for a page that does not exist.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone

from complaints import reports
from complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintOutcome,
    EscalationRoute,
    SurveyKind,
    SurveyResponse,
)
from premiums.claims.models import Claim, ClaimStatus
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

COMPLAINTS_REPORT_ROLES = frozenset({Role.INSURER, Role.COMPLAINT_HANDLER, Role.ADMIN})
COVENANT_REPORT_ROLES = frozenset({Role.INSURER, Role.ADMIN})
FIRST_YEAR = 2020

COMPLAINTS = "complaints"
COVENANT = "covenant"
ROLES = {COMPLAINTS: COMPLAINTS_REPORT_ROLES, COVENANT: COVENANT_REPORT_ROLES}


def report_allowed(user: User, report: str) -> None:
    """Http404 unless `user` may see `report`."""
    if user.role not in ROLES[report]:
        raise Http404


def year_parse(value: str | None, today: dt.date) -> int:
    """The `jaar` query parameter: missing is this year; not a year from FIRST_YEAR to next year is a 404."""
    if not value:
        return today.year
    try:
        year = int(value)
    except ValueError:
        raise Http404 from None
    if not FIRST_YEAR <= year <= today.year + 1:
        raise Http404
    return year


def complaint_rows(year: int) -> list[reports.ComplaintRow]:
    """The complaints received in `year` (one query)."""
    return [
        reports.ComplaintRow(*values)
        for values in Complaint.objects.filter(
            received_on__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31)
        ).values_list(
            "received_on",
            "category",
            "outcome",
            "acknowledge_by",
            "acknowledged_on",
            "answer_by",
            "answered_on",
            "escalated_to",
        )
    ]


def complaints_report_load(*, year: int, today: dt.date | None = None) -> reports.ComplaintsReport:
    return reports.complaints_report(
        year=year,
        rows=complaint_rows(year),
        today=today or timezone.localdate(),
        categories=ComplaintCategory.choices,
        outcomes=ComplaintOutcome.choices,
        escalation_routes=EscalationRoute.choices,
    )


def claims_per_year(year: int) -> dict[int, tuple[int, Decimal]]:
    """Count and total amount of the claims that are not cancelled, per year of period_start (one query)."""
    first = year - reports.CLAIM_YEARS + 1
    rows = (
        Claim.objects.exclude(status=ClaimStatus.CANCELLED)
        .filter(period_start__gte=dt.date(first, 1, 1), period_start__lte=dt.date(year, 12, 31))
        .annotate(claim_year=ExtractYear("period_start"))
        .values("claim_year")
        .annotate(count=Count("pk"), total=Sum("amount"))
        .order_by("claim_year")
    )
    return {row["claim_year"]: (row["count"], row["total"] or reports.ZERO_EUR) for row in rows}


def satisfaction_per_kind(year: int) -> dict[str, tuple[int, int]]:
    """(number of responses, sum of scores) per kind for the responses given in `year` (Amsterdam time)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=zone)
    end = dt.datetime(year + 1, 1, 1, tzinfo=zone)
    rows = (
        SurveyResponse.objects.filter(answered_at__gte=start, answered_at__lt=end)
        .values("invitation__kind")
        .annotate(count=Count("pk"), total=Sum("score"))
        .order_by("invitation__kind")
    )
    return {row["invitation__kind"]: (row["count"], row["total"] or 0) for row in rows}


def covenant_report_load(*, year: int, today: dt.date | None = None) -> reports.CovenantReport:
    return reports.covenant_report(
        complaints=complaints_report_load(year=year, today=today),
        claims_per_year=claims_per_year(year),
        satisfaction_per_kind=satisfaction_per_kind(year),
        kinds=SurveyKind.choices,
    )


def report_read_audit(*, user: User, report: str, year: int, file_format: str) -> None:
    audit_record(
        actor=user,
        action=AuditAction.READ,
        object_type=f"{report}_report",
        object_id=year,
        changes={"format": file_format},
    )
