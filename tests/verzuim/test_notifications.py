"""The reminder outbox: who gets which reminder when, digests once a day, retries, stale reminders, no medical data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from cases.absence import services
from cases.absence.models import AbsenceCase, Step
from cases.absence.reminders import reminder_kind
from cases.medical import services as services_medical
from tests.cases.factories import own_arbodienst
from tests.factories import EmployeeFactory
from verzuim import notifications
from verzuim.models import Notification, ReminderDigest, Role, User

pytestmark = pytest.mark.django_db

FIRST_SICK_DAY = dt.date(2026, 1, 5)
# Problem analysis is due on 2026-02-15 (day 42); seven days before is 2026-02-08.
SEVEN_DAYS_BEFORE_ANALYSIS = dt.date(2026, 2, 8)


@pytest.fixture(autouse=True)
def _locmem_mail(settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def people(employer_user: User, make_user: Callable[..., User]) -> dict[str, User]:
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    casemanager = make_user(Role.CASEMANAGER)
    employer = employer_user.employer
    employer.occupational_physician = physician
    employer.save()
    return {"employer": employer_user, "physician": physician, "casemanager": casemanager}


@pytest.fixture
def case(people: dict[str, User]) -> AbsenceCase:
    return report_sickness(people)


def report_sickness(people: dict[str, User]) -> AbsenceCase:
    employee = EmployeeFactory(employer=people["employer"].employer, first_name="Sanne", last_name="de Vries")
    case, _ = services.case_report_sickness(
        reported_by=people["employer"], employee=employee, first_sick_day=FIRST_SICK_DAY, today=FIRST_SICK_DAY
    )
    services.case_assign_casemanager(case=case, casemanager=people["casemanager"], reason="test", today=FIRST_SICK_DAY)
    return case


def queued(**step_filters: Any) -> list[tuple[str, str, str]]:
    """(recipient, kind, step code) of the reminders about the steps that match `step_filters`."""
    codes = {str(pk): code for pk, code in Step.objects.filter(**step_filters).values_list("pk", "code")}
    rows = Notification.objects.filter(object_type="step", object_id__in=codes)
    return sorted(
        (email, kind, codes[ref]) for email, kind, ref in rows.values_list("recipient__email", "kind", "object_id")
    )


@pytest.mark.parametrize(
    ("days_left", "kind"),
    [(8, None), (7, "due_7"), (2, "due_7"), (1, "due_1"), (0, "due_1"), (-1, "overdue"), (-14, "overdue"), (-15, None)],
)
def test_lead_times(days_left: int, kind: str | None) -> None:
    today = dt.date(2026, 6, 1)
    assert reminder_kind(today + dt.timedelta(days=days_left), today) == kind


def test_problem_analysis_reminds_physician_and_casemanager_not_the_employer(
    case: AbsenceCase, people: dict[str, User]
) -> None:
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    assert queued(code="problem_analysis") == sorted(
        [
            (people["physician"].email, "due_7", "problem_analysis"),
            (people["casemanager"].email, "due_7", "problem_analysis"),
        ]
    )


@pytest.fixture
def case_with_own_arbodienst(people: dict[str, User]) -> AbsenceCase:
    """The case of an employer with an arbodienst of its own: the report to the arbodienst stays open for it."""
    own_arbodienst(people["employer"].employer)
    return report_sickness(people)


def test_employer_steps_remind_the_employer_users_and_the_casemanager(
    case_with_own_arbodienst: AbsenceCase, people: dict[str, User], make_user: Callable[..., User]
) -> None:
    colleague = make_user(Role.EMPLOYER, employer=people["employer"].employer)
    # Report to the occupational health service: due day 7 = 2026-01-11; one day before is 2026-01-10.
    notifications.notification_sweep(today=dt.date(2026, 1, 10))
    assert queued(code="report_to_ohs") == sorted(
        [
            (people["employer"].email, "due_1", "report_to_ohs"),
            (colleague.email, "due_1", "report_to_ohs"),
            (people["casemanager"].email, "due_1", "report_to_ohs"),
        ]
    )


def test_the_same_reminder_is_queued_once_however_often_the_sweep_runs(case: AbsenceCase) -> None:
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    first = Notification.objects.count()
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS + dt.timedelta(days=1))
    assert first > 0
    assert Notification.objects.count() == first


def test_digest_users_get_one_mail_a_day_listing_every_reminder(case: AbsenceCase, people: dict[str, User]) -> None:
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    assert notifications.notification_send_pending() == 0  # nobody chose instant mails
    notifications.notification_send_digests(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    notifications.notification_send_digests(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    to_casemanager = [m for m in mail.outbox if m.to == [people["casemanager"].email]]
    assert len(to_casemanager) == 1
    assert "Probleemanalyse" in to_casemanager[0].body
    assert ReminderDigest.objects.filter(user=people["casemanager"]).count() == 1
    assert not Notification.objects.filter(recipient=people["casemanager"], state="pending").exists()


def test_a_digest_run_leaves_instant_reminders_to_the_instant_sender(
    case: AbsenceCase, people: dict[str, User]
) -> None:
    physician = people["physician"]
    physician.reminder_mode = "instant"
    physician.save()
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    notifications.notification_send_digests(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    assert not [m for m in mail.outbox if m.to == [physician.email]]
    assert not ReminderDigest.objects.filter(user=physician).exists()
    assert Notification.objects.get(recipient=physician).state == "pending"
    assert notifications.notification_send_pending() == 1


def test_instant_users_get_a_mail_per_reminder_in_dutch(case: AbsenceCase, people: dict[str, User]) -> None:
    physician = people["physician"]
    physician.reminder_mode = "instant"
    physician.save()
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    assert notifications.notification_send_pending() == 1
    (message,) = [m for m in mail.outbox if m.to == [physician.email]]
    assert message.subject == "Herinnering: Probleemanalyse uiterlijk 15-02-2026"
    html = message.alternatives[0][0]
    assert "S.V." in message.body
    assert "S.V." in html
    assert "Sanne" not in message.body
    assert "de Vries" not in message.body
    assert notifications.notification_send_pending() == 0


def test_no_medical_data_reaches_any_mail(case: AbsenceCase, people: dict[str, User]) -> None:
    services_medical.medical_note_add(
        physician=people["physician"],
        case=case,
        consulted_on=dt.date(2026, 1, 20),
        consultation_note="GEHEIM-VERSLAG",
        diagnosis="GEHEIME-DIAGNOSE",
    )
    for user in people.values():
        user.reminder_mode = "instant"
        user.save()
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    notifications.notification_send_pending()
    assert mail.outbox
    for message in mail.outbox:
        text = message.body + "".join(str(content) for content, _type in message.alternatives)
        assert "GEHEIM" not in text


def test_a_failing_mailbox_is_retried_with_backoff_and_given_up_after_five_attempts(
    case: AbsenceCase, people: dict[str, User], settings: Any
) -> None:
    physician = people["physician"]
    physician.reminder_mode = "instant"
    physician.save()
    now = dt.datetime(2026, 2, 8, 8, 0, tzinfo=dt.UTC)
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS, now=now)
    settings.EMAIL_BACKEND = "tests.verzuim.test_notifications.BrokenBackend"
    notifications.notification_send_pending(now=now)
    row = Notification.objects.get(recipient=physician)
    assert (row.state, row.attempts, row.next_attempt_at) == ("pending", 1, now + dt.timedelta(minutes=2))
    assert row.last_error == "ConnectionRefusedError: SMTP weg"
    notifications.notification_send_pending(now=now + dt.timedelta(minutes=1))
    assert Notification.objects.get(recipient=physician).attempts == 1  # not before its next attempt
    for minutes in (3, 10, 30, 100):
        notifications.notification_send_pending(now=now + dt.timedelta(minutes=minutes))
    row.refresh_from_db()
    assert (row.state, row.attempts) == ("failed", 5)


def test_a_reminder_for_a_completed_step_is_cancelled_not_sent(case: AbsenceCase, people: dict[str, User]) -> None:
    physician = people["physician"]
    physician.reminder_mode = "instant"
    physician.save()
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    services.step_complete(
        completed_by=physician,
        case=case,
        code="problem_analysis",
        completed_on=SEVEN_DAYS_BEFORE_ANALYSIS,
        today=SEVEN_DAYS_BEFORE_ANALYSIS,
    )
    assert notifications.notification_send_pending() == 0
    analysis = Step.objects.get(case=case, code="problem_analysis")
    assert Notification.objects.get(recipient=physician, object_id=str(analysis.pk)).state == "cancelled"
    assert mail.outbox == []


class BrokenBackend:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        """Takes Django's backend arguments; there is no connection to open."""

    def send_messages(self, messages: list[Any]) -> int:
        raise ConnectionRefusedError("SMTP weg")


