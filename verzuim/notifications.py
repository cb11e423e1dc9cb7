"""The notification outbox: queueing (idempotent by a unique key), sending with claims, daily digests.

Sweepers produce drafts of what is due; this module neither knows nor cares what a draft is about (it imports no
app), so each kind of scheduled contact plugs in from its app's reminders module: a `@sweeper` that drafts, a
`@stale_canceller` that voids pending rows in bulk, and a `reminder_type` with the check made just before a row is
sent and the wording of its mail. Mails go out through verzuim.mail, with its retry policy.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from verzuim.audit import audit_record
from verzuim.mail import MAX_ATTEMPTS, mail_deliver, mail_render, retry_at
from verzuim.models import (
    AuditAction,
    Notification,
    NotificationKind,
    NotificationState,
    ReminderDigest,
    ReminderMode,
    Role,
    User,
)

logger = logging.getLogger(__name__)

# After MAX_ATTEMPTS failed attempts (verzuim.mail's retry policy) a notification is given up and shows as failed
# to insurer staff.
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


Sweeper = Callable[[dt.date], Iterable[NotificationDraft]]
SWEEPERS: list[Sweeper] = []


def sweeper(func: Sweeper) -> Sweeper:
    """Register a function that, for a day, yields the reminders whose moment has come."""
    SWEEPERS.append(func)
    return func


StaleCanceller = Callable[[], int]
STALE_CANCELLERS: list[StaleCanceller] = []


def stale_canceller(func: StaleCanceller) -> StaleCanceller:
    """Register a function that cancels pending reminders of its own kind whose subject has been dealt with.

    They run before every send run as at every sweep, so a contact recorded between two sweeps is not reminded
    of. A kind can also check each reminder just before it goes out (`reminder_type(send_check=...)`)."""
    STALE_CANCELLERS.append(func)
    return func


def _cancel_stale() -> None:
    for cancel in STALE_CANCELLERS:
        cancel()


SendCheck = Callable[[Notification], bool]


@dataclass(frozen=True)
class ReminderType:
    """What an app tells the outbox about its reminders of one `object_type`."""

    object_type: str
    # Asked just before a reminder is sent (in the claim's transaction): False cancels it instead.
    send_check: SendCheck | None = None
    # Added to the reminder mail's template context when a reminder of this type is in it.
    mail_context: Mapping[str, object] = field(default_factory=dict)


REMINDER_TYPES: dict[str, ReminderType] = {}


def reminder_type(
    object_type: str, *, send_check: SendCheck | None = None, mail_context: Mapping[str, object] | None = None
) -> ReminderType:
    """Register how reminders about `object_type` are checked and worded (an app's reminders module calls this)."""
    registered = ReminderType(object_type=object_type, send_check=send_check, mail_context=dict(mail_context or {}))
    REMINDER_TYPES[object_type] = registered
    return registered


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
    """Whether the app that queued the reminder still wants it sent (types without a send check: always)."""
    registered = REMINDER_TYPES.get(notification.object_type)
    return registered is None or registered.send_check is None or registered.send_check(notification)


def _mail_context(notifications: Sequence[Notification]) -> dict[str, object]:
    context: dict[str, object] = {"notifications": list(notifications)}
    for object_type in dict.fromkeys(n.object_type for n in notifications):
        registered = REMINDER_TYPES.get(object_type)
        if registered is not None:
            context.update(registered.mail_context)
    return context


def _deliver(
    recipient: User,
    subject: str,
    template: str,
    context: dict[str, object],
    *,
    notifications: Sequence[Notification],
    message_key: str,
) -> None:
    """Hand one mail to the mail server. It names the outbox rows it delivers (for support), and its Message-ID
    depends only on `message_key`: a send repeated after a crash between hand-over and commit (at-least-once)
    carries the same Message-ID, so receiving servers and mail programs can recognise the copy."""
    context = {"recipient": recipient, "base_url": settings.PORTAL_BASE_URL, **context}
    domain = urlsplit(settings.PORTAL_BASE_URL).hostname or "verzuimportaal.nl"
    mail_deliver(
        mail_render(
            to=[recipient.email],
            subject=subject,
            template=f"email/{template}",
            context=context,
            headers={
                "Message-ID": f"<{message_key}@{domain}>",
                "X-Verzuim-Notification": " ".join(str(n.pk) for n in notifications),
            },
        )
    )


def _record_failure(notification: Notification, error: Exception, now: dt.datetime) -> None:
    notification.attempts += 1
    notification.last_error = f"{type(error).__name__}: {error}"[:2000]
    if notification.attempts >= MAX_ATTEMPTS:
        notification.state = NotificationState.FAILED
        notification.next_attempt_at = None
    else:
        notification.next_attempt_at = retry_at(now, notification.attempts)
    notification.save(update_fields=["attempts", "last_error", "state", "next_attempt_at", "sent_at"])
    logger.warning("notification %s failed (attempt %s): %s", notification.pk, notification.attempts, error)


def _claim_pending(now: dt.datetime, *, instant: bool, recipient: User | None = None) -> Q:
    query = Q(state=NotificationState.PENDING, scheduled_for__lte=now) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    # Each path only its own rows: a digest run must not take an instant reminder the sender has yet to claim.
    query &= Q(instant=instant)
    if recipient is not None:
        query &= Q(recipient=recipient)
    return query


def notification_send_pending(*, now: dt.datetime | None = None, limit: int = SEND_BATCH) -> int:
    """Send instant reminders one by one: claim a row (skip_locked), send it and mark it sent in one
    transaction. A worker killed mid-way leaves its row pending for the next run, never half-sent."""
    now = now or timezone.now()
    sent = 0
    _cancel_stale()
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
            # Marked sent before the hand-over, in the claim's transaction (undone if the mail fails): after a
            # successful hand-over only the COMMIT is left. A worker killed between the two is the one case where
            # at-least-once sends a mail twice (with the same Message-ID); this keeps that moment as short as it gets.
            notification.state = NotificationState.SENT
            notification.sent_at = timezone.now()
            notification.attempts += 1
            notification.save(update_fields=["state", "sent_at", "attempts"])
            try:
                _deliver(
                    notification.recipient,
                    subject=_("Herinnering: %(title)s uiterlijk %(date)s")
                    % {"title": notification.title, "date": notification.due_date.strftime("%d-%m-%Y")},
                    template="reminder",
                    context=_mail_context([notification]),
                    notifications=[notification],
                    message_key=f"reminder-{notification.pk}",
                )
            except Exception as exc:  # noqa: BLE001 - any delivery failure is retried with backoff
                notification.state = NotificationState.PENDING
                notification.sent_at = None
                notification.attempts -= 1
                _record_failure(notification, exc, now)
                continue
            sent += 1
    return sent


def notification_send_digests(*, today: dt.date | None = None, now: dt.datetime | None = None) -> int:
    """One e-mail per user per day with every pending digest reminder; the digest row is the claim."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    sent = 0
    _cancel_stale()
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
        digest, created = ReminderDigest.objects.get_or_create(user=user, day=today, defaults={"count": len(valid)})
        if not created:
            return 0
        # Marked sent before the hand-over (a failing mail rolls it all back), so only the COMMIT follows it.
        Notification.objects.filter(pk__in=[n.pk for n in valid]).update(
            state=NotificationState.SENT, sent_at=timezone.now(), attempts=1
        )
        _deliver(
            user,
            subject=_("Verzuimportaal: %(count)s herinnering(en)") % {"count": len(valid)},
            template="reminder",
            context=_mail_context(valid),
            notifications=valid,
            message_key=f"digest-{digest.pk}",
        )
    return 1


def notification_mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    queryset = Notification.objects.filter(recipient=user, read_at__isnull=True).exclude(
        state=NotificationState.CANCELLED
    )
    if notification_ids is not None:
        queryset = queryset.filter(pk__in=list(notification_ids))
    return queryset.update(read_at=timezone.now())


# In the portal: the bell and its list, the user's choice between a daily digest
# and instant mails, and the insurer's list of notifications the sender gave up on.

# Roles that see the failed notifications of everyone and may send them again.
FAILED_LIST_ROLES = frozenset({Role.INSURER, Role.ADMIN})


def notification_list(*, fetched_by: User) -> QuerySet[Notification]:
    """The user's own notifications, newest first; a cancelled (stale) reminder is no news."""
    return (
        Notification.objects.filter(recipient=fetched_by)
        .exclude(state=NotificationState.CANCELLED)
        .order_by("-scheduled_for", "-id")
    )


def notification_unread_count(*, user: User) -> int:
    return notification_list(fetched_by=user).filter(read_at__isnull=True).count()


def notification_get(*, fetched_by: User, notification_id: int) -> Notification:
    """One of the user's own notifications, or 404: another user's is as absent as a missing one."""
    notification = notification_list(fetched_by=fetched_by).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return notification


def notification_failed_list(*, fetched_by: User) -> QuerySet[Notification]:
    """Notifications the sender gave up on after MAX_ATTEMPTS, for insurer staff and admins (others 404)."""
    if fetched_by.role not in FAILED_LIST_ROLES:
        raise Http404
    return (
        Notification.objects.filter(state=NotificationState.FAILED)
        .select_related("recipient")
        .order_by("-scheduled_for", "-id")
    )


def notification_retry(*, retried_by: User, notification_ids: Iterable[int] | None = None) -> int:
    """Put failed notifications back in the outbox with a clean slate (all failed ones when no ids are given).
    Only failed rows move: a row sent or cancelled in the meantime stays as it is."""
    failed = notification_failed_list(fetched_by=retried_by)
    if notification_ids is not None:
        failed = failed.filter(pk__in=list(notification_ids))
    with transaction.atomic():
        ids = list(failed.select_for_update().values_list("pk", flat=True))
        if not ids:
            return 0
        Notification.objects.filter(pk__in=ids).update(
            state=NotificationState.PENDING, attempts=0, next_attempt_at=None, scheduled_for=timezone.now()
        )
        audit_record(
            actor=retried_by,
            action=AuditAction.UPDATE,
            object_type="notification",
            changes={"retried": ids, "state": [NotificationState.FAILED.value, NotificationState.PENDING.value]},
        )
    return len(ids)


def user_reminder_mode_set(*, user: User, reminder_mode: str) -> bool:
    """Choose a daily digest or instant mails. Reminders already waiting follow the new choice.
    Returns whether anything changed."""
    if reminder_mode not in ReminderMode.values:
        raise ValidationError({"reminder_mode": _("Kies een van de mogelijkheden.")}, code="invalid_choice")
    if user.reminder_mode == reminder_mode:
        return False
    with transaction.atomic():
        previous = user.reminder_mode
        user.reminder_mode = reminder_mode
        user.save(update_fields=["reminder_mode"])
        Notification.objects.filter(recipient=user, state=NotificationState.PENDING).update(
            instant=reminder_mode == ReminderMode.INSTANT
        )
        audit_record(
            actor=user,
            action=AuditAction.UPDATE,
            object_type="user",
            object_id=user.pk,
            employer=user.employer,
            changes={"reminder_mode": [previous, reminder_mode]},
        )
    return True


__all__ = [
    "FAILED_LIST_ROLES",
    "MAX_ATTEMPTS",
    "NotificationDraft",
    "NotificationKind",
    "ReminderType",
    "notification_failed_list",
    "notification_get",
    "notification_list",
    "notification_mark_read",
    "notification_queue",
    "notification_retry",
    "notification_send_digests",
    "notification_send_pending",
    "notification_sweep",
    "notification_unread_count",
    "reminder_type",
    "retry_at",
    "stale_canceller",
    "sweeper",
    "user_reminder_mode_set",
]
