"""Reads of *Mijn gegevens* (the employee's own page) and of the correction requests (their casemanager).

*Mijn gegevens* is the employee account's alone: every other role gets 404, and everything on it is read from the
account's own employee record, in a fixed number of queries (tests/cases/test_privacy.py counts them). The read is
audited. A correction request is handled by the casemanager of its case, or, without a case or a casemanager on
it, by the employer's fixed casemanager; anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from cases.absence.models import AbsenceCase
from cases.absence.selectors import own_case_scope
from cases.privacy.audit import DEFAULT_LIMIT, AuditLine, audit_about, audit_lines
from cases.privacy.models import CorrectionRequest, CorrectionStatus, DataExport
from cases.privacy.services import EXPORT_OBJECT, FORMATS
from cases.retention.terms import Term, retention_terms
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Employee, Role, User
from verzuim.selectors import as_uuid

EXPORTS_SHOWN = 5


@dataclass(frozen=True)
class MyData:
    employee: Employee
    cases: list[AbsenceCase]
    exports: list[DataExport]
    audit: list[AuditLine]
    audit_more: bool
    terms: list[Term]
    corrections: list[CorrectionRequest]
    now: dt.datetime


def _own_employee(user: User) -> Employee:
    if not user.is_authenticated or not user.is_active or user.role != Role.EMPLOYEE or user.employee_id is None:
        raise Http404
    employee = Employee.objects.select_related("employer").filter(pk=user.employee_id).first()
    if employee is None:
        raise Http404
    return employee


def my_data_get(*, fetched_by: User, audit_limit: int = DEFAULT_LIMIT) -> MyData:
    """Everything *Mijn gegevens* shows: the personal data, the exports, who read the dossier (others than the
    employee, newest first, at most `audit_limit`), the retention terms and the correction requests."""
    employee = _own_employee(fetched_by)
    cases = list(AbsenceCase.objects.filter(own_case_scope(user=fetched_by)).order_by("-first_sick_day", "pk"))
    rows = list(audit_about(employee).exclude(actor=fetched_by)[: audit_limit + 1])
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="my_data",
        object_id=employee.pk,
        employer=employee.employer,
        changes={"employee": str(employee.pk)},
    )
    return MyData(
        employee=employee,
        cases=cases,
        exports=list(
            DataExport.objects.filter(requested_by=fetched_by, employee=employee).order_by("-requested_at")[
                :EXPORTS_SHOWN
            ]
        ),
        audit=audit_lines(employee, rows[:audit_limit]),
        audit_more=len(rows) > audit_limit,
        terms=retention_terms(),
        corrections=list(
            CorrectionRequest.objects.filter(employee=employee).select_related("case").order_by("-requested_at")
        ),
        now=timezone.now(),
    )


def export_file_get(*, fetched_by: User, export_id: Any, file_format: str) -> tuple[DataExport, str]:
    """The stored file of one of the account's own exports that is ready and not expired, or 404 (for every other
    account, whatever its role: the export is the employee's alone). The download is audited."""
    if file_format not in FORMATS:
        raise Http404
    employee = _own_employee(fetched_by)
    pk = as_uuid(export_id)
    export = (
        DataExport.objects.filter(
            pk=pk, requested_by=fetched_by, employee=employee, expires_at__gt=timezone.now()
        ).first()
        if pk
        else None
    )
    name = (export.json_file if file_format == "json" else export.pdf_file) if export is not None else ""
    if export is None or not name:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type=EXPORT_OBJECT,
        object_id=export.pk,
        employer=employee.employer,
        changes={"employee": str(employee.pk), "format": file_format},
    )
    return export, name


def correction_handler_scope(*, user: User) -> Q:
    """The correction requests `user` handles: those on a case they manage, and, for the employer's fixed
    casemanager, those without a case or on a case without a casemanager."""
    if not user.is_authenticated or not user.is_active or user.role != Role.CASEMANAGER:
        return Q(pk__in=[])
    fixed = Q(employee__employer__casemanager=user) & (Q(case__isnull=True) | Q(case__casemanager__isnull=True))
    return Q(case__casemanager=user) | fixed


def correction_open_for(*, user: User, limit: int) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.filter(correction_handler_scope(user=user), status=CorrectionStatus.OPEN)
        .select_related("employee")
        .order_by("requested_at")[:limit]
    )


def correction_get_for_handler(*, fetched_by: User, request_id: Any) -> CorrectionRequest:
    pk = as_uuid(request_id)
    request = (
        CorrectionRequest.objects.filter(correction_handler_scope(user=fetched_by), pk=pk)
        .select_related("employee__employer", "case", "answered_by")
        .first()
        if pk
        else None
    )
    if request is None:
        raise Http404
    audit_record(
        actor=fetched_by,
        action=AuditAction.READ,
        object_type="correction_request",
        object_id=request.pk,
        employer=request.employee.employer,
        changes={"employee": str(request.employee_id)},
    )
    return request
