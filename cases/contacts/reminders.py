"""The contact log's part of the reminder outbox (verzuim.notifications): an open follow-up is a to-do of the case's
casemanager (or of the casemanager who logged it, when the case has none; selectors.followup_owner_id). They hear
once when it is due (the day before or on the day) and once when it is overdue, up to two weeks late so an outage
loses nothing. A follow-up marked done, or a case that went to another casemanager, voids the pending reminder.
Imported by CasesConfig.ready."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext as _

from cases.absence.models import AbsenceCase
from cases.absence.reminders import initials
from cases.absence.selectors import case_scope
from cases.contacts.models import ContactMoment, ContactParty
from cases.contacts.selectors import OBJECT_TYPE, followup_owner_id
from verzuim.models import Notification, NotificationKind, NotificationState, Role, User
from verzuim.notifications import NotificationDraft, reminder_type, stale_canceller, sweeper

LEAD_DAYS = 1
OVERDUE_CATCH_UP_DAYS = 14


def reminder_kind(followup_date: dt.date, today: dt.date) -> str | None:
    days_left = (followup_date - today).days
    if 0 <= days_left <= LEAD_DAYS:
        return NotificationKind.DUE_IN_1_DAY
    if -OVERDUE_CATCH_UP_DAYS <= days_left < 0:
        return NotificationKind.OVERDUE
    return None


def _open_followups() -> Q:
    return Q(followup_date__isnull=False, followup_done_on__isnull=True)


def _owners(object_ids: set[str]) -> dict[str, object]:
    """The current owner of each open follow-up among the ids (a done or unknown one is absent)."""
    rows = ContactMoment.objects.filter(_open_followups(), pk__in=object_ids).values_list(
        "pk", "case__casemanager_id", "recorded_by_id"
    )
    return {
        str(pk): followup_owner_id(case_casemanager_id=casemanager_id, recorded_by_id=recorded_by_id)
        for pk, casemanager_id, recorded_by_id in rows
    }


@stale_canceller
def contact_followup_reminders_cancel_stale() -> int:
    """A pending reminder is void once its follow-up is done or belongs to another casemanager."""
    rows = list(
        Notification.objects.filter(state=NotificationState.PENDING, object_type=OBJECT_TYPE).values_list(
            "pk", "object_id", "recipient_id"
        )
    )
    if not rows:
        return 0
    owners = _owners({object_id for _pk, object_id, _recipient in rows})
    stale = [pk for pk, object_id, recipient_id in rows if owners.get(object_id) != recipient_id]
    if not stale:
        return 0
    return Notification.objects.filter(pk__in=stale).update(state=NotificationState.CANCELLED)


def contact_followup_reminder_still_valid(notification: Notification) -> bool:
    """Checked just before sending: the follow-up is still open on that date, still the recipient's, and its case
    still one the recipient may see."""
    recipient = notification.recipient
    if not recipient.is_active:
        return False
    contact = (
        ContactMoment.objects.filter(
            _open_followups(),
            pk=notification.object_id,
            followup_date=notification.due_date,
            case__in=AbsenceCase.objects.filter(case_scope(user=recipient)).values("pk"),
        )
        .values("case__casemanager_id", "recorded_by_id")
        .first()
    )
    return contact is not None and recipient.pk == followup_owner_id(
        case_casemanager_id=contact["case__casemanager_id"], recorded_by_id=contact["recorded_by_id"]
    )


reminder_type(OBJECT_TYPE, send_check=contact_followup_reminder_still_valid)


def followup_title(party: str) -> str:
    return _("Opvolging contactmoment met %(party)s") % {"party": ContactParty(party).label.lower()}


@sweeper
def contact_followup_reminders(today: dt.date) -> Iterator[NotificationDraft]:
    contact_followup_reminders_cancel_stale()
    active_casemanagers = set(User.objects.filter(role=Role.CASEMANAGER, is_active=True).values_list("pk", flat=True))
    contacts = (
        ContactMoment.objects.filter(
            _open_followups(),
            followup_date__gte=today - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS),
            followup_date__lte=today + dt.timedelta(days=LEAD_DAYS),
        )
        .order_by()
        .values(
            "pk",
            "party",
            "followup_date",
            "case_id",
            "case__casemanager_id",
            "recorded_by_id",
            "case__employer__name",
            "case__employee__first_name",
            "case__employee__last_name",
        )
    )
    for contact in contacts:
        followup_date = contact["followup_date"]
        kind = reminder_kind(followup_date, today) if followup_date is not None else None
        owner = followup_owner_id(
            case_casemanager_id=contact["case__casemanager_id"], recorded_by_id=contact["recorded_by_id"]
        )
        if followup_date is None or kind is None or owner not in active_casemanagers:
            continue
        who = initials(contact["case__employee__first_name"], contact["case__employee__last_name"])
        yield NotificationDraft(
            recipient_id=owner,
            kind=kind,
            object_type=OBJECT_TYPE,
            object_id=str(contact["pk"]),
            due_date=followup_date,
            title=followup_title(contact["party"]),
            context=f"{who} ({contact['case__employer__name']})",
            url=f"/verzuim/{contact['case_id']}/contactmomenten/",
        )