def test_a_casemanager_taken_off_the_case_gets_no_more_reminders(
    case: AbsenceCase, people: dict[str, User], make_user: Callable[..., User]
) -> None:
    notifications.notification_sweep(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    successor = make_user(Role.CASEMANAGER)
    services.case_assign_casemanager(
        case=case, casemanager=successor, reason="Overdracht", today=SEVEN_DAYS_BEFORE_ANALYSIS
    )
    notifications.notification_send_digests(today=SEVEN_DAYS_BEFORE_ANALYSIS)
    assert [m for m in mail.outbox if m.to == [people["casemanager"].email]] == []
    assert set(Notification.objects.filter(recipient=people["casemanager"]).values_list("state", flat=True)) == {
        "cancelled"
    }


def test_retrying_an_impossible_notification_id_is_refused_not_a_crash(
    client: Any, staff_login: Callable[[User], Any], make_user: Callable[..., User]
) -> None:
    staff_login(make_user(Role.INSURER))
    response = client.post("/meldingen/mislukt/opnieuw/", {"melding": "99999999999999999999999999"}, follow=True)
    assert response.status_code == 200


def test_every_app_cancels_its_stale_reminders_through_the_same_plug_in() -> None:
    """Step reminders, service contacts and complaint deadlines each register their bulk canceller with the core,
    so every send run and digest run voids what was dealt with, whatever the kind."""
    from cases.absence.reminders import step_reminders_cancel_stale
    from cases.rhythm.reminders import service_contact_reminders_cancel_stale
    from complaints.reminders import complaint_reminders_cancel_stale

    assert {
        step_reminders_cancel_stale,
        service_contact_reminders_cancel_stale,
        complaint_reminders_cancel_stale,
    } <= set(notifications.STALE_CANCELLERS)


@pytest.mark.django_db
def test_the_reminders_of_one_object_are_found_through_an_index() -> None:
    """A dropped step deletes its reminders, a stale one is cancelled: both look notifications up by their object,
    which must not read every notification of the book (bench/RESULTS.md, the load run of 8 December)."""
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, Notification._meta.db_table)
    assert any(item["index"] and item["columns"][:2] == ["object_type", "object_id"] for item in constraints.values())
