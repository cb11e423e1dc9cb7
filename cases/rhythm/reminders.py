"""The service rhythm's part of the reminder sweep (verzuim.notifications): the assigned casemanager hears, through
the outbox, once when a contact is due within a week and once when it is overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext as _

from cases.absence.reminders import initials
from cases.rhythm.models import ContactKind, ContactState, ServiceContact
from verzuim.models import Notification, NotificationKind, NotificationState, Role, User
from verzuim.notifications import NotificationDraft, stale_canceller, sweeper

OBJECT_TYPE = "service_contact"
# One heads-up a week ahead (a contact is planned, not a legal deadline), and one when it is overdue; an overdue
# reminder is still sent up to two weeks late, so an outage loses nothing.
LEAD_DAYS = 7
OVERDUE_CATCH_UP_DAYS = 14


def reminder_kind(due_date: dt.date, today: dt.date) -> str | None:
    days_left = (due_date - today).days
    if 0 <= days_left <= LEAD_DAYS:
        return NotificationKind.DUE_IN_7_DAYS
    if -OVERDUE_CATCH_UP_DAYS <= days_left < 0:
        return NotificationKind.OVERDUE
    return None


@stale_canceller
def service_contact_reminders_cancel_stale() -> int:
    """A pending reminder is void once its contact is done or has gone to another casemanager."""
    rows = list(
        Notification.objects.filter(state=NotificationState.PENDING, object_type=OBJECT_TYPE).values_list(
            "pk", "object_id", "recipient_id"
        )
    )
    if not rows:
        return 0
    open_for = dict(
        ServiceContact.objects.filter(pk__in={row[1] for row in rows}, state=ContactState.OPEN).values_list(
            "pk", "casemanager_id"
        )
    )
    current = {str(pk): casemanager_id for pk, casemanager_id in open_for.items()}
    stale = [pk for pk, object_id, recipient_id in rows if current.get(object_id) != recipient_id]
    if not stale:
        return 0
    return Notification.objects.filter(pk__in=stale).update(state=NotificationState.CANCELLED)


def _title(kind: str) -> str:
    return {
        ContactKind.WELCOME_CALL: _("Welkomstgesprek met nieuwe polishouder"),
        ContactKind.PREVENTION_CHECK: _("Jaarlijkse preventiecheck"),
        ContactKind.RELAPSE_PREVENTION: _("Contact terugvalpreventie"),
    }[ContactKind(kind)]


@sweeper
def service_contact_reminders(today: dt.date) -> Iterator[NotificationDraft]:
    service_contact_reminders_cancel_stale()
    active_casemanagers = User.objects.filter(role=Role.CASEMANAGER, is_active=True)
    contacts = (
        ServiceContact.objects.filter(
            state=ContactState.OPEN,
            casemanager__in=active_casemanagers,
            due_date__gte=today - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS),
            due_date__lte=today + dt.timedelta(days=LEAD_DAYS),
        )
        .order_by()
        .values(
            "pk",
            "kind",
            "due_date",
            "policy_year",
            "casemanager_id",
            "employer__name",
            "case__employee__first_name",
            "case__employee__last_name",
        )
    )
    for contact in contacts:
        kind = reminder_kind(contact["due_date"], today)
        if kind is None:
            continue
        title = _title(contact["kind"])
        if contact["policy_year"]:
            title = _("%(title)s (polisjaar %(year)s)") % {"title": title, "year": contact["policy_year"]}
        context = contact["employer__name"]
        if contact["case__employee__last_name"]:
            employee = initials(contact["case__employee__first_name"], contact["case__employee__last_name"])
            context = f"{employee} ({context})"
        yield NotificationDraft(
            recipient_id=contact["casemanager_id"],
            kind=kind,
            object_type=OBJECT_TYPE,
            object_id=str(contact["pk"]),
            due_date=contact["due_date"],
            title=title,
            context=context,
            url=f"/servicecontacten/{contact['pk']}/",
        )
