"""Reminders of the complaints desk through the outbox: due soon and overdue, exactly once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from complaints import reminders
from complaints.models import Complaint, ComplaintStatus
from complaints.services import complaint_file
from tests.complaints.intake_helpers import valid_input
from tests.factories import UserFactory
from verzuim.models import Notification, NotificationState, Role
from verzuim.notifications import notification_sweep

pytestmark = pytest.mark.django_db
D = dt.date
FRIDAY = D(2026, 12, 18)


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def _complaint(received_on: dt.date = FRIDAY) -> Complaint:
    # Received Fri 18 Dec 2026: acknowledge by Mon 28 Dec, answer by Fri 29 Jan 2027.
    return complaint_file(channel="public", today=received_on, **valid_input())


def _rows() -> list[tuple[str, str, str, dt.date, Any]]:
    return list(
        Notification.objects.order_by("object_type", "recipient__email").values_list(
            "object_type", "kind", "context", "due_date", "recipient_id"
        )
    )


def test_the_kind_is_due_soon_from_two_working_days_before_and_overdue_after() -> None:
    deadline = D(2026, 12, 28)  # Monday; two working days before it (Thu 24, Wed 23) is Wednesday 23 December
    assert reminders.reminder_kind(deadline, D(2026, 12, 22)) is None
    assert reminders.reminder_kind(deadline, D(2026, 12, 23)) == "due_1"
    assert reminders.reminder_kind(deadline, D(2026, 12, 28)) == "due_1"
    assert reminders.reminder_kind(deadline, D(2026, 12, 29)) == "overdue"
    assert reminders.reminder_kind(deadline, D(2027, 1, 11)) == "overdue"
    assert reminders.reminder_kind(deadline, D(2027, 1, 12)) is None


def test_an_unassigned_complaint_reminds_every_active_complaint_handler_once_however_often_swept() -> None:
    first = UserFactory(role=Role.COMPLAINT_HANDLER)
    second = UserFactory(role=Role.COMPLAINT_HANDLER)
    UserFactory(role=Role.COMPLAINT_HANDLER, is_active=False)
    UserFactory(role=Role.INSURER)
    complaint = _complaint()
    notification_sweep(today=D(2026, 12, 24))
    notification_sweep(today=D(2026, 12, 24))
    notification_sweep(today=D(2026, 12, 28))
    rows = _rows()
    assert len(rows) == 2
    assert {r[4] for r in rows} == {first.pk, second.pk}
    assert {r[:4] for r in rows} == {("complaint_acknowledge", "due_1", complaint.reference, D(2026, 12, 28))}


def test_an_assigned_complaint_reminds_only_its_handler_and_overdue_is_a_second_reminder() -> None:
    handler = UserFactory(role=Role.COMPLAINT_HANDLER)
    UserFactory(role=Role.COMPLAINT_HANDLER)
    complaint = _complaint()
    Complaint.objects.filter(pk=complaint.pk).update(assigned_to=handler)
    notification_sweep(today=D(2026, 12, 24))
    notification_sweep(today=D(2026, 12, 29))
    notification_sweep(today=D(2026, 12, 30))
    assert sorted((r[0], r[1], r[4]) for r in _rows()) == [
        ("complaint_acknowledge", "due_1", handler.pk),
        ("complaint_acknowledge", "overdue", handler.pk),
    ]


def test_the_answer_deadline_is_reminded_until_answered() -> None:
    handler = UserFactory(role=Role.COMPLAINT_HANDLER)
    complaint = _complaint()
    Complaint.objects.filter(pk=complaint.pk).update(
        status=ComplaintStatus.ACKNOWLEDGED, acknowledged_on=D(2026, 12, 21), assigned_to=handler
    )
    notification_sweep(today=D(2027, 1, 27))
    notification_sweep(today=D(2027, 1, 27))
    assert [r[:4] for r in _rows()] == [("complaint_answer", "due_1", complaint.reference, D(2027, 1, 29))]


def test_a_reminder_still_pending_when_the_deadline_is_met_is_cancelled() -> None:
    UserFactory(role=Role.COMPLAINT_HANDLER)
    complaint = _complaint()
    notification_sweep(today=D(2026, 12, 24))
    Complaint.objects.filter(pk=complaint.pk).update(
        status=ComplaintStatus.ACKNOWLEDGED, acknowledged_on=D(2026, 12, 24)
    )
    notification_sweep(today=D(2026, 12, 29))
    assert list(Notification.objects.values_list("object_type", "state")) == [
        ("complaint_acknowledge", NotificationState.CANCELLED)
    ]


def test_nothing_is_reminded_while_waiting_for_the_complainant() -> None:
    UserFactory(role=Role.COMPLAINT_HANDLER)
    complaint = _complaint()
    Complaint.objects.filter(pk=complaint.pk).update(status=ComplaintStatus.WAITING, acknowledged_on=D(2026, 12, 21))
    notification_sweep(today=D(2027, 1, 28))
    assert not Notification.objects.exists()


def test_the_sweep_takes_a_fixed_number_of_queries(django_assert_max_num_queries: Any) -> None:
    UserFactory(role=Role.COMPLAINT_HANDLER)
    for _n in range(5):
        _complaint()
    with django_assert_max_num_queries(6):
        drafts = list(reminders.complaint_reminders(D(2026, 12, 24)))
    assert len(drafts) == 5


def test_the_reminder_mail_speaks_of_a_deadline_not_of_a_poortwachter_step(mailoutbox: list[Any]) -> None:
    from verzuim.notifications import notification_send_digests

    handler = UserFactory(role=Role.COMPLAINT_HANDLER)
    _complaint()
    notification_sweep(today=D(2026, 12, 24))
    notification_send_digests(today=D(2026, 12, 24))
    (mail,) = [m for m in mailoutbox if handler.email in m.to]
    assert "Er is een termijn die uw aandacht vraagt:" in mail.body
    assert "verzuimproces" not in mail.body
    assert "loonsanctie" not in mail.body


def test_a_complaint_acknowledged_between_sweep_and_digest_is_not_in_the_digest() -> None:
    from complaints.services_workflow import complaint_acknowledge
    from verzuim.notifications import notification_send_digests

    handler = UserFactory(role=Role.COMPLAINT_HANDLER)
    complaint = _complaint()
    notification_sweep(today=D(2026, 12, 24))
    assert Notification.objects.filter(object_type=reminders.ACKNOWLEDGE_OBJECT).exists()
    complaint_acknowledge(acknowledged_by=handler, complaint=complaint, today=D(2026, 12, 24))

    notification_send_digests(today=D(2026, 12, 24))

    assert not Notification.objects.filter(
        object_type=reminders.ACKNOWLEDGE_OBJECT, state=NotificationState.SENT
    ).exists()
