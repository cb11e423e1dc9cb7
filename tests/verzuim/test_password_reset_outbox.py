"""The password-reset mail goes through an outbox: the request does the same work for a known and an unknown
address and sends nothing itself; the worker sends, retries a failed hand-over, and drops what is too old."""

from __future__ import annotations

import datetime as dt
import re
import smtplib
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from verzuim import password_reset
from verzuim.models import PasswordResetRequest, User

pytestmark = pytest.mark.django_db

URL = "/wachtwoord-vergeten/"


@pytest.fixture(autouse=True)
def _locmem_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def statements(client: Client, email: str) -> list[str]:
    """The SQL a reset request runs, with its literals blanked out (the shape, not the values)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.post(URL, {"email": email})
    assert response.status_code == 302
    return [re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"]) for query in queries.captured_queries]


def test_a_known_and_an_unknown_address_cost_the_request_the_same_statements_and_no_mail(
    client: Client, employer_user: User
) -> None:
    known = statements(client, employer_user.email)
    unknown = statements(client, "niemand@example.nl")
    assert known == unknown
    assert mail.outbox == []
    assert PasswordResetRequest.objects.count() == 2


def test_the_worker_mails_the_known_address_once_and_empties_the_outbox(client: Client, employer_user: User) -> None:
    client.post(URL, {"email": employer_user.email.upper()})
    assert password_reset.password_reset_send_pending() == 1
    assert password_reset.password_reset_send_pending() == 0
    assert [message.to for message in mail.outbox] == [[employer_user.email]]
    assert not PasswordResetRequest.objects.exists()


def test_an_inactive_user_gets_no_mail(client: Client, employer_user: User) -> None:
    User.objects.filter(pk=employer_user.pk).update(is_active=False)
    client.post(URL, {"email": employer_user.email})
    assert password_reset.password_reset_send_pending() == 0
    assert mail.outbox == []


def test_a_failed_hand_over_is_tried_again_later(
    client: Client, employer_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    client.post(URL, {"email": employer_user.email})

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise smtplib.SMTPServerDisconnected("mail server gone")

    monkeypatch.setattr(password_reset.PasswordResetForm, "send_mail", refuse)
    now = timezone.now()
    assert password_reset.password_reset_send_pending(now=now) == 0
    request = PasswordResetRequest.objects.get()
    assert (request.attempts, request.last_error) == (1, "SMTPServerDisconnected: mail server gone")
    assert request.next_attempt_at == now + dt.timedelta(minutes=2)
    monkeypatch.undo()
    assert password_reset.password_reset_send_pending(now=now + dt.timedelta(minutes=1)) == 0  # not due yet
    assert password_reset.password_reset_send_pending(now=now + dt.timedelta(minutes=2)) == 1
    assert len(mail.outbox) == 1


def test_a_request_older_than_a_day_is_dropped_unsent(client: Client, employer_user: User) -> None:
    client.post(URL, {"email": employer_user.email})
    later = timezone.now() + password_reset.REQUEST_MAX_AGE + dt.timedelta(minutes=1)
    assert password_reset.password_reset_send_pending(now=later) == 0
    assert mail.outbox == []
    assert not PasswordResetRequest.objects.exists()


def test_asking_again_while_a_request_waits_adds_nothing(client: Client, employer_user: User) -> None:
    for _ in range(5):
        client.post(URL, {"email": employer_user.email})
    assert PasswordResetRequest.objects.count() == 1
    assert password_reset.password_reset_send_pending() == 1
    assert len(mail.outbox) == 1


def test_a_request_that_fails_for_another_reason_does_not_block_the_rest(
    client: Client, employer_user: User, make_user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    other = make_user()
    client.post(URL, {"email": employer_user.email})
    client.post(URL, {"email": other.email})
    send = password_reset._send

    def broken_for_the_first(request: PasswordResetRequest) -> int:
        if request.email == employer_user.email:
            raise ValueError("a template that cannot render")
        return send(request)

    monkeypatch.setattr(password_reset, "_send", broken_for_the_first)
    assert password_reset.password_reset_send_pending() == 1
    assert [message.to for message in mail.outbox] == [[other.email]]
    assert PasswordResetRequest.objects.get().attempts == 1
