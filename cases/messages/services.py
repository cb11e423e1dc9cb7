"""Writes of a case's conversation (issue 22 item 3): a message, and the casemanager's follow-up of one.

A follow-up makes a message a task of the casemanager in "Mijn taken" (cases.messages.todo) until they mark it
done; the message itself is never changed.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.messages.models import CaseMessage, MessageFollowUp
from cases.messages.selectors import CASE_THREAD, notify_addresses
from cases.messages.threads import thread_message_send
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Role, User

FOLLOWUP_OBJECT = "message_followup"
# How far ahead a follow-up may be planned: a message is answered within weeks, not a year later.
FOLLOWUP_MAX_DAYS = 90
# The date the form proposes: two working days is what a casemanager promises for an answer; three calendar days.
FOLLOWUP_DEFAULT_DAYS = 3


def message_send(
    *, sent_by: User, case: AbsenceCase, text: str, upload: UploadedFile | None = None, now: dt.datetime | None = None
) -> CaseMessage:
    """A message in the conversation of a case the sender got through message_case_get; the other parties get a
    mail with a link."""
    return thread_message_send(  # type: ignore[return-value]
        CASE_THREAD,
        case=case,
        author=sent_by,
        text=text,
        upload=upload,
        notify=notify_addresses(case=case, author=sent_by),
        now=now,
    )


def followup_create(
    *, created_by: User, message: CaseMessage, due_on: dt.date, today: dt.date | None = None
) -> MessageFollowUp:
    """Make a message a task of the casemanager who asks (one per message)."""
    if created_by.role != Role.CASEMANAGER:
        raise PermissionDenied(_("Alleen de casemanager maakt van een bericht een taak."))
    today = today or timezone.localdate()
    if due_on < today:
        raise ValidationError({"due_on": [_("Kies vandaag of een latere datum.")]})
    if due_on > today + dt.timedelta(days=FOLLOWUP_MAX_DAYS):
        raise ValidationError({"due_on": [_("Kies een datum binnen %(days)s dagen.") % {"days": FOLLOWUP_MAX_DAYS}]})
    try:
        with transaction.atomic():
            followup = MessageFollowUp.objects.create(message=message, assigned_to=created_by, due_on=due_on)
    except IntegrityError:
        raise ValidationError({"due_on": [_("Van dit bericht is al een taak gemaakt.")]}) from None
    audit_record(
        actor=created_by,
        action=AuditAction.CREATE,
        object_type=FOLLOWUP_OBJECT,
        object_id=followup.pk,
        employer=message.case.employer,
        changes={"message": str(message.pk), "due_on": due_on.isoformat()},
    )
    return followup


def followup_done(*, done_by: User, message: CaseMessage) -> MessageFollowUp:
    """Mark the open follow-up of a message done (the task leaves Mijn taken); ValidationError when there is none."""
    if done_by.role != Role.CASEMANAGER:
        raise PermissionDenied(_("Alleen de casemanager rondt een taak af."))
    with transaction.atomic():
        followup = MessageFollowUp.objects.select_for_update().filter(message=message, done_at__isnull=True).first()
        if followup is None:
            raise ValidationError(_("Deze taak is al afgerond."))
        followup.done_at = timezone.now()
        followup.save(update_fields=["done_at"])
        audit_record(
            actor=done_by,
            action=AuditAction.UPDATE,
            object_type=FOLLOWUP_OBJECT,
            object_id=followup.pk,
            employer=message.case.employer,
            changes={"done": True},
        )
    return followup
