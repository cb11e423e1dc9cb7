"""Events out (issue 23 item 3): an HR or payroll system subscribes to an employer's events with a URL and a secret,
and hears of every sickness report, recovery, change of percentage and closed case, so it pays sick pay right.

The same outbox policy as every mail (verzuim.mail): the service that decides a fact calls `webhook_emit` inside its
transaction, which writes one `WebhookDelivery` row per subscription that wants the event, so a delivery exists
exactly when the fact committed. The beat job `webhook-deliver-pending` claims due rows (SKIP LOCKED: two workers
never send one twice), POSTs the JSON body and marks the row delivered on a 2xx answer. Anything else (an error
status, a refused connection, no answer within WEBHOOK_TIMEOUT_SECONDS) is tried again after 2, 4, 8 and 16
minutes (`verzuim.mail.retry_at`); after MAX_ATTEMPTS the row is failed, visible in the API and retryable.

Every delivery is signed: `X-Verzuim-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the
subscription's secret>`, the scheme of Stripe and GitHub, so a receiver checks both who sent it and that it is
fresh (it refuses an old `t`). The body carries ids, dates and percentages, never anything medical (docs/domain.md
§3: the employer side never holds a diagnosis, and payroll needs only the facts of absence).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import logging
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from verzuim.audit import audit_record
from verzuim.errors import StateConflict
from verzuim.mail import MAX_ATTEMPTS, retry_at
from verzuim.models import (
    AuditAction,
    Employer,
    Role,
    User,
    WebhookDelivery,
    WebhookDeliveryState,
    WebhookEvent,
    WebhookSubscription,
)
from verzuim.selectors import as_uuid

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Verzuim-Signature"
# One run of `webhook_deliver_pending` delivers for at most this long (beat starts the next a minute later).
DELIVER_SECONDS = 45
# An employer links a handful of systems; more is a mistake or abuse.
MAX_SUBSCRIPTIONS_PER_EMPLOYER = 20
SECRET_MIN_LENGTH = 16
AUDIT_OBJECT = "webhook_subscription"


class WebhookConflict(StateConflict):
    """A delivery that cannot be retried (it did not fail): 409."""


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of "<timestamp>.<body>" with the secret (what the receiver recomputes)."""
    return hmac.new(secret.encode(), str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def _local_host(hostname: str) -> bool:
    """An address inside the portal's own network: loopback, private, link-local (an IP literal) or localhost."""
    if hostname.lower() == "localhost" or hostname.lower().endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(hostname)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_reserved


def _validate_url(url: str) -> None:
    """https to a public host; plain http and local hosts only where WEBHOOK_ALLOW_HTTP (development, tests). A host
    name that resolves into the own network is for the egress filter of the proxy to stop (docs/decisions.md)."""
    parts = urlsplit(url)
    allowed = {"https", "http"} if settings.WEBHOOK_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed or not parts.hostname:
        raise ValidationError({"url": [_("Geef een https-adres op.")]})
    if parts.username or parts.password:
        raise ValidationError({"url": [_("Zet geen gebruikersnaam of wachtwoord in het adres.")]})
    if not settings.WEBHOOK_ALLOW_HTTP and _local_host(parts.hostname):
        raise ValidationError({"url": [_("Geef een adres op internet op, geen adres in een eigen netwerk.")]})


def webhook_subscribe(
    *, created_by: User, employer: Employer, url: str, secret: str, events: Iterable[str]
) -> WebhookSubscription:
    """A new subscription of `employer` (the caller checked that `created_by` may act for it)."""
    events = sorted(set(events))
    errors: dict[str, list[str]] = {}
    try:
        _validate_url(url)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if len(secret) < SECRET_MIN_LENGTH:
        errors["secret"] = [_("Het geheim moet minstens %(n)s tekens hebben.") % {"n": SECRET_MIN_LENGTH}]
    unknown = [event for event in events if event not in WebhookEvent.values]
    if not events or unknown:
        errors["events"] = [_("Kies een of meer van: %(events)s.") % {"events": ", ".join(WebhookEvent.values)}]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        Employer.objects.select_for_update().get(pk=employer.pk)
        if webhook_subscription_list(employer=employer).count() >= MAX_SUBSCRIPTIONS_PER_EMPLOYER:
            raise ValidationError(
                {"url": [_("Deze werkgever heeft al %(n)s abonnementen.") % {"n": MAX_SUBSCRIPTIONS_PER_EMPLOYER}]}
            )
        subscription = WebhookSubscription.objects.create(
            employer=employer,
            url=url,
            secret=secret,
            events=events,
            # A machine client's key acts as an unsaved employer user: the audit row names the key.
            created_by=None if getattr(created_by, "api_key", None) is not None else created_by,
        )
        audit_record(
            actor=created_by,
            action=AuditAction.CREATE,
            object_type=AUDIT_OBJECT,
            object_id=subscription.pk,
            employer=employer,
            changes={"url": url, "events": events},
        )
    return subscription


def webhook_unsubscribe(*, removed_by: User, subscription: WebhookSubscription) -> None:
    """Stop the subscription at once: no new deliveries, pending ones are not sent. The rows stay for the record."""
    with transaction.atomic():
        locked = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
        if locked.deleted_at is not None:
            return
        locked.deleted_at = timezone.now()
        locked.save(update_fields=["deleted_at"])
        audit_record(
            actor=removed_by,
            action=AuditAction.UPDATE,
            object_type=AUDIT_OBJECT,
            object_id=locked.pk,
            employer=locked.employer,
            changes={"deleted_at": str(locked.deleted_at), "url": locked.url},
        )


def webhook_subscription_list(*, employer: Employer | None = None) -> QuerySet[WebhookSubscription]:
    subscriptions = WebhookSubscription.objects.filter(deleted_at__isnull=True)
    return subscriptions.filter(employer=employer) if employer is not None else subscriptions


def webhook_emit(
    *,
    employer_id: Any,
    event: str,
    data: Mapping[str, Any] | Callable[[], Mapping[str, Any]],
    now: dt.datetime | None = None,
) -> int:
    """Queue `event` for every live subscription of the employer that wants it, in the caller's transaction.
    `data` (or the function that makes it, called only when someone subscribed) must hold no medical data.
    Returns the number of deliveries queued."""
    if event not in WebhookEvent.values:
        raise ValueError(f"unknown webhook event {event!r}")
    now = now or timezone.now()
    subscriptions = list(
        WebhookSubscription.objects.filter(employer_id=employer_id, deleted_at__isnull=True, events__contains=[event])
    )
    if not subscriptions:
        return 0
    event_id = uuid.uuid4()
    body = data() if callable(data) else data
    payload = {"id": str(event_id), "event": event, "occurred_at": now.isoformat(), "data": dict(body)}
    WebhookDelivery.objects.bulk_create(
        WebhookDelivery(subscription=s, event=event, event_id=event_id, payload=payload, next_attempt_at=now)
        for s in subscriptions
    )
    return len(subscriptions)


def _body(delivery: WebhookDelivery) -> bytes:
    return json.dumps(delivery.payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _post(delivery: WebhookDelivery) -> int:
    """POST the delivery; the HTTP status. Raises on no answer (timeout, refused)."""
    body = _body(delivery)
    timestamp = int(time.time())
    request = urllib.request.Request(  # noqa: S310 - the scheme was checked when subscribing (https, or http in dev)
        delivery.subscription.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "Verzuimportaal-Webhooks/1",
            "X-Verzuim-Event": delivery.event,
            "X-Verzuim-Delivery": str(delivery.event_id),
            SIGNATURE_HEADER: signature_header(delivery.subscription.secret, timestamp, body),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def webhook_deliver_pending(*, now: dt.datetime | None = None, seconds: float = DELIVER_SECONDS) -> int:
    """Deliver the due rows for up to `seconds` (the beat job); returns how many were delivered."""
    now = now or timezone.now()
    delivered = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        with transaction.atomic():
            row = (
                WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("subscription")
                .filter(state=WebhookDeliveryState.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id")
                .first()
            )
            if row is None:
                break
            if row.subscription.deleted_at is not None:
                row.state = WebhookDeliveryState.FAILED
                row.next_attempt_at = None
                row.last_error = "subscription removed"
                row.save(update_fields=["state", "next_attempt_at", "last_error"])
                continue
            try:
                status = _post(row)
            except Exception as error:  # noqa: BLE001 - one receiver's failure must not block the others
                _record_failure(row, f"{type(error).__name__}: {error}", None, now)
                continue
            if 200 <= status < 300:
                row.state = WebhookDeliveryState.DELIVERED
                row.delivered_at = timezone.now()
                row.last_status = status
                row.attempts += 1
                row.next_attempt_at = None
                row.save(update_fields=["state", "delivered_at", "last_status", "attempts", "next_attempt_at"])
                delivered += 1
            else:
                _record_failure(row, f"HTTP {status}", status, now)
    return delivered


def _record_failure(row: WebhookDelivery, error: str, status: int | None, now: dt.datetime) -> None:
    row.attempts += 1
    row.last_error = error[:2000]
    row.last_status = status
    if row.attempts >= MAX_ATTEMPTS:
        row.state = WebhookDeliveryState.FAILED
        row.next_attempt_at = None
        logger.error("webhook delivery %s (%s) given up after %s attempts: %s", row.pk, row.event, row.attempts, error)
    else:
        row.next_attempt_at = retry_at(now, row.attempts)
        logger.warning("webhook delivery %s (%s) failed (attempt %s): %s", row.pk, row.event, row.attempts, error)
    row.save(update_fields=["attempts", "last_error", "last_status", "state", "next_attempt_at"])


def webhook_delivery_retry(*, retried_by: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """A failed delivery goes back into the outbox with a fresh set of attempts (the same event id)."""
    with transaction.atomic():
        locked = WebhookDelivery.objects.select_for_update().select_related("subscription").get(pk=delivery.pk)
        if locked.state != WebhookDeliveryState.FAILED:
            raise WebhookConflict(_("Alleen een mislukte aflevering kan opnieuw worden verstuurd."), code="not_failed")
        locked.state = WebhookDeliveryState.PENDING
        locked.attempts = 0
        locked.next_attempt_at = timezone.now()
        locked.save(update_fields=["state", "attempts", "next_attempt_at"])
        audit_record(
            actor=retried_by,
            action=AuditAction.UPDATE,
            object_type="webhook_delivery",
            object_id=locked.pk,
            employer=locked.subscription.employer,
            changes={"retry": True, "event": locked.event},
        )
    return locked


def webhook_subscription_get(*, fetched_by: User, subscription_id: Any) -> WebhookSubscription:
    """A live subscription the user manages, or 404 (another employer's, a removed one, a malformed id)."""
    pk = as_uuid(subscription_id)
    subscription = (
        WebhookSubscription.objects.filter(subscription_scope(user=fetched_by), deleted_at__isnull=True, pk=pk)
        .select_related("employer")
        .first()
        if pk
        else None
    )
    if subscription is None:
        raise Http404
    return subscription


def webhook_delivery_get(*, subscription: WebhookSubscription, delivery_id: str) -> WebhookDelivery:
    """One delivery of a subscription already fetched through webhook_subscription_get, or 404."""
    pk = int(delivery_id) if delivery_id.isdigit() and len(delivery_id) < 19 else None
    delivery = subscription.deliveries.filter(pk=pk).first() if pk is not None else None
    if delivery is None:
        raise Http404
    return delivery


def webhook_delivery_list(*, subscription: WebhookSubscription, state: str | None = None) -> QuerySet[WebhookDelivery]:
    deliveries = subscription.deliveries.all()
    if state in WebhookDeliveryState.values:
        deliveries = deliveries.filter(state=state)
    return deliveries


def subscription_scope(*, user: User) -> Q:
    """The subscriptions a user may see: their employer's (employer user), every one (insurer staff, admin)."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.role == Role.EMPLOYER:
        return Q(employer_id=user.employer_id)
    if user.role in (Role.INSURER, Role.ADMIN):
        return Q()
    return Q(pk__in=[])


# How many subscriptions the Koppelingen page lists (the newest; insurer staff see those of every employer).
OVERVIEW_LIMIT = 50
# How many failed deliveries it shows per subscription (the newest; the API lists them all).
OVERVIEW_FAILED = 20


def webhook_overview(*, user: User) -> list[tuple[WebhookSubscription, list[WebhookDelivery]]]:
    """The live subscriptions the user manages, newest first, each with its newest failed deliveries: what the
    Koppelingen page shows. Two queries, however many there are."""
    failed = WebhookDelivery.objects.filter(state=WebhookDeliveryState.FAILED).order_by("-created_at", "-pk")
    subscriptions = list(
        WebhookSubscription.objects.filter(subscription_scope(user=user), deleted_at__isnull=True)
        .select_related("employer")
        .prefetch_related(Prefetch("deliveries", queryset=failed, to_attr="failed_deliveries"))
        .order_by("-created_at", "-pk")[:OVERVIEW_LIMIT]
    )
    return [(s, s.failed_deliveries[:OVERVIEW_FAILED]) for s in subscriptions]  # type: ignore[attr-defined]


def event_labels(events: Iterable[str]) -> list[str]:
    labels = dict(WebhookEvent.choices)
    return [str(labels.get(event, event)) for event in events]
