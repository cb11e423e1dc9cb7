"""A premium calculated on stale data (issue 19 item 9, docs/domain.md §7): premiums.staleness and the approval
that needs an explicit confirmation (service and API)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from premiums import services, staleness
from premiums.models import CalculationStatus, Policy, PremiumCalculation
from tests.factories import EmployeeFactory, PolicyFactory
from tests.premiums.test_calculations import CALCULATED_ON, construction_firm, sick
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
MakeUser = Callable[..., User]
STALE_MESSAGE = (
    "De gegevens van de werkgever zijn gewijzigd sinds deze berekening. Bereken de premie opnieuw, of bevestig dat "
    "u haar toch met de gegevens van toen goedkeurt."
)


@pytest.fixture
def author(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Ingrid Indiener")


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Ruud Reviewer")


def calculate_2027(policy: Policy, author: User) -> PremiumCalculation:
    """The 2027 premium calculated on 2 November 2026: reference date 1 January 2027, own absence 2024-2026 up to
    1 November 2026."""
    return services.premium_calculate(calculated_by=author, policy=policy, year=2027, today=CALCULATED_ON)


def freshness(calculation: PremiumCalculation) -> staleness.Freshness:
    result = staleness.check(calculation).freshness
    assert result is not None
    return result


# --- What is stale ------------------------------------------------------------------------------------------------


def test_a_calculation_on_todays_data_is_not_stale(author: User) -> None:
    policy = construction_firm()
    sick(policy.employer, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
    sick(policy.employer, dt.date(2026, 6, 1), dt.date(2026, 6, 12))
    calculation = calculate_2027(policy, author)
    fresh = freshness(calculation)
    assert not fresh.stale
    assert (fresh.employee_count_now, fresh.insured_payroll_now) == (5, D("250000.00"))
    assert fresh.absence_now == fresh.absence_then
    assert fresh.absence_then[2025] > 0
    assert fresh.absence_then[2026] > 0


def test_an_employee_entered_afterwards_who_was_employed_on_the_reference_date_makes_it_stale(author: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    EmployeeFactory(employer=policy.employer, yearly_wage=D(40000), employment_start=dt.date(2026, 12, 1))
    fresh = freshness(calculation)
    assert fresh.stale
    assert fresh.roster_changed
    assert not fresh.absence_changed
    assert (fresh.employee_count_then, fresh.employee_count_now) == (5, 6)
    assert (fresh.insured_payroll_then, fresh.insured_payroll_now) == (D("250000.00"), D("300000.00"))


def test_an_employee_who_leaves_before_the_reference_date_makes_it_stale(author: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    leaver = policy.employer.employees.first()
    leaver.employment_end = dt.date(2026, 12, 15)
    leaver.save()
    assert (freshness(calculation).employee_count_now, freshness(calculation).stale) == (4, True)


def test_a_changed_wage_changes_the_insured_payroll(author: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    policy.employer.employees.filter(pk=policy.employer.employees.first().pk).update(yearly_wage=D(48000))
    fresh = freshness(calculation)
    assert not fresh.employee_count_changed
    assert fresh.insured_payroll_changed
    assert fresh.stale
    assert fresh.insured_payroll_now == D("260000.00")  # (4 x 40,000 + 48,000) x 1.25


def test_facts_after_the_calculation_belong_to_the_next_one(author: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    # Joins after the reference date; falls sick after the calculation date.
    EmployeeFactory(employer=policy.employer, employment_start=dt.date(2027, 2, 1))
    sick(policy.employer, dt.date(2026, 11, 10), dt.date(2026, 11, 20))
    assert not freshness(calculation).stale


def test_a_sickness_reported_late_within_the_window_changes_the_absence_figures(author: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    assert calculation.inputs["own_absence_pct"]["2026"] == "0.00"
    sick(policy.employer, dt.date(2026, 10, 1), dt.date(2026, 10, 10))
    fresh = freshness(calculation)
    assert fresh.stale
    assert fresh.absence_changed
    assert not fresh.roster_changed
    ((change,),) = [fresh.absence_changes]
    assert (change.year, change.then) == (2026, D("0.00"))
    assert change.now is not None
    assert change.now > 0


def test_rejected_and_superseded_calculations_are_history_and_not_checked(author: User, reviewer: User) -> None:
    policy = construction_firm()
    rejected = services.premium_reject(reviewed_by=reviewer, calculation=calculate_2027(policy, author), reason="x")
    superseded = calculate_2027(policy, author)
    calculate_2027(policy, author)
    superseded.refresh_from_db()
    assert (rejected.status, superseded.status) == (CalculationStatus.REJECTED, CalculationStatus.SUPERSEDED)
    assert staleness.check(rejected).freshness is None
    assert staleness.check(superseded).freshness is None


def test_a_calculation_stored_without_its_roster_inputs_is_not_judged(author: User) -> None:
    calculation = calculate_2027(construction_firm(), author)
    PremiumCalculation.objects.filter(pk=calculation.pk).update(inputs={})
    calculation.refresh_from_db()
    assert staleness.check(calculation).freshness is None


# --- Change against the last approved premium ----------------------------------------------------------------------


def test_the_change_is_against_last_years_approved_premium(author: User, reviewer: User) -> None:
    policy = construction_firm()
    last_year = services.premium_approve(
        reviewed_by=reviewer,
        calculation=services.premium_calculate(
            calculated_by=author, policy=policy, year=2026, today=dt.date(2026, 1, 5)
        ),
    )
    EmployeeFactory(employer=policy.employer, yearly_wage=D(40000), employment_start=dt.date(2026, 6, 1))
    this_year = calculate_2027(policy, author)
    change = staleness.check(this_year).change
    assert change is not None
    assert (change.previous_id, change.previous_year, change.previous_premium) == (
        last_year.pk,
        2026,
        last_year.premium,
    )
    assert change.amount == this_year.premium - last_year.premium
    assert change.pct == (change.amount / last_year.premium * 100).quantize(D("0.1"))
    assert change.sign == "+"
    assert change.amount > 0


def test_a_recalculation_compares_with_the_premium_in_force_for_that_year(author: User, reviewer: User) -> None:
    policy = construction_firm()
    services.premium_approve(
        reviewed_by=reviewer,
        calculation=services.premium_calculate(
            calculated_by=author, policy=policy, year=2026, today=dt.date(2026, 1, 5)
        ),
    )
    in_force = services.premium_approve(reviewed_by=reviewer, calculation=calculate_2027(policy, author))
    again = calculate_2027(policy, author)
    change = staleness.check(again).change
    assert change is not None
    assert (change.previous_id, change.amount, change.pct, change.sign) == (
        in_force.pk,
        D("0.00"),
        D("0.0"),
        "",
    )
    # Once approved, the recalculation compares with the premium it replaced (now superseded), not with itself.
    services.premium_approve(reviewed_by=reviewer, calculation=again)
    again.refresh_from_db()
    change = staleness.check(again).change
    assert change is not None
    assert change.previous_id == in_force.pk


def test_no_earlier_approved_premium_no_change(author: User) -> None:
    assert staleness.check(calculate_2027(construction_firm(), author)).change is None


def test_checks_of_many_calculations_take_a_fixed_number_of_queries(
    author: User, django_assert_num_queries: Callable[..., object]
) -> None:
    calculations = []
    for _ in range(4):
        policy = construction_firm()
        sick(policy.employer, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
        calculations.append(calculate_2027(policy, author))
    # Earlier approved premiums; employees, cases, sick periods, recoveries (cases.statistics.data).
    with django_assert_num_queries(5):  # type: ignore[operator]
        result = staleness.checks(calculations)
    assert [result[c.pk].stale for c in calculations] == [False] * 4


def test_checks_go_in_batches_with_the_same_answers(
    author: User, monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Callable[..., object]
) -> None:
    calculations = []
    for _ in range(3):
        policy = construction_firm()
        sick(policy.employer, dt.date(2025, 3, 2), dt.date(2025, 3, 20))
        calculations.append(calculate_2027(policy, author))
    EmployeeFactory(employer=calculations[1].employer, employment_start=dt.date(2026, 12, 1))
    whole = staleness.checks(calculations)
    monkeypatch.setattr(staleness, "CHECK_BATCH_SIZE", 2)
    with django_assert_num_queries(10):  # type: ignore[operator]
        batched = staleness.checks(calculations)
    assert batched == whole
    assert [batched[c.pk].stale for c in calculations] == [False, True, False]


# --- Approving a stale calculation ---------------------------------------------------------------------------------


def test_approving_a_stale_calculation_needs_an_explicit_confirmation(author: User, reviewer: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    EmployeeFactory(employer=policy.employer, yearly_wage=D(40000), employment_start=dt.date(2026, 12, 1))
    with pytest.raises(ValidationError) as refused:
        services.premium_approve(reviewed_by=reviewer, calculation=calculation)
    assert refused.value.message_dict == {"confirm_stale": [STALE_MESSAGE]}
    calculation.refresh_from_db()
    assert calculation.status == CalculationStatus.SUBMITTED

    approved = services.premium_approve(reviewed_by=reviewer, calculation=calculation, stale_confirmed=True)
    assert approved.status == CalculationStatus.APPROVED
    audit = AuditLog.objects.filter(object_id=str(calculation.pk), actor=reviewer).get()
    assert audit.changes["stale_confirmed"] is True
    assert audit.changes["changed_since"]["employee_count"] == [5, 6]
    assert audit.changes["changed_since"]["insured_payroll"] == ["250000.00", "300000.00"]


def test_a_fresh_calculation_is_approved_without_confirmation(author: User, reviewer: User) -> None:
    calculation = calculate_2027(construction_firm(), author)
    approved = services.premium_approve(reviewed_by=reviewer, calculation=calculation)
    assert approved.status == CalculationStatus.APPROVED
    audit = AuditLog.objects.filter(object_id=str(calculation.pk), actor=reviewer).get()
    assert "stale_confirmed" not in audit.changes


def test_the_four_eyes_and_the_state_come_before_the_staleness(author: User, reviewer: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    EmployeeFactory(employer=policy.employer, employment_start=dt.date(2026, 12, 1))
    with pytest.raises(services.PermissionDenied):
        services.premium_approve(reviewed_by=author, calculation=calculation)
    services.premium_reject(reviewed_by=reviewer, calculation=calculation, reason="Loonsom klopt niet")
    with pytest.raises(services.PremiumConflict):
        services.premium_approve(reviewed_by=reviewer, calculation=calculation)


# --- The API -------------------------------------------------------------------------------------------------------


def url(calculation: PremiumCalculation, action: str = "") -> str:
    return f"/api/v1/premiums/calculations/{calculation.pk}/{action + '/' if action else ''}"


def test_api_tells_freshness_and_the_change_against_the_last_approved_premium(
    api_as: ApiAs, author: User, reviewer: User
) -> None:
    policy = construction_firm()
    last_year = services.premium_approve(
        reviewed_by=reviewer,
        calculation=services.premium_calculate(
            calculated_by=author, policy=policy, year=2026, today=dt.date(2026, 1, 5)
        ),
    )
    calculation = calculate_2027(policy, author)
    EmployeeFactory(employer=policy.employer, yearly_wage=D(40000), employment_start=dt.date(2026, 12, 1))
    body = api_as(reviewer).get(url(calculation)).json()
    assert body["freshness"] == {
        "stale": True,
        "roster_changed": True,
        "absence_changed": False,
        "reference_date": "2027-01-01",
        "employee_count_now": 6,
        "insured_payroll_now": "300000.00",
        "own_absence_pct_now": {"2024": "0.00", "2025": "0.00", "2026": "0.00"},
    }
    amount = calculation.premium - last_year.premium
    assert body["previous_approved"] == {
        "id": str(last_year.pk),
        "year": 2026,
        "premium": str(last_year.premium),
        "change": str(amount),
        "change_pct": str((amount / last_year.premium * 100).quantize(D("0.1"))),
    }
    listed = {row["id"]: row for row in api_as(reviewer).get("/api/v1/premiums/calculations/").json()}
    assert listed[str(calculation.pk)]["freshness"]["stale"] is True
    assert listed[str(last_year.pk)]["previous_approved"] is None


def test_api_approval_of_a_stale_calculation_needs_confirm_stale(api_as: ApiAs, author: User, reviewer: User) -> None:
    policy = construction_firm()
    calculation = calculate_2027(policy, author)
    EmployeeFactory(employer=policy.employer, employment_start=dt.date(2026, 12, 1))
    client = api_as(reviewer)
    refused = client.post(url(calculation, "approve"))
    assert refused.status_code == 400
    assert refused.json()["fields"] == {"confirm_stale": [STALE_MESSAGE]}
    assert client.post(url(calculation, "approve"), {"confirm_stale": False}, format="json").status_code == 400
    assert client.post(url(calculation, "approve"), {"bevestigd": True}, format="json").status_code == 400
    assert PremiumCalculation.objects.get(pk=calculation.pk).status == CalculationStatus.SUBMITTED
    approved = client.post(url(calculation, "approve"), {"confirm_stale": True}, format="json")
    assert approved.status_code == 200, approved.json()
    assert approved.json()["status"] == "approved"


def test_api_approval_of_a_fresh_calculation_still_takes_an_empty_body(
    api_as: ApiAs, author: User, reviewer: User
) -> None:
    calculation = calculate_2027(construction_firm(), author)
    response = api_as(reviewer).post(url(calculation, "approve"))
    assert response.status_code == 200, response.json()
    assert response.json()["freshness"]["stale"] is False


def test_api_another_employer_gets_404_and_sees_its_own_approved_premiums_freshness(
    api_as: ApiAs, make_user: MakeUser, author: User, reviewer: User
) -> None:
    policy = construction_firm()
    calculation = services.premium_approve(reviewed_by=reviewer, calculation=calculate_2027(policy, author))
    other = make_user(Role.EMPLOYER, employer=PolicyFactory().employer)
    assert api_as(other).get(url(calculation)).status_code == 404
    assert api_as(other).post(url(calculation, "approve"), {"confirm_stale": True}, format="json").status_code == 404
    own = make_user(Role.EMPLOYER, employer=policy.employer)
    assert api_as(own).get(url(calculation)).json()["freshness"]["stale"] is False
    assert api_as(own).post(url(calculation, "approve"), {"confirm_stale": True}, format="json").status_code == 403
