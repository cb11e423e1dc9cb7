"""Writes of the contact log (docs/domain.md §6 "Contact log"): audited, in transactions.

The casemanager logs a contact (contact_log) and marks its follow-up done (contact_followup_done). Marking it done
cancels the pending reminders of that follow-up in the same transaction (the stale canceller of
cases/contacts/reminders.py would do so before the next send run as well).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.services import CaseConflict
from cases.contacts.models import ContactChannel, ContactMoment, ContactParty
from cases.contacts.selectors import CONTACT_WRITE_ROLES, OBJECT_TYPE
from verzuim.audit import audit_record
from verzuim.models import AuditAction, Notification, NotificationState, User

SUMMARY_MAX_LENGTH = 4000


def _require_writer(user: User) -> None:
    if user.role not in CONTACT_WRITE_ROLES:
        raise PermissionDenied(_("Alleen de casemanager legt een contactmoment vast."))


def contact_log(
    *,
    recorded_by: User,
    case: AbsenceCase,
    contact_date: dt.date,
    channel: str,
    party: str,
    summary: str,
    followup_date: dt.date | None = None,
    today: dt.date | None = None,
) -> ContactMoment:
    """The casemanager records a call, e-mail, visit or conversation; a follow-up date makes it a to-do."""
    _require_writer(recorded_by)
    today = today or timezone.localdate()
    summary = summary.strip()
    errors: dict[str, list[str]] = {}
    if contact_date > today:
        errors["contact_date"] = [_("De datum van het contact kan niet in de toekomst liggen.")]
    if channel not in ContactChannel.values:
        errors["channel"] = [_("Kies telefoon, e-mail, bezoek of gesprek.")]
    if party not in ContactParty.values:
        errors["party"] = [_("Kies met wie het contact was: werknemer, werkgever of beiden.")]
    if not summary:
        errors["summary"] = [_("Schrijf kort op wat is besproken en afgesproken.")]
    elif len(summary) > SUMMARY_MAX_LENGTH:
        errors["summary"] = [_("De samenvatting is te lang (hoogstens 4000 tekens).")]
    if followup_date is not None:
        if followup_date < contact_date:
            errors["followup_date"] = [_("De opvolgdatum ligt vóór de datum van het contact.")]
        elif followup_date < today:
            errors["followup_date"] = [_("De opvolgdatum ligt in het verleden.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contact = ContactMoment.objects.create(
            case=case,
            contact_date=contact_date,
            channel=channel,
            party=party,
            summary=summary,
            followup_date=followup_date,
            recorded_by=recorded_by,
        )
        # The audit row names the facts, never the summary (the log is the one place it is kept).
        audit_record(
            actor=recorded_by,
            action=AuditAction.CREATE,
            object_type=OBJECT_TYPE,
            object_id=contact.pk,
            employer=case.employer,
            changes={
                "case": str(case.pk),
                "contact_date": contact_date.isoformat(),
                "channel": channel,
                "party": party,
                "followup_date": followup_date.isoformat() if followup_date else "",
            },
        )
    return contact


def contact_followup_done(*, done_by: User, contact: ContactMoment, today: dt.date | None = None) -> ContactMoment:
    """The casemanager marks a follow-up done (today); its pending reminders are cancelled."""
    _require_writer(done_by)
    today = today or timezone.localdate()
    with transaction.atomic():
        contact = ContactMoment.objects.select_for_update().select_related("case__employer").get(pk=contact.pk)
        if contact.followup_date is None:
            raise CaseConflict(_("Dit contactmoment heeft geen opvolging."), code="contact_no_followup")
        if contact.followup_done_on is not None:
            raise CaseConflict(_("De opvolging van dit contactmoment is al afgerond."), code="contact_followup_done")
        contact.followup_done_on = today
        contact.followup_done_by = done_by
        contact.save(update_fields=["followup_done_on", "followup_done_by"])
        cancelled = Notification.objects.filter(
            object_type=OBJECT_TYPE, object_id=str(contact.pk), state=NotificationState.PENDING
        ).update(state=NotificationState.CANCELLED)
        audit_record(
            actor=done_by,
            action=AuditAction.UPDATE,
            object_type=OBJECT_TYPE,
            object_id=contact.pk,
            employer=contact.case.employer,
            changes={"followup_done_on": today.isoformat(), "reminders_cancelled": cancelled},
        )
    return contact
