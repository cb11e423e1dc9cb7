"""The one door for e-mail: every mail of the portal is built and handed to the mail server here, and only here
(tests/verzuim/test_mail.py keeps it so).

How a mail leaves depends on what its failure must do:

* In its transaction, `mail_deliver` inside `transaction.atomic()`: a failed hand-over raises and rolls the work
  back. One-time links (a link nobody got must not exist) and the outbox workers (a claimed row stays pending).
* After its transaction, `mail_on_commit`: handed over once the transaction that decided it has committed; a
  failure is logged and never undoes the committed fact. The complaint receipt and the survey invitation.
* Through an outbox table, written by the request and sent by a beat job that claims each row and calls
  `mail_deliver`; a failed row is tried again at `retry_at` until MAX_ATTEMPTS. Reminders (verzuim.notifications,
  table Notification) and password resets (verzuim.password_reset, table PasswordResetRequest).

A mail that carries a secret (a one-time link's or a survey's token) is never written to an outbox: the token
lives in memory and in the mail only, so a database copy opens nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# The retry policy of every outbox: after this many failed attempts a row is given up.
MAX_ATTEMPTS = 5


def retry_at(now: dt.datetime, attempts: int) -> dt.datetime:
    """When an outbox row that failed `attempts` times is tried again: after 2, 4, 8, 16 minutes."""
    return now + timedelta(minutes=2**attempts)


@dataclass(frozen=True)
class Mail:
    """One message, rendered: plain text always, HTML as its alternative when given."""

    to: tuple[str, ...]
    subject: str
    text: str
    html: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)
    from_email: str | None = None  # None: settings.DEFAULT_FROM_EMAIL


def mail_render(
    *,
    to: Iterable[str],
    subject: str,
    template: str,
    context: Mapping[str, Any],
    headers: Mapping[str, str] | None = None,
) -> Mail:
    """A mail whose text is `template`.txt and whose HTML is `template`.html, both rendered with `context`."""
    return Mail(
        to=tuple(to),
        subject=subject,
        text=render_to_string(f"{template}.txt", dict(context)),
        html=render_to_string(f"{template}.html", dict(context)),
        headers=dict(headers or {}),
    )


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
    email.send()


def mail_on_commit(message: Mail, *, what: str) -> None:
    """Hand `message` over once the current transaction commits (at once outside one); nothing if it rolls back.
    A failed hand-over is logged under `what` (for support); the committed work stands."""

    def hand_over() -> None:
        try:
            mail_deliver(message)
        except Exception:
            logger.exception("%s could not be handed to the mail server", what)

    transaction.on_commit(hand_over)
