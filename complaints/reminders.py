"""The complaints desk's part of the reminder sweep (verzuim.notifications): the handler hears, through the outbox,
when a complaint's acknowledgement or answer is due within two working days, and once more when it is overdue."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from django.db.models import Q
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintStatus
from verzuim.models import Notification, NotificationKind, NotificationState, Role, User
from verzuim.notifications import NotificationDraft, stale_canceller, sweeper
from verzuim.workdays import is_working_day

# "Coming" from this many working days before the deadline up to the deadline itself.
LEAD_WORKING_DAYS = 2
# An overdue reminder is still sent up to two weeks late (as for Poortwachter steps), so an outage loses nothing.
OVERDUE_CATCH_UP_DAYS = 14
ACKNOWLEDGE_OBJECT = "complaint_acknowledge"
ANSWER_OBJECT = "complaint_answer"
# The answer clock stands still while waiting for the complainant, so no answer reminder then.
ANSWER_OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED)


def working_days_before(day: dt.date, days: int) -> dt.date:
    """The `days`-th working day before `day`."""
    counted = 0
    while counted < days:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def reminder_kind(deadline: dt.date, today: dt.date) -> str | None:
    """The outbox kind for a deadline today: due soon (within LEAD_WORKING_DAYS working days), overdue, or none.
    The outbox's kinds are shared with the Poortwachter steps; "due in 1 day" stands for "due soon" here."""
    if today > deadline:
        return NotificationKind.OVERDUE if (today - deadline).days <= OVERDUE_CATCH_UP_DAYS else None
    if today >= working_days_before(deadline, LEAD_WORKING_DAYS):
        return NotificationKind.DUE_IN_1_DAY
    return None


@stale_canceller
def complaint_reminders_cancel_stale() -> int:
    """A pending reminder whose deadline has been met (acknowledged, answered, waiting) or moved is void."""
    pending = Notification.objects.filter(
        state=NotificationState.PENDING, object_type__in=(ACKNOWLEDGE_OBJECT, ANSWER_OBJECT)
    )
    stale_ids: list[int] = []
    rows = list(pending.values_list("pk", "object_type", "object_id", "due_date"))
    complaints = {
        str(c["pk"]): c
        for c in Complaint.objects.filter(pk__in={row[2] for row in rows}).values(
            "pk", "status", "acknowledge_by", "answer_by"
        )
    }
    for pk, object_type, object_id, due_date in rows:
        complaint = complaints.get(object_id)
        if complaint is None:
            stale_ids.append(pk)
        elif object_type == ACKNOWLEDGE_OBJECT:
            if complaint["status"] != ComplaintStatus.RECEIVED or complaint["acknowledge_by"] != due_date:
                stale_ids.append(pk)
        elif complaint["status"] not in ANSWER_OPEN_STATUSES or complaint["answer_by"] != due_date:
            stale_ids.append(pk)
    if not stale_ids:
        return 0
    return Notification.objects.filter(pk__in=stale_ids).update(state=NotificationState.CANCELLED)


@sweeper
def complaint_reminders(today: dt.date) -> Iterator[NotificationDraft]:
    complaint_reminders_cancel_stale()
    earliest = today - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS)
    # Two working days back can span a long weekend with holidays; a week of calendar days is always enough.
    latest = today + dt.timedelta(days=7)
    complaints = list(
        Complaint.objects.filter(
            Q(status=ComplaintStatus.RECEIVED, acknowledge_by__range=(earliest, latest))
            | Q(status__in=ANSWER_OPEN_STATUSES, answer_by__range=(earliest, latest))
        )
        .order_by()
        .values("pk", "reference", "category", "status", "acknowledge_by", "answer_by", "assigned_to_id")
    )
    if not complaints:
        return
    handlers: list[uuid.UUID] = list(
        User.objects.filter(role=Role.COMPLAINT_HANDLER, is_active=True).values_list("pk", flat=True)
    )
    active_assigned = set(
        User.objects.filter(
            pk__in={c["assigned_to_id"] for c in complaints if c["assigned_to_id"]}, is_active=True
        ).values_list("pk", flat=True)
    )
    for complaint in complaints:
        assigned = complaint["assigned_to_id"]
        recipients = [assigned] if assigned in active_assigned else handlers
        deadlines: list[tuple[str, dt.date, str]] = []
        if complaint["status"] == ComplaintStatus.RECEIVED:
            deadlines.append((ACKNOWLEDGE_OBJECT, complaint["acknowledge_by"], _("Ontvangst klacht bevestigen")))
        if complaint["status"] in ANSWER_OPEN_STATUSES:
            deadlines.append((ANSWER_OBJECT, complaint["answer_by"], _("Klacht beantwoorden")))
        for object_type, deadline, title in deadlines:
            kind = reminder_kind(deadline, today)
            if kind is None:
                continue
            for recipient_id in recipients:
                yield NotificationDraft(
                    recipient_id=recipient_id,
                    kind=kind,
                    object_type=object_type,
                    object_id=str(complaint["pk"]),
                    due_date=deadline,
                    title=title,
                    context=complaint["reference"],
                    url=f"/admin/complaints/complaint/{complaint['pk']}/change/",
                )
