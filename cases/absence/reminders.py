"""The Poortwachter steps' part of the reminder outbox: which open steps are due for a reminder, for whom, and
whether a queued step reminder is still worth sending (registered with verzuim.notifications)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db.models import BigIntegerField, Case, Exists, OuterRef, When
from django.db.models.functions import Cast
from django.db.models.signals import post_delete
from django.dispatch import receiver

from cases.absence.models import AbsenceCase, CaseStatus, Step, StepState
from cases.absence.selectors import case_scope
from verzuim.models import Notification, NotificationKind, NotificationState, Role, User
from verzuim.notifications import NotificationDraft, reminder_type, stale_canceller, sweeper

# Lead times (docs/domain.md §5, docs/decisions.md #29): 7 days and 1 day before the due date, and the day after it.
# An overdue reminder is still sent up to two weeks late, so an outage loses nothing.
OVERDUE_CATCH_UP_DAYS = 14
PHYSICIAN_STEPS = frozenset({"problem_analysis", "current_assessment"})
EMPLOYER_OWNERS = frozenset({"employer", "employee"})
# The outbox's generic reference of a step reminder: object_type "step", object_id the step's id.
OBJECT_TYPE = "step"


def reminder_kind(due_date: dt.date, today: dt.date) -> str | None:
    days_left = (due_date - today).days
    if 2 <= days_left <= 7:
        return NotificationKind.DUE_IN_7_DAYS
    if 0 <= days_left <= 1:
        return NotificationKind.DUE_IN_1_DAY
    if -OVERDUE_CATCH_UP_DAYS <= days_left < 0:
        return NotificationKind.OVERDUE
    return None


def initials(first_name: str, last_name: str) -> str:
    parts = [first_name[:1], (last_name.split() or [""])[-1][:1]]
    return "".join(f"{p.upper()}." for p in parts if p)


def _step_ref() -> Case:
    """The step id of a step reminder's generic reference (NULL for other reminders, so no other id is cast)."""
    return Case(When(object_type=OBJECT_TYPE, then=Cast("object_id", BigIntegerField())), default=None)


@stale_canceller
def step_reminders_cancel_stale() -> int:
    """A reminder whose step is done, or no longer due on that date (a relapse moved it), is void."""
    current = Step.objects.filter(pk=OuterRef("step_ref"), state=StepState.OPEN, due_date=OuterRef("due_date"))
    return (
        Notification.objects.filter(state=NotificationState.PENDING, object_type=OBJECT_TYPE)
        .annotate(step_ref=_step_ref())
        .exclude(Exists(current))
        .update(state=NotificationState.CANCELLED)
    )


def step_reminder_still_valid(notification: Notification) -> bool:
    """Checked just before sending: a step reminder is stale when the step is done, no longer has that due date
    (e.g. after a relapse), or its case is no longer the recipient's (reassigned, deactivated)."""
    recipient = notification.recipient
    visible = AbsenceCase.objects.filter(case_scope(user=recipient)).values("pk")
    return (
        recipient.is_active
        and Step.objects.filter(
            pk=int(notification.object_id), state=StepState.OPEN, due_date=notification.due_date, case__in=visible
        ).exists()
    )


# The reminder mail speaks of Poortwachter steps (and of the wage sanction a missed step risks) when one is in it.
reminder_type(OBJECT_TYPE, send_check=step_reminder_still_valid, mail_context={"about_steps": True})


@receiver(post_delete, sender=Step, dispatch_uid="cases.absence.reminders.step_deleted")
def _step_deleted(sender: type[Step], instance: Step, **kwargs: Any) -> None:
    # A step that no longer exists (a recomputation dropped it) takes its reminders with it, sent ones included.
    Notification.objects.filter(object_type=OBJECT_TYPE, object_id=str(instance.pk)).delete()


@sweeper
def step_reminders(today: dt.date) -> Iterator[NotificationDraft]:
    step_reminders_cancel_stale()
    steps = list(
        Step.objects.filter(
            state=StepState.OPEN,
            due_date__gte=today - dt.timedelta(days=OVERDUE_CATCH_UP_DAYS),
            due_date__lte=today + dt.timedelta(days=7),
            case__status=CaseStatus.OPEN,
        )
        .order_by()
        .values(
            "pk",
            "code",
            "sequence",
            "title",
            "owner",
            "due_date",
            "case_id",
            "case__casemanager_id",
            "case__employer_id",
            "case__employer__name",
            "case__employer__occupational_physician_id",
            "case__employee__first_name",
            "case__employee__last_name",
        )
    )
    employer_users: dict[object, list[uuid.UUID]] = defaultdict(list)
    for user_id, employer_id in User.objects.filter(
        role=Role.EMPLOYER, is_active=True, employer_id__in={s["case__employer_id"] for s in steps}
    ).values_list("pk", "employer_id"):
        employer_users[employer_id].append(user_id)
    for step in steps:
        due_date = step["due_date"]
        kind = reminder_kind(due_date, today) if due_date is not None else None
        if due_date is None or kind is None:
            continue
        recipients: set[uuid.UUID] = set()
        if step["case__casemanager_id"]:
            recipients.add(step["case__casemanager_id"])
        if step["owner"] in EMPLOYER_OWNERS:
            recipients.update(employer_users[step["case__employer_id"]])
        if step["code"] in PHYSICIAN_STEPS and step["case__employer__occupational_physician_id"]:
            recipients.add(step["case__employer__occupational_physician_id"])
        title = step["title"] if step["sequence"] == 1 else f"{step['title']} {step['sequence']}"
        context = (
            f"{initials(step['case__employee__first_name'], step['case__employee__last_name'])} "
            f"({step['case__employer__name']})"
        )
        for recipient_id in recipients:
            yield NotificationDraft(
                recipient_id=recipient_id,
                kind=kind,
                object_type=OBJECT_TYPE,
                object_id=str(step["pk"]),
                due_date=due_date,
                title=title,
                context=context,
                url=f"/verzuim/{step['case_id']}/",
            )
