"""Writes of *Mijn gegevens* (issue 22 item 4): asking for a data export, making it in the background, removing
it when it expires; asking for a correction and answering it. Every change is audited (verzuim.audit).

An export is kept EXPORT_VALID_DAYS days after it is made, then its files are removed (AVG art. 5(1)(e): a copy
of the whole dossier is not kept longer than the employee needs to download it). One export at a time is made: a
second request while one is being made returns the first.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.selectors import own_case_scope
from cases.privacy.mails import CORRECTION_ANSWERED, DATA_EXPORT_READY
from cases.privacy.models import CorrectionRequest, CorrectionStatus, DataExport, ExportState
from cases.privacy.render import export_files
from verzuim.audit import audit_record
from verzuim.mail import mail_queue
from verzuim.models import AuditAction, Role, User
from verzuim.selectors import as_uuid

logger = logging.getLogger(__name__)

EXPORT_VALID_DAYS = 7
EXPORT_OBJECT = "data_export"
CORRECTION_OBJECT = "correction_request"
FORMATS = ("json", "pdf")


def _own_employee_id(user: User) -> uuid.UUID:
    """The employee record of an active employee account; 404 for every other account."""
    if not user.is_authenticated or not user.is_active or user.role != Role.EMPLOYEE or user.employee_id is None:
        raise Http404
    return user.employee_id


def export_request(*, requested_by: User, now: dt.datetime | None = None) -> DataExport:
    """Ask for a new export of the employee's data; the worker makes it (cases.tasks.data_export_generate)."""
    employee_id = _own_employee_id(requested_by)
    now = now or timezone.now()
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=requested_by.pk).first()  # one request at a time per account
        pending = DataExport.objects.filter(
            requested_by=requested_by, employee_id=employee_id, state=ExportState.PENDING
        ).first()
        if pending is not None:
            return pending
        export = DataExport.objects.create(requested_by=requested_by, employee_id=employee_id, requested_at=now)
        audit_record(
            actor=requested_by,
            action=AuditAction.CREATE,
            object_type=EXPORT_OBJECT,
            object_id=export.pk,
            employer=requested_by.employee.employer if requested_by.employee else None,
            changes={"employee": str(employee_id)},
        )
        export_id = str(export.pk)

        def queue() -> None:
            from cases.tasks import data_export_generate

            data_export_generate.delay(export_id)

        transaction.on_commit(queue, robust=True)
    return export


def export_generate(*, export_id: Any, now: dt.datetime | None = None) -> DataExport | None:
    """Make the export's JSON and PDF and store them; does nothing for an export that is not waiting (safe to run
    twice). The files are written before the row says ready, so a ready export always has its files."""
    now = now or timezone.now()
    pk = as_uuid(export_id)
    export = DataExport.objects.select_related("employee__employer").filter(pk=pk).first() if pk else None
    if export is None or export.state != ExportState.PENDING:
        return export
    files = export_files(export.employee, generated_at=now)
    base = f"exports/{export.employee_id}/{export.pk}"
    json_name = default_storage.save(f"{base}.json", ContentFile(files.json))
    pdf_name = default_storage.save(f"{base}.pdf", ContentFile(files.pdf))
    with transaction.atomic():
        locked = DataExport.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=export.pk)
        if locked.state != ExportState.PENDING:  # another run made it meanwhile: keep theirs
            transaction.on_commit(lambda: _delete_files(json_name, pdf_name))
            return locked
        locked.state = ExportState.READY
        locked.ready_at = now
        locked.expires_at = now + dt.timedelta(days=EXPORT_VALID_DAYS)
        locked.json_file, locked.pdf_file = json_name, pdf_name
        locked.save(update_fields=["state", "ready_at", "expires_at", "json_file", "pdf_file"])
        audit_record(
            actor=None,
            action=AuditAction.UPDATE,
            object_type=EXPORT_OBJECT,
            object_id=locked.pk,
            employer=export.employee.employer,
            changes={"employee": str(export.employee_id), "state": ExportState.READY},
        )
        if locked.requested_by.email:
            mail_queue(
                kind=DATA_EXPORT_READY, to=locked.requested_by.email, object_type=EXPORT_OBJECT, object_id=locked.pk
            )
    return locked


