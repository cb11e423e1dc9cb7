"""Password-reset mails through an outbox, so that the request's timing does not tell whether an address exists.

Django's PasswordResetView looks the address up and sends the mail inside the request: a known address takes the
time of an SMTP hand-over, an unknown one answers at once. Here the form only writes a PasswordResetRequest row,
for every address typed (the same statements either way), and the worker's `password_reset_send_pending` (beat,
every minute) sends the mail with a link made at send time, then deletes the row. A request the worker could not
send within REQUEST_MAX_AGE (a long outage) is dropped: the person asks again. docs/decisions.md "Password reset".
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from verzuim.mail import MAX_ATTEMPTS, Mail, mail_deliver, retry_at
from verzuim.models import PasswordResetRequest

logger = logging.getLogger(__name__)

REQUEST_MAX_AGE = dt.timedelta(hours=24)
# One run sends for at most this long (beat starts the next a minute later), however many requests wait.
SEND_SECONDS = 45
SUBJECT_TEMPLATE = "registration/password_reset_subject.txt"
BODY_TEMPLATE = "registration/password_reset_email.html"


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Django's form, whose mail goes out through verzuim.mail; a failed hand-over raises (Django's own logs and
    swallows it), so the worker keeps the request and tries again."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        mail_deliver(
            Mail(
                to=(to_email,),
                # A subject must not contain newlines.
                subject="".join(render_to_string(subject_template_name, context).splitlines()),
                text=render_to_string(email_template_name, context),
                html=render_to_string(html_email_template_name, context) if html_email_template_name else "",
                from_email=from_email,
            )
        )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's form, whose save() queues the request instead of sending (the view's mail options are unused)."""

    def save(self, *args: Any, **kwargs: Any) -> None:
        password_reset_queue(email=self.cleaned_data["email"])


def password_reset_queue(*, email: str) -> None:
    """One INSERT ... ON CONFLICT DO NOTHING, whether the address is known, unknown or already waiting."""
    PasswordResetRequest.objects.bulk_create([PasswordResetRequest(email=email.strip().lower())], ignore_conflicts=True)


def _send(request: PasswordResetRequest) -> int:
    """Mail every active account of the address that can log in with a password; how many mails went out."""
    base = urlsplit(settings.PORTAL_BASE_URL)
    form = PasswordResetForm()
    sent = 0
    for user in form.get_users(request.email):
        context = {
            "email": request.email,
            "domain": base.netloc,
            "site_name": "Verzuimportaal",
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": base.scheme or "https",
        }
        # To the address stored with the account, not the one typed (Django's own choice since CVE-2019-19844).
        form.send_mail(SUBJECT_TEMPLATE, BODY_TEMPLATE, context, None, user.email)
        sent += 1
    return sent


def password_reset_send_pending(*, now: dt.datetime | None = None, seconds: float = SEND_SECONDS) -> int:
    """Send the due requests (each row claimed with SKIP LOCKED, so two workers never mail twice) and delete them,
    for up to `seconds`. A failed request is retried later, as the reminder outbox does (verzuim.mail.retry_at,
    MAX_ATTEMPTS at most); one older than REQUEST_MAX_AGE is dropped and logged. Returns the number of mails
    sent."""
    now = now or timezone.now()
    expired, _per_model = PasswordResetRequest.objects.filter(requested_at__lt=now - REQUEST_MAX_AGE).delete()
    if expired:
        logger.warning("Dropped %s password-reset request(s) older than %s.", expired, REQUEST_MAX_AGE)
    sent = 0
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        with transaction.atomic():
            request = (
                PasswordResetRequest.objects.select_for_update(skip_locked=True)
                .filter(next_attempt_at__lte=now)
                .order_by("next_attempt_at", "id")
                .first()
            )
            if request is None:
                break
            try:
                with transaction.atomic():
                    sent += _send(request)
            except Exception as error:  # noqa: BLE001 - any failure of one request must not block the others
                _record_failure(request, error, now)
                continue
            request.delete()
    return sent


def _record_failure(request: PasswordResetRequest, error: Exception, now: dt.datetime) -> None:
    request.attempts += 1
    if request.attempts >= MAX_ATTEMPTS:
        logger.error("Password-reset mail given up after %s attempts: %s", request.attempts, error)
        request.delete()
        return
    logger.warning("Password-reset mail failed (attempt %s): %s", request.attempts, error)
    request.last_error = f"{type(error).__name__}: {error}"[:1000]
    request.next_attempt_at = retry_at(now, request.attempts)
    request.save(update_fields=["attempts", "last_error", "next_attempt_at"])
