"""The one door for e-mail: every mail of the portal is built and handed to the mail server here, and only here
(tests/verzuim/test_mail.py keeps it so).

Every mail leaves the same way: the service that decides it writes an outbox row in its own transaction (so the
mail exists exactly when the fact committed, and a rollback leaves none), and a beat job claims the row, renders
the mail and hands it over with `mail_deliver` inside the claim's transaction. A failed hand-over is tried again at
`retry_at` until MAX_ATTEMPTS, then the row is failed. Three outbox tables use this policy:

* `OutgoingMail` (this module: `mail_queue`, `mail_send_pending`): the one-off mails, one-time links, complaint
  receipts and survey invitations. Each kind registers its renderer with `mail_kind` from its app.
* `Notification` (verzuim.notifications): reminders and digests.
* `PasswordResetRequest` (verzuim.password_reset): password resets.

No outbox row holds a body or a secret. A mail that carries a one-time token gets it from its renderer at send
time, which stores only the token's hash on its own row: the link exists once its fact committed but opens only
once its mail went out, and a failed hand-over rolls the new hash back (the next attempt makes another token).
docs/decisions.md 166 and 174.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from verzuim.models import OutgoingMail, OutgoingMailState

logger = logging.getLogger(__name__)

# The retry policy of every outbox: after this many failed attempts a row is given up.
MAX_ATTEMPTS = 5
# One run of `mail_send_pending` sends for at most this long (beat starts the next a minute later).
SEND_SECONDS = 45


def retry_at(now: dt.datetime, attempts: int) -> dt.datetime:
    """When an outbox row that failed `attempts` times is tried again: after 2, 4, 8, 16 minutes."""
    return now + timedelta(minutes=2**attempts)


@dataclass(frozen=True)
class Attachment:
    """A file sent with a mail, such as the iCalendar invitation of a spreekuur (`params` are extra Content-Type
    parameters: an invitation says `method=REQUEST`)."""

    filename: str
    content: bytes
    mimetype: str
    params: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Mail:
    """One message, rendered: plain text always, HTML as its alternative when given, and its attachments."""

    to: tuple[str, ...]
    subject: str
    text: str
    html: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    from_email: str | None = None  # None: settings.DEFAULT_FROM_EMAIL
    attachments: tuple[Attachment, ...] = ()


def mail_render(
    *,
    to: Iterable[str],
    subject: str,
    template: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
    attachments: Iterable[Attachment] = (),
) -> Mail:
    """A mail whose text is `template`.txt and whose HTML is `template`.html, both rendered with `context`."""
    return Mail(
        to=tuple(to),
        subject=subject,
        text=render_to_string(f"{template}.txt", dict(context)),
        html=render_to_string(f"{template}.html", dict(context)),
        headers=dict(headers or {}),
        attachments=tuple(attachments),
    )


def _mime_attachment(attachment: Attachment) -> MIMEBase:
    maintype, subtype = attachment.mimetype.split("/", 1)
    part: MIMEBase
    if maintype == "text":
        part = MIMEText(attachment.content.decode("utf-8"), subtype, "utf-8")
    else:
        part = MIMEBase(maintype, subtype)
        part.set_payload(attachment.content)
        encoders.encode_base64(part)
    for name, value in attachment.params.items():
        part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=attachment.filename)
    return part


def mail_deliver(message: Mail) -> None:
    """Hand `message` to the mail server now; a failure raises (the caller's transaction decides what it undoes)."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=message.from_email,
        to=list(message.to),
        headers=dict(message.headers),
    )
    if message.html:
        email.attach_alternative(message.html, "text/html")
    for attachment in message.attachments:
        email.attach(_mime_attachment(attachment))
    email.send()


# --- The outbox of one-off mails -------------------------------------------------------------------------------

# A renderer builds the mail of one outbox row at send time, inside the claim's transaction (so what it writes,
# such as a new token's hash, rolls back with a failed hand-over); None when there is nothing to send any more
# (its subject is gone, used or retired): the row is then cancelled.
Renderer = Callable[[OutgoingMail], "Mail | None"]


