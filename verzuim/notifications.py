"""The notification outbox: queueing (idempotent by a unique key), sending with claims, daily digests.

Sweepers produce drafts of what is due; this module neither knows nor cares what a draft is about,
so new kinds of scheduled contact (issue 10) plug in by registering a sweeper.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from verzuim.models import Notification, NotificationKind, NotificationState, ReminderDigest, ReminderMode, User

logger = logging.getLogger(__name__)

# After this many failed attempts a notification is given up and shows as failed to insurer staff.
MAX_ATTEMPTS = 5
SEND_BATCH = 100


@dataclass(frozen=True)
class NotificationDraft:
    recipient_id: uuid.UUID
    kind: str
    object_type: str
    object_id: str
    due_date: dt.date
    title: str
    context: str
    url: str
    step_id: int | None = None


Sweeper = Callable[[dt.date], Iterable[NotificationDraft]]
SWEEPERS: list[Sweeper] = []


def sweeper(func: Sweeper) -> Sweeper:
    """Register a function that, for a day, yields the reminders whose moment has come."""
    SWEEPERS.append(func)
    return func


def notification_queue(*, drafts: Iterable[NotificationDraft], now: dt.datetime | None = None) -> int:
    """Insert drafts into the outbox; an existing (recipient, object, kind, due date) is left as it is.
    Returns how many drafts were offered (those already queued are not counted apart)."""
    now = now or timezone.now()
    rows = list(drafts)
    if not rows:
        return 0
    instant = set(
        User.objects.filter(pk__in={d.recipient_id for d in rows}, reminder_mode=ReminderMode.INSTANT).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=d.recipient_id,
                kind=d.kind,
                object_type=d.object_type,
                object_id=d.object_id,
                step_id=d.step_id,
                due_date=d.due_date,
                title=d.title[:200],
                context=d.context[:200],
                url=d.url,
                scheduled_for=now,
                instant=d.recipient_id in instant,
            )
            for d in rows
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    return len(rows)


def notification_sweep(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """Ask every sweeper what is due and queue it. Safe to run any number of times, also concurrently:
    the unique key of the outbox turns a second insert of the same reminder into nothing."""
    today = today or timezone.localdate()
    queued = 0
    for func in SWEEPERS:
        queued += notification_queue(drafts=func(today), now=now)
    return queued


def _still_valid(notification: Notification) -> bool:
    """A step reminder is stale when the step is done or no longer has that due date (e.g. after a relapse)."""
    if notification.step_id is None:
        return True
    from cases.models import Step, StepState

    return Step.objects.filter(pk=notification.step_id, state=StepState.OPEN, due_date=notification.due_date).exists()


def _deliver(recipient: User, subject: str, template: str, context: dict[str, object]) -> None:
    context = {"recipient": recipient, "base_url": settings.PORTAL_BASE_URL, **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"email/{template}.txt", context),
        to=[recipient.email],
    )
    message.attach_alternative(render_to_string(f"email/{template}.html", context), "text/html")
    message.send()


def _record_failure(notification: Notification, error: Exception, now: dt.datetime) -> None:
    notification.attempts += 1
    notification.last_error = f"{type(error).__name__}: {error}"[:2000]
    if notification.attempts >= MAX_ATTEMPTS:
        notification.state = NotificationState.FAILED
        notification.next_attempt_at = None
    else:
        notification.next_attempt_at = now + timedelta(minutes=2**notification.attempts)
    notification.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
    logger.warning("notification %s failed (attempt %s): %s", notification.pk, notification.attempts, error)


def _claim_pending(now: dt.datetime, *, instant: bool, recipient: User | None = None) -> Q:
    query = Q(state=NotificationState.PENDING, scheduled_for__lte=now) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    if instant:
        query &= Q(instant=True)
    if recipient is not None:
        query &= Q(recipient=recipient)
    return query


def notification_send_pending(*, now: dt.datetime | None = None, limit: int = SEND_BATCH) -> int:
    """Send instant reminders one by one: claim a row (skip_locked), send it and mark it sent in one
    transaction. A worker killed mid-way leaves its row pending for the next run, never half-sent."""
    now = now or timezone.now()
    sent = 0
    for _round in range(limit):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(_claim_pending(now, instant=True))
                .order_by("scheduled_for", "id")
                .first()
            )
            if notification is None:
                break
            if not _still_valid(notification):
                notification.state = NotificationState.CANCELLED
                notification.save(update_fields=["state"])
                continue
            try:
                _deliver(
                    notification.recipient,
                    subject=_("Herinnering: %(title)s uiterlijk %(date)s")
                    % {"title": notification.title, "date": notification.due_date.strftime("%d-%m-%Y")},
                    template="reminder",
                    context={"notifications": [notification]},
                )
            except Exception as exc:  # noqa: BLE001 - any delivery failure is retried with backoff
                _record_failure(notification, exc, now)
                continue
            notification.state = NotificationState.SENT
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.save(update_fields=["state", "sent_at", "attempts"])
            sent += 1
    return sent


def notification_send_digests(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """One e-mail per user per day with every pending digest reminder; the digest row is the claim."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    sent = 0
    users = (
        User.objects.filter(notifications__in=Notification.objects.filter(_claim_pending(now, instant=False)))
        .exclude(pk__in=ReminderDigest.objects.filter(day=today).values("user"))
        .distinct()
    )
    for user in users:
        try:
            sent += _digest_send(user=user, today=today, now=now)
        except Exception:
            logger.exception("digest for %s failed", user.pk)
    return sent


def _digest_send(*, user: User, today: dt.date, now: dt.datetime) -> int:
    with transaction.atomic():
        notifications = list(
            Notification.objects.select_for_update(skip_locked=True)
            .filter(_claim_pending(now, instant=False, recipient=user))
            .order_by("due_date", "id")
        )
        valid = []
        for notification in notifications:
            if _still_valid(notification):
                valid.append(notification)
            else:
                notification.state = NotificationState.CANCELLED
                notification.save(update_fields=["state"])
        if not valid:
            return 0
        _digest, created = ReminderDigest.objects.get_or_create(user=user, day=today, defaults={"count": len(valid)})
        if not created:
            return 0
        _deliver(
            user,
            subject=_("Verzuimportaal: %(count)s herinnering(en)") % {"count": len(valid)},
            template="reminder",
            context={"notifications": valid},
        )
        Notification.objects.filter(pk__in=[n.pk for n in valid]).update(
            state=NotificationState.SENT, sent_at=timezone.now(), attempts=1
        )
    return 1


def notification_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True).exclude(
        state=NotificationState.CANCELLED
    )
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


__all__ = [
    "MAX_ATTEMPTS",
    "NotificationDraft",
    "NotificationKind",
    "notification_mark_read",
    "notification_queue",
    "notification_send_digests",
    "notification_send_pending",
    "notification_sweep",
    "sweeper",
]
