"""The income conversation's services: recording it completes the step `income_insight` (which
is never completed by hand), the facts are checked with Dutch messages at their fields, only the case's
casemanager records, and the employee's one-time link shows the latest figures in one browser only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cases.absence import services
from cases.absence.models import AbsenceCase, Step, StepState
from cases.absence.services import CaseConflict
from cases.documents.links import LinkInvalid
from cases.documents.models import LinkPurpose, OneTimeLink
from cases.income import rules as income
from cases.income import services as services_income
from cases.income.models import IncomeConversation
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.mail import mail_send_pending
from verzuim.models import AuditAction, AuditLog, Employer, Role, User

pytestmark = pytest.mark.django_db

MakeUser = Callable[..., User]
TOKEN_IN_MAIL = re.compile(r"/werknemer/inkomen/([A-Za-z0-9_-]{43})/")

# The acceptance example of the income calculation (cases/income/rules.py, docs/domain.md §9).
FACTS: dict[str, Any] = {
    "monthly_wage": Decimal("4000.00"),
    "weekly_hours": Decimal("36.00"),
    "date_of_birth": None,
    "reference_date": dt.date(2026, 6, 1),
    "work_history_years": 12,
    "incapacity_pct": Decimal("50"),
    "durable": False,
    "remaining_capacity_monthly": Decimal("2000.00"),
    "expected_earnings_monthly": Decimal("1000.00"),
    "topup_year1_pct": None,
    "topup_year2_pct": None,
}


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def casemanager(make_user: MakeUser) -> User:
    return make_user(Role.CASEMANAGER, full_name="Carla Casemanager")


@pytest.fixture
def employer(employer_user: User, casemanager: User) -> Employer:
    employer = employer_user.employer
    assert employer is not None
    employer.casemanager = casemanager
    employer.save()
    return employer


@pytest.fixture
def case(employer: Employer, employer_user: User) -> AbsenceCase:
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    return make_case(employee=employee, reported_by=employer_user, days_sick=340)


def income_step(case: AbsenceCase) -> Step:
    return Step.objects.get(case=case, code="income_insight")


def record(case: AbsenceCase, by: User, held_on: dt.date | None = None, **overrides: Any) -> IncomeConversation:
    return services_income.income_conversation_record(
        held_by=by, case=case, held_on=held_on or today(), **{**FACTS, **overrides}
    )


def field_errors(exc: ValidationError) -> dict[str, list[str]]:
    return {name: [str(m) for e in errors for m in e.messages] for name, errors in exc.error_dict.items()}


def send_link(case: AbsenceCase, by: User) -> str:
    mail.outbox.clear()
    services_income.income_link_send(sent_by=by, case=case, email="sanne@example.nl")
    mail_send_pending()  # the outbox's beat job
    match = TOKEN_IN_MAIL.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


# --- Recording and the step ------------------------------------------------------------------------------------


def test_every_case_has_the_income_step_due_on_day_364_for_the_casemanager(case: AbsenceCase) -> None:
    step = income_step(case)
    assert (step.owner, step.state, step.due_date) == (
        "casemanager",
        StepState.OPEN,
        case.first_sick_day + dt.timedelta(days=363),
    )  # day 1 is the first sick day


def test_recording_the_conversation_saves_the_facts_and_completes_the_step(
    casemanager: User, case: AbsenceCase
) -> None:
    held_on = today() - dt.timedelta(days=2)
    conversation = record(case, casemanager, held_on=held_on)

    stored = IncomeConversation.objects.get()
    assert stored.pk == conversation.pk
    assert {name: getattr(stored, name) for name in FACTS} == FACTS
    assert (stored.held_on, stored.held_by) == (held_on, casemanager)
    step = income_step(case)
    assert (step.state, step.completed_on, step.completed_by) == (StepState.DONE, held_on, casemanager)


def test_the_hours_and_date_of_birth_are_stored_and_give_the_employees_own_floor(
    casemanager: User, case: AbsenceCase
) -> None:
    # 20 on the reference date, 40 hours: 11.77 x 40 x 52 / 12 = 2040.13 (BW 7:629 lid 1, the youth minimum).
    record(
        case,
        casemanager,
        monthly_wage=Decimal("2200.00"),
        weekly_hours=Decimal("40.00"),
        date_of_birth=dt.date(2005, 6, 2),
    )
    stored = IncomeConversation.objects.get()
    assert (stored.weekly_hours, stored.date_of_birth) == (Decimal("40.00"), dt.date(2005, 6, 2))
    assert income.income_phases(services_income.income_facts(stored))[0].monthly_amount == Decimal("2040.13")


def test_before_any_conversation_the_case_offers_the_employees_hours_and_date_of_birth(case: AbsenceCase) -> None:
    assert services_income.income_facts_from_employee(case) == {
        "weekly_hours": case.employee.weekly_hours,
        "date_of_birth": case.employee.date_of_birth,
    }


def test_the_recorded_facts_give_the_acceptance_phases(casemanager: User, case: AbsenceCase) -> None:
    conversation = record(case, casemanager)
    phases = income.income_phases(services_income.income_facts(conversation))
    assert [(p.code, p.months, p.monthly_amount) for p in phases] == [
        ("year1", 12, Decimal("2800.00")),
        ("year2", 12, Decimal("2800.00")),
        ("wga_wage_related_first", 2, Decimal("2250.00")),
        ("wga_wage_related", 9, Decimal("2100.00")),
        ("wga_wage_supplement", None, Decimal("1400.00")),
    ]


def test_step_complete_refuses_the_income_step_by_hand(casemanager: User, case: AbsenceCase) -> None:
    with pytest.raises(CaseConflict) as refused:
        services.step_complete(completed_by=casemanager, case=case, code="income_insight", completed_on=today())
    assert refused.value.code == "step_automatic"
    assert refused.value.message == "Deze stap wordt afgerond door het gesprek over de inkomensgevolgen vast te leggen."
    assert income_step(case).state == StepState.OPEN


def test_a_later_conversation_is_recorded_and_the_step_keeps_its_first_completion(
    casemanager: User, case: AbsenceCase
) -> None:
    first_day = today() - dt.timedelta(days=10)
    record(case, casemanager, held_on=first_day)
    record(case, casemanager, held_on=today(), incapacity_pct=Decimal("90"), durable=True)
    assert IncomeConversation.objects.count() == 2
    assert income_step(case).completed_on == first_day
    latest = services_income.income_conversation_latest(case=case)
    assert latest is not None
    assert latest.incapacity_pct == Decimal("90")


def test_recording_writes_audit_rows_for_the_conversation_and_the_step(casemanager: User, case: AbsenceCase) -> None:
    conversation = record(case, casemanager)
    created = AuditLog.objects.get(object_type="income_conversation", action=AuditAction.CREATE)
    assert (created.actor, created.object_id, created.employer_id) == (
        casemanager,
        str(conversation.pk),
        case.employer_id,
    )
    step_row = AuditLog.objects.filter(object_type="absence_case", action=AuditAction.UPDATE, actor=casemanager).last()
    assert step_row is not None
    assert step_row.changes["step"] == "income_insight"


def test_a_reference_date_before_the_legal_figures_is_refused_at_its_field_and_nothing_is_saved(
    casemanager: User, case: AbsenceCase
) -> None:
    with pytest.raises(ValidationError) as refused:
        record(case, casemanager, reference_date=dt.date(2024, 12, 31))
    assert field_errors(refused.value) == {
        "reference_date": ["Voor een peildatum vóór 1 januari 2025 zijn geen wettelijke bedragen bekend."]
    }
    assert not IncomeConversation.objects.exists()
    assert income_step(case).state == StepState.OPEN


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (
            {"monthly_wage": Decimal("0")},
            {"monthly_wage": ["Vul het bruto maandloon in: het moet meer dan 0 euro zijn."]},
        ),
        (
            {"expected_earnings_monthly": Decimal("-1")},
            {"expected_earnings_monthly": ["Een bedrag kan niet negatief zijn."]},
        ),
        ({"incapacity_pct": Decimal("101")}, {"incapacity_pct": ["Geef een percentage van 0 tot en met 100 op."]}),
        ({"work_history_years": 61}, {"work_history_years": ["Geef een arbeidsverleden van 0 tot en met 60 jaar op."]}),
        (
            {"weekly_hours": Decimal(0)},
            {"weekly_hours": ["Geef een aantal uren per week van meer dan 0 tot en met 60 op."]},
        ),
        (
            {"weekly_hours": Decimal("60.01")},
            {"weekly_hours": ["Geef een aantal uren per week van meer dan 0 tot en met 60 op."]},
        ),
        ({"weekly_hours": None}, {"weekly_hours": ["Vul dit gegeven in."]}),
        (
            {"date_of_birth": dt.date(2026, 6, 1)},
            {"date_of_birth": ["De geboortedatum moet vóór de peildatum liggen."]},
        ),
    ],
)
def test_impossible_facts_are_refused_at_their_field(
    casemanager: User, case: AbsenceCase, overrides: dict[str, Any], expected: dict[str, list[str]]
) -> None:
    with pytest.raises(ValidationError) as refused:
        record(case, casemanager, **overrides)
    assert field_errors(refused.value) == expected
    assert not IncomeConversation.objects.exists()


def test_the_day_of_the_conversation_lies_between_the_first_sick_day_and_today(
    casemanager: User, case: AbsenceCase
) -> None:
    with pytest.raises(ValidationError) as future:
        record(case, casemanager, held_on=today() + dt.timedelta(days=1))
    assert field_errors(future.value) == {"held_on": ["De datum van het gesprek kan niet in de toekomst liggen."]}
    with pytest.raises(ValidationError) as early:
        record(case, casemanager, held_on=case.first_sick_day - dt.timedelta(days=1))
    assert field_errors(early.value) == {"held_on": ["De datum van het gesprek ligt vóór de eerste ziektedag."]}
    assert not IncomeConversation.objects.exists()


@pytest.mark.parametrize(
    "role", [Role.EMPLOYER, Role.OCCUPATIONAL_PHYSICIAN, Role.INSURER, Role.ADMIN, Role.CASEMANAGER]
)
def test_only_the_casemanager_of_the_case_records(make_user: MakeUser, case: AbsenceCase, role: Role) -> None:
    other = make_user(role, employer=case.employer) if role == Role.EMPLOYER else make_user(role)
    with pytest.raises(PermissionDenied):
        record(case, other)
    assert not IncomeConversation.objects.exists()


def test_the_assigned_casemanager_records_too(make_user: MakeUser, casemanager: User, case: AbsenceCase) -> None:
    assigned = make_user(Role.CASEMANAGER)
    services.case_assign_casemanager(case=case, reason="Overdracht", casemanager=assigned)
    record(case, assigned)
    assert income_step(case).completed_by == assigned


# --- The employee's one-time link ------------------------------------------------------------------------------


def test_a_link_needs_a_recorded_conversation(casemanager: User, case: AbsenceCase) -> None:
    with pytest.raises(CaseConflict) as refused:
        services_income.income_link_send(sent_by=casemanager, case=case, email="sanne@example.nl")
    assert refused.value.code == "no_conversation"
    assert not OneTimeLink.objects.exists()


def test_the_link_is_mailed_and_only_its_hash_is_stored(casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    token = send_link(case, casemanager)
    link = OneTimeLink.objects.get()
    assert link.purpose == LinkPurpose.INCOME
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(list(OneTimeLink.objects.values()))
    assert abs(link.expires_at - (timezone.now() + dt.timedelta(days=14))) < dt.timedelta(minutes=1)
    assert mail.outbox[-1].to == ["sanne@example.nl"]
    assert mail.outbox[-1].subject == "Uw inkomen tijdens en na ziekte"


def test_opening_without_the_button_does_not_use_the_link(casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    token = send_link(case, casemanager)
    link, conversation = services_income.income_link_open(token=token, claimed_link_ids=())
    assert conversation is None
    link.refresh_from_db()
    assert link.used_at is None


def test_a_used_link_works_in_its_own_browser_only(casemanager: User, case: AbsenceCase) -> None:
    conversation = record(case, casemanager)
    token = send_link(case, casemanager)
    link, shown = services_income.income_link_open(token=token, claimed_link_ids=(), claim=True)
    assert shown == conversation
    assert services_income.income_link_open(token=token, claimed_link_ids=(link.pk,))[1] == conversation
    with pytest.raises(LinkInvalid):
        services_income.income_link_open(token=token, claimed_link_ids=())
    with pytest.raises(LinkInvalid):
        services_income.income_link_open(token=token, claimed_link_ids=(), claim=True)


def test_an_expired_link_does_not_work(casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    token = send_link(case, casemanager)
    link, _none = services_income.income_link_open(token=token, claimed_link_ids=(), claim=True)
    OneTimeLink.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(LinkInvalid):
        services_income.income_link_open(token=token, claimed_link_ids=(link.pk,))


def test_a_new_link_retires_the_earlier_one_even_when_used(casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    first = send_link(case, casemanager)
    link, _shown = services_income.income_link_open(token=first, claimed_link_ids=(), claim=True)
    second = send_link(case, casemanager)
    with pytest.raises(LinkInvalid):
        services_income.income_link_open(token=first, claimed_link_ids=(link.pk,))
    assert services_income.income_link_open(token=second, claimed_link_ids=(), claim=True)[1] is not None


def test_a_sign_link_token_does_not_open_the_income_page(casemanager: User, case: AbsenceCase) -> None:
    record(case, casemanager)
    token = send_link(case, casemanager)
    OneTimeLink.objects.update(purpose=LinkPurpose.EMPLOYEE_VIEW)
    with pytest.raises(LinkInvalid):
        services_income.income_link_open(token=token, claimed_link_ids=(), claim=True)


def test_the_employee_reading_the_figures_is_audited(casemanager: User, case: AbsenceCase) -> None:
    conversation = record(case, casemanager)
    token = send_link(case, casemanager)
    link, _shown = services_income.income_link_open(token=token, claimed_link_ids=(), claim=True)
    read = AuditLog.objects.get(object_type="income_conversation", action=AuditAction.READ)
    assert (read.actor, read.object_id, read.changes) == (
        None,
        str(conversation.pk),
        {"via": "one_time_link", "link": link.pk},
    )


def test_a_closed_case_takes_no_conversation(casemanager: User, case: AbsenceCase) -> None:
    AbsenceCase.objects.filter(pk=case.pk).update(status="closed", closed_on=today(), close_reason="recovered")
    with pytest.raises(CaseConflict) as refused:
        record(case, casemanager)
    assert refused.value.code == "case_closed"
    assert not IncomeConversation.objects.exists()


def test_another_employers_casemanager_cannot_send_a_link(
    make_user: MakeUser, casemanager: User, case: AbsenceCase
) -> None:
    record(case, casemanager)
    stranger = make_user(Role.CASEMANAGER)
    EmployerFactory(casemanager=stranger)
    with pytest.raises(PermissionDenied):
        services_income.income_link_send(sent_by=stranger, case=case, email="sanne@example.nl")
    assert not OneTimeLink.objects.exists()


def test_the_years_before_2016_are_stored_with_the_conversation(casemanager: User, case: AbsenceCase) -> None:
    conversation = record(case, casemanager, work_history_years=26, work_history_years_before_2016=14)
    conversation.refresh_from_db()
    assert conversation.work_history_years_before_2016 == 14
    phases = services_income.income_phases_for(services_income.income_facts(conversation))
    assert sum(p.months or 0 for p in phases if p.code.startswith("wga_wage_related")) == 20
    assert record(case, casemanager).work_history_years_before_2016 is None  # optional


def test_more_years_before_2016_than_in_total_are_refused_at_their_field(casemanager: User, case: AbsenceCase) -> None:
    with pytest.raises(ValidationError) as refused:
        record(case, casemanager, work_history_years=5, work_history_years_before_2016=6)
    assert field_errors(refused.value) == {
        "work_history_years_before_2016": ["De jaren vóór 2016 kunnen niet meer zijn dan het hele arbeidsverleden."]
    }
    assert not IncomeConversation.objects.exists()