@dataclass(frozen=True)
class MailKind:
    kind: str
    render: Renderer
    label: str | Promise  # what staff read on the list of failed mails (Dutch, lazily translated)


MAIL_KINDS: dict[str, MailKind] = {}


def mail_kind(kind: str, *, render: Renderer, label: str | Promise) -> MailKind:
    """Register how mails of `kind` are rendered (an app's mails module calls this from its AppConfig.ready)."""
    registered = MailKind(kind=kind, render=render, label=label)
    MAIL_KINDS[kind] = registered
    return registered


def mail_queue(
    *, kind: str, to: str | Iterable[str], object_type: str, object_id: object, now: dt.datetime | None = None
) -> OutgoingMail:
    """Write the outbox row of a mail about (`object_type`, `object_id`) to `to`, in the caller's transaction: it is
    sent by `mail_send_pending` once that transaction committed, and never if it rolls back."""
    if kind not in MAIL_KINDS:
        raise ImproperlyConfigured(f"No renderer is registered for mails of kind {kind!r} (verzuim.mail.mail_kind).")
    addresses = [to] if isinstance(to, str) else list(to)
    return OutgoingMail.objects.create(
        kind=kind,
        to=", ".join(addresses),
        object_type=object_type,
        object_id=str(object_id),
        next_attempt_at=now or timezone.now(),
    )


def _render(row: OutgoingMail) -> Mail | None:
    registered = MAIL_KINDS.get(row.kind)
    if registered is None:
        raise ImproperlyConfigured(f"No renderer is registered for mails of kind {row.kind!r}.")
    # The worker has no request: every mail is in the portal's language (Dutch).
    with translation.override(settings.LANGUAGE_CODE):
        return registered.render(row)


def mail_send_pending(*, now: dt.datetime | None = None, seconds: float = SEND_SECONDS) -> int:
    """Send the due outbox rows for up to `seconds`: claim one (SKIP LOCKED, so two workers never send it twice),
    render it and hand it over in the claim's transaction, and mark it sent (or cancelled when its renderer has
    nothing to send any more). A failure rolls back what the renderer wrote, and the row is tried again at
    `retry_at`; after MAX_ATTEMPTS it is failed. Returns the number of mails sent."""
    now = now or timezone.now()
    sent = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        with transaction.atomic():
            row = (
                OutgoingMail.objects.select_for_update(skip_locked=True)
                .filter(state=OutgoingMailState.PENDING, next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id")
                .first()
            )
            if row is None:
                break
            try:
                with transaction.atomic():
                    message = _render(row)
                    if message is not None:
                        mail_deliver(message)
            except Exception as error:  # noqa: BLE001 - any failure of one mail must not block the others
                _record_failure(row, error, now)
                continue
            row.state = OutgoingMailState.SENT if message is not None else OutgoingMailState.CANCELLED
            row.sent_at = now if message is not None else None
            row.next_attempt_at = None
            row.save(update_fields=["state", "sent_at", "next_attempt_at"])
            if message is not None:
                sent += 1
    return sent


def _record_failure(row: OutgoingMail, error: Exception, now: dt.datetime) -> None:
    row.attempts += 1
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.state = OutgoingMailState.FAILED
        row.next_attempt_at = None
        logger.error("mail %s (%s) given up after %s attempts: %s", row.pk, row.kind, row.attempts, error)
    else:
        row.next_attempt_at = retry_at(now, row.attempts)
        logger.warning("mail %s (%s) failed (attempt %s): %s", row.pk, row.kind, row.attempts, error)
    row.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])


def mail_kind_label(kind: str) -> str:
    registered = MAIL_KINDS.get(kind)
    return str(registered.label) if registered is not None else kind


def mail_failed_list() -> QuerySet[OutgoingMail]:
    """The outbox rows given up after MAX_ATTEMPTS, newest first (the caller decides who may see them)."""
    return OutgoingMail.objects.filter(state=OutgoingMailState.FAILED).order_by("-created_at", "-id")
