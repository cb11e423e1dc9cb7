"""verzuim.mail: the one door every e-mail of the portal goes through, and the outbox's plug-ins per reminder type
(verzuim.notifications knows no app: each app registers how its reminders are checked and worded)."""

from __future__ import annotations

import ast
import datetime as dt
import re
import smtplib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from cases.absence.models import Step
from tests.cases.factories import make_case
from tests.factories import UserFactory
from verzuim import notifications
from verzuim.mail import (
    MAIL_KINDS,
    MAX_ATTEMPTS,
    Attachment,
    Mail,
    mail_deliver,
    mail_failed_list,
    mail_kind,
    mail_queue,
    mail_render,
    mail_send_pending,
)
from verzuim.models import (
    Notification,
    NotificationKind,
    NotificationState,
    OutgoingMail,
    OutgoingMailState,
    ReminderMode,
    Role,
)

APPS = ("verzuim", "cases", "premiums", "complaints")


@pytest.fixture(autouse=True)
def _locmem_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_no_module_but_verzuim_mail_builds_or_sends_an_email_itself() -> None:
    """Any mail added later must go through verzuim.mail, or it escapes the one policy of hand-over and retry."""
    builders = re.compile(
        r"^\s*(from django\.core\.mail import|from django\.core import mail\b|import django\.core\.mail)"
        r"|\b(EmailMultiAlternatives|EmailMessage)\b"
        r"|(?<!def )(?<![.\w])(send_mail|send_mass_mail|mail_admins|mail_managers)\(",
        re.MULTILINE,
    )
    offenders = []
    for app in APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if path.relative_to(settings.BASE_DIR).as_posix() == "verzuim/mail.py" or "migrations" in path.parts:
                continue
            if builders.search(path.read_text(encoding="utf-8")):
                offenders.append(str(path.relative_to(settings.BASE_DIR)))
    assert offenders == []


@pytest.mark.parametrize("module", ["verzuim/mail.py", "verzuim/pdf.py", "verzuim/notifications.py"])
def test_the_core_doors_import_no_app(module: str) -> None:
    tree = ast.parse((Path(settings.BASE_DIR) / module).read_text(encoding="utf-8"))
    imported = [
        name
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    ]
    assert [name for name in imported if name.split(".")[0] in {"cases", "premiums", "complaints"}] == []


def test_a_delivered_mail_has_its_text_its_html_alternative_and_its_headers() -> None:
    mail_deliver(
        Mail(to=("a@example.nl",), subject="Onderwerp", text="Tekst", html="<p>Tekst</p>", headers={"X-Test": "1"})
    )
    [message] = mail.outbox
    assert (message.to, message.subject, message.body) == (["a@example.nl"], "Onderwerp", "Tekst")
    assert message.alternatives == [("<p>Tekst</p>", "text/html")]
    assert message.extra_headers == {"X-Test": "1"}
    assert message.from_email == settings.DEFAULT_FROM_EMAIL


def test_a_delivered_mail_carries_its_attachments_with_their_content_type_parameters() -> None:
    calendar = b"BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    mail_deliver(
        Mail(
            to=("a@example.nl",),
            subject="Uitnodiging",
            text="Tekst",
            attachments=(
                Attachment("spreekuur.ics", calendar, "text/calendar", {"method": "REQUEST"}),
                Attachment("brief.pdf", b"%PDF-1.7", "application/pdf"),
            ),
        )
    )
    [message] = mail.outbox
    parts = {part.get_filename(): part for part in message.message().walk() if part.get_filename()}
    assert set(parts) == {"spreekuur.ics", "brief.pdf"}
    assert parts["spreekuur.ics"].get_content_type() == "text/calendar"
    assert parts["spreekuur.ics"].get_param("method") == "REQUEST"
    assert parts["spreekuur.ics"].get_payload(decode=True) == calendar
    assert parts["brief.pdf"].get_payload(decode=True) == b"%PDF-1.7"


def test_a_mail_rendered_from_a_template_pair_has_both_parts() -> None:
    message = mail_render(
        to=["a@example.nl"], subject="S", template="email/complaint_received", context={"complaint": None}
    )
    assert message.to == ("a@example.nl",)
    assert message.text
    assert message.html.lstrip().startswith("<")


