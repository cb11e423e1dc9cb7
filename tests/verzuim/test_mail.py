"""verzuim.mail: the one door every e-mail of the portal goes through, and the outbox's plug-ins per reminder type
(verzuim.notifications knows no app: each app registers how its reminders are checked and worded)."""

from __future__ import annotations

import ast
import datetime as dt
import logging
import re
import smtplib
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from cases.absence.models import Step
from tests.cases.factories import make_case
from tests.factories import UserFactory
from verzuim import notifications
from verzuim.mail import Mail, mail_deliver, mail_on_commit, mail_render
from verzuim.models import Notification, NotificationKind, NotificationState, ReminderMode, Role

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


@pytest.mark.django_db
def test_a_mail_on_commit_leaves_after_the_commit_only(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        mail_on_commit(Mail(to=("a@example.nl",), subject="S", text="T"), what="test")
    assert mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    assert [m.to for m in mail.outbox] == [["a@example.nl"]]


@pytest.mark.django_db
def test_a_failed_mail_on_commit_is_logged_and_undoes_nothing(
    django_capture_on_commit_callbacks: Any, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> int:
        raise smtplib.SMTPServerDisconnected("down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with caplog.at_level(logging.ERROR, logger="verzuim.mail"), django_capture_on_commit_callbacks(execute=True):
        mail_on_commit(Mail(to=("a@example.nl",), subject="S", text="T"), what="the test mail")
    assert "the test mail could not be handed to the mail server" in caplog.text


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
