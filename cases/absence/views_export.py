"""Absences for HR as CSV or XLSX (issue 23 item 5, cases.absence.exports): the employer user downloads its own
employer's sick periods, insurer staff those of any employer. Every other role, and another employer, get 404."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.absence import exports, selectors
from cases.absence.models import Recovery
from verzuim import selectors as core_selectors
from verzuim.audit import audit_record
from verzuim.auth import portal_user
from verzuim.models import AuditAction, Role

EXPORT_ROLES = frozenset({Role.EMPLOYER, Role.INSURER})
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@never_cache
@login_required
@require_GET
def employer_absence_export(request: HttpRequest, employer_id: str, file_format: str) -> HttpResponse:
    user = portal_user(request)
    if user.role not in EXPORT_ROLES or file_format not in CONTENT_TYPES:
        raise Http404
    employer = core_selectors.employer_get(fetched_by=user, employer_id=employer_id)
    cases = (
        selectors.case_list(fetched_by=user, employer_id=employer.pk, audit=False)
        .prefetch_related(Prefetch("recoveries", queryset=Recovery.objects.order_by("date", "pk")))
        .order_by("employee__last_name", "employee__first_name", "employee__personnel_number", "first_sick_day", "pk")
    )
    audit_record(
        actor=user,
        action=AuditAction.LIST,
        object_type="absence_case",
        employer=employer,
        changes={"export": file_format, "filter": {"employer": str(employer.pk)}},
    )
    today = timezone.localdate()
    if file_format == "csv":
        body = exports.absences_csv(cases, today=today)
    else:
        body = exports.absences_xlsx(cases, today=today)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = (
        f'attachment; filename="verzuim-{employer.kvk_number}-{today:%Y-%m-%d}.{file_format}"'
    )
    return response
