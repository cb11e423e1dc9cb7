"""The MKB-VOV service rhythm: contacts created exactly once, their reminders, completing them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from cases.absence import services
from cases.absence.models import AbsenceCase, CaseStatus, CloseReason
from cases.rhythm import services as services_rhythm
from cases.rhythm.models import ContactKind, ContactState, ServiceContact
from cases.rhythm.services import (
    ServiceContactConflict,
    add_months,
    policy_year_on,
    service_contact_complete,
    service_contacts_ensure,
)
from premiums.models import Policy
from premiums.services import policy_create
from tests.cases.factories import employer_user_for, make_case
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, ProductFactory
from verzuim.models import (
    AuditLog,
    Employer,
    Notification,
    NotificationKind,
    NotificationState,
    ReminderMode,
    Role,
    User,
)
from verzuim.notifications import notification_send_pending, notification_sweep

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
OnCommit = Callable[..., Any]


@pytest.fixture
def casemanager(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def employer(casemanager: User) -> Employer:
    return EmployerFactory(name="Bakkerij De Korenschoof", casemanager=casemanager)


def new_policy(**fields: Any) -> Policy:
    """A policy as it comes in: through premiums.services.policy_create, which makes its welcome call on commit."""
    return policy_create(created_by=None, policy=PolicyFactory.build(product=ProductFactory(), **fields))


def _recovered_case(employer: Employer, *, first_sick_day: dt.date, recovered_on: dt.date) -> AbsenceCase:
    """A case reported sick on `first_sick_day`, fully recovered on `recovered_on` and closed 28 days later."""
    case = make_case(employer=employer, first_sick_day=first_sick_day)
    services.case_report_recovery(
        reported_by=employer_user_for(employer), case=case, date=recovered_on, recovered_pct=100, today=recovered_on
    )
    assert services.case_close_recovered(today=recovered_on + dt.timedelta(days=28)) == 1
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    return case


# --- Dates ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 3, 1), 6, dt.date(2026, 9, 1)),
        (dt.date(2026, 8, 31), 6, dt.date(2027, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2026, 11, 30), 3, dt.date(2027, 2, 28)),
        (dt.date(2026, 5, 31), -6, dt.date(2025, 11, 30)),
    ],
)
def test_add_months_clamps_to_the_end_of_a_shorter_month(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2025, 3, 14), None),
        (dt.date(2025, 3, 15), 1),
        (dt.date(2026, 3, 14), 1),
        (dt.date(2026, 3, 15), 2),
        (dt.date(2028, 12, 31), 4),
    ],
)
def test_policy_year_counts_from_the_policy_start(day: dt.date, expected: int | None) -> None:
    assert policy_year_on(dt.date(2025, 3, 15), day) == expected


# --- Welcome call --------------------------------------------------------------------------------------------


def test_a_new_policy_starting_2026_12_01_creates_a_welcome_call_due_2026_12_29(
    employer: Employer, casemanager: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        policy = new_policy(employer=employer, start_date=dt.date(2026, 12, 1))

    contact = ServiceContact.objects.get()
    assert contact.kind == ContactKind.WELCOME_CALL
    assert contact.policy == policy
    assert contact.due_date == dt.date(2026, 12, 29)
    assert contact.casemanager == casemanager
    assert contact.state == ContactState.OPEN
    audit = AuditLog.objects.get(object_type="service_contact", object_id=str(contact.pk))
    assert audit.changes["source"] == "policy_created"


def test_the_welcome_call_of_2026_12_29_gets_a_reminder_to_the_casemanager_exactly_once(
    employer: Employer, casemanager: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    contact = ServiceContact.objects.get()

    notification_sweep(today=dt.date(2026, 12, 21))  # 8 days ahead: not yet
    assert not Notification.objects.filter(object_type="service_contact").exists()
    notification_sweep(today=dt.date(2026, 12, 22))
    notification_sweep(today=dt.date(2026, 12, 23))

    reminder = Notification.objects.get(object_type="service_contact")
    assert reminder.recipient == casemanager
    assert reminder.kind == NotificationKind.DUE_IN_7_DAYS
    assert reminder.object_id == str(contact.pk)
    assert reminder.due_date == dt.date(2026, 12, 29)
    assert reminder.title == "Welkomstgesprek met nieuwe polishouder"
    assert reminder.context == "Bakkerij De Korenschoof"
    assert reminder.url == f"/servicecontacten/{contact.pk}/"


def test_an_overdue_contact_gets_one_overdue_reminder(
    employer: Employer, casemanager: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))

    for day in (dt.date(2026, 12, 30), dt.date(2026, 12, 31), dt.date(2027, 1, 5)):
        notification_sweep(today=day)

    assert list(Notification.objects.values_list("kind", flat=True)) == [NotificationKind.OVERDUE]


def test_a_reminder_waiting_for_a_contact_that_is_done_is_cancelled(
    employer: Employer, casemanager: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    notification_sweep(today=dt.date(2026, 12, 22))
    service_contact_complete(
        completed_by=casemanager,
        contact=ServiceContact.objects.get(),
        done_on=dt.date(2026, 12, 22),
        today=dt.date(2026, 12, 22),
    )

    notification_sweep(today=dt.date(2026, 12, 23))

    assert Notification.objects.get().state == NotificationState.CANCELLED


def test_an_unassigned_contact_gets_no_reminder(django_capture_on_commit_callbacks: OnCommit) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=EmployerFactory(casemanager=None), start_date=dt.date(2026, 12, 1))

    notification_sweep(today=dt.date(2026, 12, 22))

    assert ServiceContact.objects.get().casemanager is None
    assert not Notification.objects.exists()


def test_the_signal_and_the_sweep_together_make_one_welcome_call(
    employer: Employer, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    service_contacts_ensure(today=dt.date(2026, 12, 2))
    service_contacts_ensure(today=dt.date(2026, 12, 2))

    assert ServiceContact.objects.filter(kind=ContactKind.WELCOME_CALL).count() == 1


def test_the_sweep_creates_a_welcome_call_the_signal_missed_once(employer: Employer) -> None:
    # Without executing the on-commit callbacks: as if the worker died before the receiver ran.
    policy = new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    assert not ServiceContact.objects.exists()

    assert service_contacts_ensure(today=dt.date(2026, 12, 10)) == 2  # the welcome call and the year-1 check
    assert service_contacts_ensure(today=dt.date(2026, 12, 11)) == 0

    welcome = ServiceContact.objects.get(kind=ContactKind.WELCOME_CALL)
    assert (welcome.policy, welcome.due_date) == (policy, dt.date(2026, 12, 29))
    assert AuditLog.objects.filter(object_type="service_contact", changes__source="sweep").count() == 2


def test_a_second_policy_of_an_existing_policyholder_gets_no_welcome_call(
    employer: Employer, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = new_policy(employer=employer, start_date=dt.date(2026, 11, 1))
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    service_contacts_ensure(today=dt.date(2026, 12, 2))

    assert list(ServiceContact.objects.filter(kind=ContactKind.WELCOME_CALL).values_list("policy", flat=True)) == [
        first.pk
    ]


def test_the_sweep_does_not_invent_welcome_calls_for_policies_long_in_force(employer: Employer) -> None:
    PolicyFactory(employer=employer, start_date=dt.date(2020, 1, 1))

    service_contacts_ensure(today=dt.date(2026, 12, 10))

    assert not ServiceContact.objects.filter(kind=ContactKind.WELCOME_CALL).exists()


def test_an_ended_policy_gets_no_contacts(employer: Employer, django_capture_on_commit_callbacks: OnCommit) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1), status="ended")
    service_contacts_ensure(today=dt.date(2026, 12, 10))

    assert not ServiceContact.objects.exists()


# --- Prevention check ----------------------------------------------------------------------------------------


def test_the_sweep_creates_the_prevention_check_of_the_running_policy_year_three_months_in(
    employer: Employer, casemanager: User
) -> None:
    policy = PolicyFactory(employer=employer, start_date=dt.date(2025, 3, 15))

    service_contacts_ensure(today=dt.date(2026, 3, 14))
    service_contacts_ensure(today=dt.date(2026, 3, 15))
    service_contacts_ensure(today=dt.date(2026, 3, 15))

    checks = ServiceContact.objects.filter(kind=ContactKind.PREVENTION_CHECK).order_by("policy_year")
    assert [(c.policy, c.policy_year, c.due_date, c.casemanager) for c in checks] == [
        (policy, 1, dt.date(2025, 6, 15), casemanager),
        (policy, 2, dt.date(2026, 6, 15), casemanager),
    ]


def test_no_prevention_check_before_the_policy_starts_or_after_it_ended(employer: Employer) -> None:
    PolicyFactory(employer=employer, start_date=dt.date(2027, 1, 1))
    PolicyFactory(employer=employer, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 1, 1))

    service_contacts_ensure(today=dt.date(2026, 12, 10))

    assert not ServiceContact.objects.filter(kind=ContactKind.PREVENTION_CHECK).exists()


@pytest.fixture
def prevention_check(employer: Employer) -> ServiceContact:
    PolicyFactory(employer=employer, start_date=dt.date(2026, 1, 1))
    service_contacts_ensure(today=dt.date(2026, 2, 1))
    return ServiceContact.objects.get(kind=ContactKind.PREVENTION_CHECK)


def test_a_prevention_check_without_answers_names_every_missing_answer(
    casemanager: User, prevention_check: ServiceContact
) -> None:
    with pytest.raises(ValidationError) as error:
        service_contact_complete(
            completed_by=casemanager, contact=prevention_check, done_on=dt.date(2026, 4, 1), today=dt.date(2026, 4, 1)
        )

    assert error.value.message_dict == {
        "rie_present": ["Geef aan of de werkgever een RI&E heeft."],
        "absence_policy_present": ["Geef aan of de werkgever verzuimbeleid heeft."],
        "arbo_contract_certified": ["Geef aan of de werkgever een contract heeft met een gecertificeerde arbodienst."],
    }
    prevention_check.refresh_from_db()
    assert prevention_check.state == ContactState.OPEN


@pytest.mark.parametrize(
    ("answers", "errors"),
    [
        ({"rie_present": True}, {"rie_date": ["Vul de datum van de RI&E in."]}),
        (
            {"rie_present": True, "rie_date": dt.date(2026, 4, 2)},
            {"rie_date": ["De datum van de RI&E kan niet na de datum van de preventiecheck liggen."]},
        ),
        (
            {"rie_present": False, "rie_date": dt.date(2025, 1, 1), "advice": "RI&E laten opstellen."},
            {"rie_date": ["Laat de datum leeg als er geen RI&E is."]},
        ),
        (
            {"rie_present": True, "rie_date": dt.date(2025, 1, 1), "prevention_officer": ""},
            {"advice": ["Er ontbreekt iets op de checklist: leg vast wat u de werkgever adviseert."]},
        ),
        (
            {"rie_present": True, "rie_date": dt.date(2025, 1, 1), "arbo_contract_certified": False},
            {"advice": ["Er ontbreekt iets op de checklist: leg vast wat u de werkgever adviseert."]},
        ),
    ],
)
def test_the_prevention_checklist_is_checked(
    casemanager: User, prevention_check: ServiceContact, answers: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    complete: dict[str, Any] = {
        "prevention_officer": "J. de Boer",
        "absence_policy_present": True,
        "arbo_contract_certified": True,
    } | answers

    with pytest.raises(ValidationError) as error:
        service_contact_complete(
            completed_by=casemanager,
            contact=prevention_check,
            done_on=dt.date(2026, 4, 1),
            today=dt.date(2026, 4, 1),
            **complete,
        )

    assert error.value.message_dict == errors


def test_a_complete_prevention_check_is_stored_with_its_advice_and_audited(
    casemanager: User, prevention_check: ServiceContact
) -> None:
    contact = service_contact_complete(
        completed_by=casemanager,
        contact=prevention_check,
        done_on=dt.date(2026, 4, 1),
        note="Gesprek met de eigenaar.",
        rie_present=True,
        rie_date=dt.date(2025, 5, 20),
        prevention_officer=" J. de Boer ",
        absence_policy_present=False,
        arbo_contract_certified=True,
        advice="Verzuimprotocol opstellen voor 1 juli.",
        today=dt.date(2026, 4, 2),
    )

    contact.refresh_from_db()
    assert (contact.state, contact.done_on, contact.done_by) == (ContactState.DONE, dt.date(2026, 4, 1), casemanager)
    assert (contact.rie_present, contact.rie_date, contact.prevention_officer) == (
        True,
        dt.date(2025, 5, 20),
        "J. de Boer",
    )
    assert (contact.absence_policy_present, contact.arbo_contract_certified) == (False, True)
    assert contact.advice == "Verzuimprotocol opstellen voor 1 juli."
    assert contact.note == "Gesprek met de eigenaar."
    audit = AuditLog.objects.filter(object_type="service_contact", object_id=str(contact.pk), actor=casemanager).get()
    assert audit.changes["state"] == ["open", "done"]
    assert audit.changes["advice"] == "Verzuimprotocol opstellen voor 1 juli."


def test_a_contact_is_completed_once(casemanager: User, prevention_check: ServiceContact) -> None:
    answers: dict[str, Any] = {
        "rie_present": True,
        "rie_date": dt.date(2025, 5, 20),
        "prevention_officer": "J. de Boer",
        "absence_policy_present": True,
        "arbo_contract_certified": True,
    }
    service_contact_complete(
        completed_by=casemanager,
        contact=prevention_check,
        done_on=dt.date(2026, 4, 1),
        today=dt.date(2026, 4, 1),
        **answers,
    )

    with pytest.raises(ServiceContactConflict) as error:
        service_contact_complete(
            completed_by=casemanager,
            contact=prevention_check,
            done_on=dt.date(2026, 4, 2),
            today=dt.date(2026, 4, 2),
            **answers,
        )

    assert error.value.message == "Dit contact is al afgerond."


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.INSURER])
def test_only_the_assigned_casemanager_completes_a_contact(
    make_user: MakeUser, prevention_check: ServiceContact, role: Role
) -> None:
    with pytest.raises(PermissionDenied):
        service_contact_complete(completed_by=make_user(role), contact=prevention_check, done_on=dt.date(2026, 4, 1))


def test_a_contact_cannot_be_recorded_in_the_future(casemanager: User, prevention_check: ServiceContact) -> None:
    with pytest.raises(ValidationError) as error:
        service_contact_complete(
            completed_by=casemanager, contact=prevention_check, done_on=dt.date(2026, 4, 2), today=dt.date(2026, 4, 1)
        )

    assert error.value.message_dict == {"done_on": ["De datum van het contact kan niet in de toekomst liggen."]}


def test_an_unassigned_contact_goes_to_the_employers_new_casemanager(casemanager: User) -> None:
    employer = EmployerFactory(casemanager=None)
    PolicyFactory(employer=employer, start_date=dt.date(2026, 12, 1))
    service_contacts_ensure(today=dt.date(2026, 12, 2))
    assert set(ServiceContact.objects.values_list("casemanager", flat=True)) == {None}

    employer.casemanager = casemanager
    employer.save(update_fields=["casemanager"])
    service_contacts_ensure(today=dt.date(2026, 12, 3))

    assert set(ServiceContact.objects.values_list("casemanager", flat=True)) == {casemanager.pk}


# --- Relapse prevention --------------------------------------------------------------------------------------


def test_a_case_of_4_months_closed_by_full_recovery_on_2026_03_01_creates_a_contact_due_2026_09_01(
    employer: Employer, casemanager: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        case = _recovered_case(employer, first_sick_day=dt.date(2025, 11, 1), recovered_on=dt.date(2026, 3, 1))

    contact = ServiceContact.objects.get(kind=ContactKind.RELAPSE_PREVENTION)
    assert contact.case == case
    assert contact.employer == employer
    assert contact.due_date == dt.date(2026, 9, 1)
    assert contact.casemanager == casemanager


def test_a_case_of_exactly_3_months_gets_no_relapse_contact(
    employer: Employer, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _recovered_case(employer, first_sick_day=dt.date(2025, 12, 1), recovered_on=dt.date(2026, 3, 1))
    service_contacts_ensure(today=dt.date(2026, 4, 1))

    assert not ServiceContact.objects.filter(kind=ContactKind.RELAPSE_PREVENTION).exists()


def test_a_long_case_closed_for_another_reason_gets_no_relapse_contact(employer: Employer) -> None:
    case = make_case(employer=employer, first_sick_day=dt.date(2025, 11, 1))
    case.periods.update(end=dt.date(2026, 2, 28))
    AbsenceCase.objects.filter(pk=case.pk).update(
        status=CaseStatus.CLOSED, closed_on=dt.date(2026, 3, 28), close_reason=CloseReason.EMPLOYMENT_ENDED
    )
    case.refresh_from_db()

    assert services_rhythm.service_contact_relapse_create(case=case) is None
    service_contacts_ensure(today=dt.date(2026, 4, 1))
    assert not ServiceContact.objects.filter(kind=ContactKind.RELAPSE_PREVENTION).exists()


def test_the_case_closed_signal_and_the_sweep_together_make_one_relapse_contact(
    employer: Employer, django_capture_on_commit_callbacks: OnCommit
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _recovered_case(employer, first_sick_day=dt.date(2025, 11, 1), recovered_on=dt.date(2026, 3, 1))
    service_contacts_ensure(today=dt.date(2026, 4, 1))
    service_contacts_ensure(today=dt.date(2026, 4, 1))

    assert ServiceContact.objects.filter(kind=ContactKind.RELAPSE_PREVENTION).count() == 1


def test_the_sweep_creates_a_relapse_contact_the_signal_missed(employer: Employer) -> None:
    case = _recovered_case(employer, first_sick_day=dt.date(2025, 11, 1), recovered_on=dt.date(2026, 3, 1))
    assert not ServiceContact.objects.exists()

    service_contacts_ensure(today=dt.date(2026, 4, 1))

    contact = ServiceContact.objects.get(kind=ContactKind.RELAPSE_PREVENTION)
    assert (contact.case, contact.due_date) == (case, dt.date(2026, 9, 1))


def test_the_relapse_contact_goes_to_the_casemanager_of_the_case(
    employer: Employer, make_user: MakeUser, django_capture_on_commit_callbacks: OnCommit
) -> None:
    case = make_case(employer=employer, first_sick_day=dt.date(2025, 11, 1))
    other = make_user(Role.CASEMANAGER)
    services.case_assign_casemanager(case=case, reason="Overdracht", casemanager=other)
    services.case_report_recovery(
        reported_by=employer_user_for(employer),
        case=case,
        date=dt.date(2026, 3, 1),
        recovered_pct=100,
        today=dt.date(2026, 3, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.case_close_recovered(today=dt.date(2026, 3, 29))

    assert ServiceContact.objects.get(kind=ContactKind.RELAPSE_PREVENTION).casemanager == other


def test_the_relapse_reminder_names_the_employee_by_initials_only(
    employer: Employer, casemanager: User, django_capture_on_commit_callbacks: OnCommit
) -> None:
    employee = EmployeeFactory(employer=employer, first_name="Mohamed", last_name="El Amrani")
    case = make_case(employee=employee, first_sick_day=dt.date(2025, 11, 1))
    services.case_report_recovery(
        reported_by=employer_user_for(employer),
        case=case,
        date=dt.date(2026, 3, 1),
        recovered_pct=100,
        today=dt.date(2026, 3, 1),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.case_close_recovered(today=dt.date(2026, 3, 29))

    notification_sweep(today=dt.date(2026, 8, 28))

    reminder = Notification.objects.get(object_type="service_contact")
    assert (reminder.title, reminder.context) == ("Contact terugvalpreventie", "M.A. (Bakkerij De Korenschoof)")


# --- Demo ----------------------------------------------------------------------------------------------------


def test_the_demo_shows_a_welcome_call_due_soon_and_an_overdue_prevention_check() -> None:
    call_command("demo", stdout=StringIO())
    contacts = ServiceContact.objects.count()
    call_command("demo", stdout=StringIO())

    today = timezone.localdate()
    open_contacts = ServiceContact.objects.filter(casemanager__email="casemanager@demo.nl", state=ContactState.OPEN)
    statuses = {(c.kind, c.status_on(today)) for c in open_contacts}
    assert (ContactKind.WELCOME_CALL, "due_soon") in statuses
    assert (ContactKind.PREVENTION_CHECK, "overdue") in statuses
    assert ServiceContact.objects.count() == contacts


def test_the_reminder_mail_words_a_contact_as_a_deadline_not_as_a_poortwachter_step(
    employer: Employer, casemanager: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: OnCommit
) -> None:
    casemanager.reminder_mode = ReminderMode.INSTANT
    casemanager.save(update_fields=["reminder_mode"])
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    notification_sweep(today=dt.date(2026, 12, 22))

    assert notification_send_pending() == 1

    mail = mailoutbox[0]
    assert mail.subject == "Herinnering: Welkomstgesprek met nieuwe polishouder uiterlijk 29-12-2026"
    assert "Er is een termijn die uw aandacht vraagt:" in mail.body
    assert "- Welkomstgesprek met nieuwe polishouder \u2013 Bakkerij De Korenschoof" in mail.body
    assert "loonsanctie" not in mail.body
    html = mail.alternatives[0][0]
    assert '<th scope="col">Onderwerp</th><th scope="col">Over</th>' in html


def test_a_contact_recorded_between_sweep_and_send_is_not_mailed(
    employer: Employer, casemanager: User, mailoutbox: list[Any], django_capture_on_commit_callbacks: OnCommit
) -> None:
    casemanager.reminder_mode = ReminderMode.INSTANT
    casemanager.save(update_fields=["reminder_mode"])
    with django_capture_on_commit_callbacks(execute=True):
        new_policy(employer=employer, start_date=dt.date(2026, 12, 1))
    notification_sweep(today=dt.date(2026, 12, 22))
    service_contact_complete(
        completed_by=casemanager,
        contact=ServiceContact.objects.get(),
        done_on=dt.date(2026, 12, 22),
        today=dt.date(2026, 12, 22),
    )

    assert notification_send_pending() == 0

    assert mailoutbox == []
    assert Notification.objects.get().state == NotificationState.CANCELLED