def export_mark_failed(*, export_id: Any) -> None:
    """The worker gave up on the export: the page offers a new one instead of "wordt gemaakt"."""
    pk = as_uuid(export_id)
    if pk is not None:
        DataExport.objects.filter(pk=pk, state=ExportState.PENDING).update(state=ExportState.FAILED)
        logger.error("Data export %s failed after its retries", pk)


def _delete_files(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def export_expire(*, now: dt.datetime | None = None) -> int:
    """Remove the files of the exports past their date; the rows stay (the page says it expired)."""
    now = now or timezone.now()
    expired = list(DataExport.objects.filter(expires_at__lte=now).exclude(json_file="", pdf_file=""))
    for export in expired:
        _delete_files(export.json_file, export.pdf_file)
        DataExport.objects.filter(pk=export.pk).update(json_file="", pdf_file="")
    return len(expired)


def correction_request_create(
    *, requested_by: User, case_id: Any, what_is_wrong: str, should_be: str, now: dt.datetime | None = None
) -> CorrectionRequest:
    """The employee's request to correct their data; `case_id` is one of their own cases or empty."""
    employee_id = _own_employee_id(requested_by)
    case = None
    if case_id:
        pk = as_uuid(case_id)
        case = AbsenceCase.objects.filter(own_case_scope(user=requested_by), pk=pk).first() if pk else None
        if case is None:
            raise ValidationError({"case": _("Kies een van uw eigen verzuimgevallen.")})
    request = CorrectionRequest(
        employee_id=employee_id,
        case=case,
        requested_by=requested_by,
        requested_at=now or timezone.now(),
        what_is_wrong=what_is_wrong.strip(),
        should_be=should_be.strip(),
    )
    request.full_clean()
    with transaction.atomic():
        request.save(force_insert=True)
        audit_record(
            actor=requested_by,
            action=AuditAction.CREATE,
            object_type=CORRECTION_OBJECT,
            object_id=request.pk,
            employer=requested_by.employee.employer if requested_by.employee else None,
            changes={"employee": str(employee_id), "case": str(case.pk) if case else ""},
        )
    return request


def correction_answer(
    *, answered_by: User, request: CorrectionRequest, status: str, answer: str, now: dt.datetime | None = None
) -> CorrectionRequest:
    """Close the request (the caller got it through correction_get_for_handler): corrected or declined, with the
    answer the employee reads. A closed request is not answered twice."""
    if status not in (CorrectionStatus.CORRECTED, CorrectionStatus.DECLINED):
        raise ValidationError({"status": _("Kies of de gegevens zijn aangepast of niet.")})
    if not answer.strip():
        raise ValidationError({"answer": _("Schrijf de werknemer wat u hebt gedaan of waarom niet.")})
    with transaction.atomic():
        locked = (
            CorrectionRequest.objects.select_for_update(of=("self",)).select_related("requested_by").get(pk=request.pk)
        )
        if locked.status != CorrectionStatus.OPEN:
            raise ValidationError(_("Dit verzoek is al beantwoord."))
        locked.status = status
        locked.answer = answer.strip()
        locked.answered_by = answered_by
        locked.answered_at = now or timezone.now()
        locked.full_clean()
        locked.save(update_fields=["status", "answer", "answered_by", "answered_at"])
        audit_record(
            actor=answered_by,
            action=AuditAction.UPDATE,
            object_type=CORRECTION_OBJECT,
            object_id=locked.pk,
            employer=request.employee.employer,
            changes={"employee": str(locked.employee_id), "status": status},
        )
        if locked.requested_by.email:
            mail_queue(
                kind=CORRECTION_ANSWERED,
                to=locked.requested_by.email,
                object_type=CORRECTION_OBJECT,
                object_id=locked.pk,
            )
    return locked