def test_a_failed_hand_over_raises_for_the_transaction_to_undo(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with pytest.raises(smtplib.SMTPServerDisconnected):
        mail_deliver(Mail(to=("a@example.nl",), subject="S", text="T"))


def test_only_the_three_outbox_workers_hand_a_mail_over() -> None:
    """Every mail leaves through an outbox on commit: `mail_deliver` is called by the outbox workers only."""
    callers = sorted(
        str(path.relative_to(settings.BASE_DIR))
        for app in APPS
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py")
        if "migrations" not in path.parts and re.search(r"\bmail_deliver\(", path.read_text(encoding="utf-8"))
    )
    assert callers == ["verzuim/mail.py", "verzuim/notifications.py", "verzuim/password_reset.py"]


# --- The outbox of one-off mails (OutgoingMail) -----------------------------------------------------------------

TEST_KIND = "test_mail"


@pytest.fixture
def test_kind() -> Iterator[list[str]]:
    """A mail kind whose renderer records each call and mails the row's addresses; returns the calls."""
    calls: list[str] = []

    def render(row: OutgoingMail) -> Mail | None:
        calls.append(row.object_id)
        if row.object_id == "gone":
            return None
        return Mail(to=row.recipients, subject=f"Over {row.object_id}", text="T")

    mail_kind(TEST_KIND, render=render, label="Test")
    yield calls
    del MAIL_KINDS[TEST_KIND]


@pytest.mark.django_db
def test_a_queued_mail_exists_only_when_its_transaction_commits(test_kind: list[str]) -> None:
    def fail_after_the_fact() -> None:
        with transaction.atomic():
            mail_queue(kind=TEST_KIND, to="a@example.nl", object_type="thing", object_id=1)
            raise RuntimeError("the fact is rolled back")

    with pytest.raises(RuntimeError):
        fail_after_the_fact()
    assert not OutgoingMail.objects.exists()

    with transaction.atomic():
        mail_queue(kind=TEST_KIND, to=["a@example.nl", "b@example.nl"], object_type="thing", object_id=1)
    row = OutgoingMail.objects.get()
    assert (row.state, row.attempts, row.to, row.recipients) == (
        OutgoingMailState.PENDING,
        0,
        "a@example.nl, b@example.nl",
        ("a@example.nl", "b@example.nl"),
    )
    assert mail.outbox == []  # the request never hands a mail over; the beat job does


@pytest.mark.django_db
def test_a_mail_of_an_unregistered_kind_is_refused_before_anything_is_written() -> None:
    with pytest.raises(ImproperlyConfigured):
        mail_queue(kind="nobody_renders_this", to="a@example.nl", object_type="thing", object_id=1)
    assert not OutgoingMail.objects.exists()


@pytest.mark.django_db
def test_the_job_sends_a_mail_once_and_marks_it_sent(test_kind: list[str]) -> None:
    mail_queue(kind=TEST_KIND, to="a@example.nl", object_type="thing", object_id=7)
    now = timezone.now()

    assert mail_send_pending(now=now) == 1
    assert mail_send_pending(now=now + dt.timedelta(minutes=5)) == 0

    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@example.nl"], "Over 7")]
    row = OutgoingMail.objects.get()
    assert (row.state, row.sent_at, row.next_attempt_at) == (OutgoingMailState.SENT, now, None)
    assert test_kind == ["7"]


@pytest.mark.django_db
def test_a_mail_whose_subject_is_gone_is_cancelled_not_sent(test_kind: list[str]) -> None:
    mail_queue(kind=TEST_KIND, to="a@example.nl", object_type="thing", object_id="gone")
    assert mail_send_pending() == 0
    assert mail.outbox == []
    assert OutgoingMail.objects.get().state == OutgoingMailState.CANCELLED


@pytest.mark.django_db
def test_a_failed_mail_is_retried_with_backoff_and_failed_after_max_attempts(
    test_kind: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    mail_queue(kind=TEST_KIND, to="a@example.nl", object_type="thing", object_id=1)
    other = mail_queue(kind=TEST_KIND, to="b@example.nl", object_type="thing", object_id=2)
    now = timezone.now()
    waits = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        assert mail_send_pending(now=now) == 0
        row = OutgoingMail.objects.exclude(pk=other.pk).get()
        assert row.attempts == attempt
        assert "SMTPServerDisconnected: down" in row.last_error
        if attempt < MAX_ATTEMPTS:
            assert row.state == OutgoingMailState.PENDING
            assert row.next_attempt_at is not None
            waits.append(row.next_attempt_at - now)
            assert mail_send_pending(now=row.next_attempt_at - dt.timedelta(seconds=1)) == 0  # not before its time
            assert OutgoingMail.objects.get(pk=row.pk).attempts == attempt
            now = row.next_attempt_at
    assert waits == [dt.timedelta(minutes=m) for m in (2, 4, 8, 16)]
    row = OutgoingMail.objects.exclude(pk=other.pk).get()
    assert (row.state, row.next_attempt_at) == (OutgoingMailState.FAILED, None)
    other.refresh_from_db()
    assert other.state == OutgoingMailState.FAILED  # each failure held up nothing: the other row had its turns

    monkeypatch.undo()
    assert mail_send_pending(now=now + dt.timedelta(days=1)) == 0  # a failed row is given up
    assert set(mail_failed_list()) == {other, row}


# --- The outbox's plug-ins ------------------------------------------------------------------------------------


def _queue(recipient: Any, object_type: str, object_id: str) -> Notification:
    notifications.notification_queue(
        drafts=[
            notifications.NotificationDraft(
                recipient_id=recipient.pk,
                kind=NotificationKind.DUE_IN_7_DAYS,
                object_type=object_type,
                object_id=object_id,
                due_date=timezone.localdate() + dt.timedelta(days=5),
                title="Iets",
                context="Over iets",
                url="/",
            )
        ]
    )
    return Notification.objects.get(recipient=recipient, object_type=object_type, object_id=object_id)


@pytest.mark.django_db
def test_a_reminder_of_a_type_without_a_send_check_is_sent_and_its_mail_speaks_of_no_steps() -> None:
    user = UserFactory(role=Role.CASEMANAGER, reminder_mode=ReminderMode.INSTANT)
    _queue(user, "something_else", "1")
    assert notifications.notification_send_pending() == 1
    assert "loonsanctie" not in mail.outbox[0].body


@pytest.mark.django_db
def test_a_registered_send_check_decides_and_its_mail_context_is_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notifications, "REMINDER_TYPES", dict(notifications.REMINDER_TYPES))
    asked: list[str] = []

    def check(notification: Notification) -> bool:
        asked.append(notification.object_id)
        return notification.object_id == "keep"

    notifications.reminder_type("test_thing", send_check=check, mail_context={"about_steps": True})
    user = UserFactory(role=Role.CASEMANAGER, reminder_mode=ReminderMode.INSTANT)
    dropped, kept = _queue(user, "test_thing", "drop"), _queue(user, "test_thing", "keep")
    assert notifications.notification_send_pending() == 1
    assert sorted(asked) == ["drop", "keep"]
    dropped.refresh_from_db()
    kept.refresh_from_db()
    assert (dropped.state, kept.state) == (NotificationState.CANCELLED, NotificationState.SENT)
    assert "loonsanctie" in mail.outbox[0].body  # the wording the step reminders registered


@pytest.mark.django_db
def test_a_step_that_is_deleted_takes_its_reminders_with_it() -> None:
    case = make_case(days_sick=1)
    step = Step.objects.get(case=case, code="report_to_ohs")
    other = Step.objects.filter(case=case).exclude(pk=step.pk).first()
    assert other is not None
    user = UserFactory(role=Role.CASEMANAGER)
    _queue(user, "step", str(step.pk))
    _queue(user, "step", str(other.pk))
    Step.objects.filter(pk=step.pk).delete()
    assert list(Notification.objects.values_list("object_id", flat=True)) == [str(other.pk)]
