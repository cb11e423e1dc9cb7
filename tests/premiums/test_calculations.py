"""Premium calculations: inputs gathered from the dossier, four-eyes review, renewal."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal as D
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase, CaseStatus, CloseReason, SickPeriod
from premiums import services, tasks
from premiums.models import CalculationStatus, Policy, PremiumCalculation
from tests.factories import EmployeeFactory, EmployerFactory, PolicyFactory, UserFactory
from verzuim.models import AuditLog, Employer, Role, User

ApiAs = Callable[[User], APIClient]
MakeUser = Callable[..., User]
CALCULATED_ON = dt.date(2026, 11, 2)


def construction_firm(*, employees: int = 5, policy_start: dt.date = dt.date(2024, 1, 1)) -> Policy:
    """SBI 4322 (section F: rate 4.40%, sector absence 5.10%), 10 days, 100/70, 25% employer charges,
    `employees` people earning 40,000 born 1 May 1980 (46 on 1 January 2027: age/wage-mix band 40, factor 1)."""
    employer = EmployerFactory(sbi_code="4322")
    for _ in range(employees):
        EmployeeFactory(
            employer=employer,
            yearly_wage=D("40000"),
            date_of_birth=dt.date(1980, 5, 1),
            weekly_hours=D("40"),
            employment_start=dt.date(2020, 1, 1),
        )
    return PolicyFactory(employer=employer, start_date=policy_start, employer_charges_pct=D("25"))


def sick(employer: Employer, first: dt.date, last: dt.date, *, safety_net: bool = False) -> None:
    """A closed case of the employer's first employee, sick every day from `first` to `last`."""
    reporter = User.objects.filter(employer=employer).first() or UserFactory.create(
        role=Role.EMPLOYER, employer=employer
    )
    case = AbsenceCase.objects.create(
        employee=employer.employees.order_by("personnel_number")[0],
        employer=employer,
        first_sick_day=first,
        status=CaseStatus.CLOSED,
        closed_on=last + dt.timedelta(days=29),
        close_reason=CloseReason.RECOVERED,
        reported_by=reporter,
        safety_net=safety_net,
    )
    SickPeriod.objects.create(case=case, start=first, end=last)


@pytest.fixture
def author(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Ingrid Indiener")


@pytest.fixture
def reviewer(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Ruud Reviewer")


@pytest.mark.django_db
def test_renewal_gathers_payroll_own_absence_and_sector_from_the_dossier() -> None:
    policy = construction_firm()
    # 31 days in March 2025 of one of five full-timers: 31 / (5 * 365) = 1.70% (rounded like the statistics).
    sick(policy.employer, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    # A safety-net case (pregnancy) in 2026 does not count for the premium.
    sick(policy.employer, dt.date(2026, 2, 1), dt.date(2026, 4, 30), safety_net=True)

    report = services.premium_renew(year=2027, today=CALCULATED_ON)

    assert (report.created, report.problems) == (1, [])
    calc = PremiumCalculation.objects.get(policy=policy)
    assert calc.status == CalculationStatus.DRAFT
    assert calc.inputs["own_absence_pct"] == {"2024": "0.00", "2025": "1.70", "2026": "0.00"}
    assert (calc.inputs["sbi_section"], calc.inputs["sector_rate_pct"], calc.inputs["sector_absence_pct"]) == (
        "F",
        "4.4000",
        "5.1000",
    )
    # Hand calculation: payroll 5 * 40,000 * 1.25 = 250,000; base rate 4.40 * 1 * 1 * 1.
    # A = (3 * 0 + 2 * 1.70 + 1 * 0) / 6 = 0.5667; E = 0.5667 / 5.10 = 0.1111; Z(5) = 15%;
    # F = 0.85 + 0.15 * 0.1111 = 0.8667; premium = 250,000 * 4.40% * 0.86667 = 9,533.33.
    assert (calc.employee_count, calc.insured_payroll, calc.average_age) == (5, D("250000.00"), D("46.00"))
    assert (calc.age_wage_mix_factor, calc.waiting_days_factor, calc.coverage_factor) == (D(1), D(1), D(1))
    assert (calc.base_rate_pct, calc.weighted_own_absence_pct, calc.experience_ratio) == (
        D("4.4000"),
        D("0.5667"),
        D("0.1111"),
    )
    assert (calc.credibility_weight_pct, calc.own_absence_factor, calc.cap_applied) == (D("15"), D("0.8667"), False)
    assert calc.premium == D("9533.33")


@pytest.mark.django_db
def test_years_before_the_insurance_drop_out_of_own_absence() -> None:
    policy = construction_firm(policy_start=dt.date(2026, 1, 1))
    services.premium_renew(year=2027, today=CALCULATED_ON)
    assert PremiumCalculation.objects.get(policy=policy).inputs["own_absence_pct"] == {"2026": "0.00"}


@pytest.mark.django_db
def test_last_years_approved_factor_caps_the_rise(author: User, reviewer: User) -> None:
    policy = construction_firm()
    # Much absence in 2025-2026: F would rise far; last year's approved F was 0.90.
    sick(policy.employer, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    previous = services.premium_calculate(calculated_by=author, policy=policy, year=2026, today=dt.date(2025, 11, 3))
    PremiumCalculation.objects.filter(pk=previous.pk).update(own_absence_factor=D("0.9000"))
    services.premium_approve(reviewed_by=reviewer, calculation=previous)

    services.premium_renew(year=2027, today=CALCULATED_ON)

    calc = PremiumCalculation.objects.get(policy=policy, year=2027)
    assert calc.previous_own_absence_factor == D("0.9000")
    assert calc.own_absence_factor_uncapped > D("0.99")
    assert (calc.own_absence_factor_ceiling, calc.own_absence_factor, calc.cap_applied) == (
        D("0.9900"),
        D("0.9900"),
        True,
    )


@pytest.mark.django_db
def test_renewal_is_idempotent_and_skips_policies_not_in_force() -> None:
    in_force = construction_firm()
    construction_firm(policy_start=dt.date(2028, 1, 1))  # starts after the year
    ended = construction_firm()
    Policy.objects.filter(pk=ended.pk).update(end_date=dt.date(2026, 12, 31))

    first = services.premium_renew(year=2027, today=CALCULATED_ON)
    second = services.premium_renew(year=2027, today=CALCULATED_ON)

    assert (first.created, second.created) == (1, 0)
    assert list(PremiumCalculation.objects.values_list("policy_id", flat=True)) == [in_force.pk]


@pytest.mark.django_db
def test_renewal_audits_each_draft_it_stores_once() -> None:
    policies = [construction_firm(), construction_firm()]
    services.premium_renew(year=2027, today=CALCULATED_ON)
    services.premium_renew(year=2027, today=CALCULATED_ON)  # stores nothing, so audits nothing

    drafts = {str(c.pk): c for c in PremiumCalculation.objects.all()}
    rows = AuditLog.objects.filter(object_type="premium_calculation")
    assert sorted(row.object_id for row in rows) == sorted(drafts)
    for row in rows:
        draft = drafts[row.object_id]
        assert (row.actor, row.action, row.employer_id) == (None, "create", draft.employer_id)
        assert row.changes == {"year": 2027, "status": "draft", "premium": str(draft.premium), "source": "renewal"}
    assert {d.policy_id for d in drafts.values()} == {p.pk for p in policies}


@pytest.mark.django_db
def test_renewal_reports_a_policy_it_cannot_calculate_and_goes_on() -> None:
    good = construction_firm()
    bad = construction_firm()
    Employer.objects.filter(pk=bad.employer_id).update(sbi_code="04")  # a division SBI does not have
    report = services.premium_renew(year=2027, today=CALCULATED_ON)
    assert report.created == 1
    assert report.problems == [
        f"{bad.policy_number}: Er is geen sectortarief voor SBI-code 04 in Premieparameters vanaf 01-01-2026."
    ]
    assert PremiumCalculation.objects.get().policy_id == good.pk


@pytest.mark.django_db
def test_renewal_takes_the_same_number_of_queries_for_a_batch_of_one_or_of_many() -> None:
    def queries_for(policies: int) -> int:
        PremiumCalculation.objects.all().delete()
        Policy.objects.all().delete()
        for _ in range(policies):
            policy = construction_firm(employees=2)
            sick(policy.employer, dt.date(2025, 3, 1), dt.date(2025, 3, 10))
        with CaptureQueriesContext(connection) as captured:
            services.premium_renew(year=2027, today=CALCULATED_ON, batch_size=100)
        return len(captured.captured_queries)

    assert queries_for(1) == queries_for(12)


@pytest.mark.django_db
def test_renewal_works_through_every_batch() -> None:
    policies = [construction_firm(employees=1) for _ in range(7)]
    report = services.premium_renew(year=2027, today=CALCULATED_ON, batch_size=3)
    assert report.created == 7
    assert set(PremiumCalculation.objects.values_list("policy_id", flat=True)) == {p.pk for p in policies}


@pytest.mark.django_db
def test_renew_premiums_command_reports_what_it_did() -> None:
    construction_firm()
    out = StringIO()
    call_command("renew_premiums", "--year", "2027", stdout=out)
    assert "1 calculations drafted" in out.getvalue()
    with pytest.raises(CommandError, match="1 januari 2025"):
        call_command("renew_premiums", "--year", "2025")


@pytest.mark.django_db
@pytest.mark.parametrize(("today", "expected"), [(dt.date(2026, 10, 31), 0), (dt.date(2026, 11, 1), 1)])
def test_beat_job_renews_next_year_from_1_november(
    today: dt.date, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    construction_firm()
    monkeypatch.setattr(tasks.timezone, "localdate", lambda: today)
    assert tasks.premium_renewal() == expected
    assert PremiumCalculation.objects.filter(year=2027).count() == expected


# --- Four eyes ---------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_author_cannot_approve_403_with_a_dutch_message_a_second_insurer_can(
    api_as: ApiAs, author: User, reviewer: User
) -> None:
    policy = construction_firm()
    created = api_as(author).post(
        "/api/v1/premiums/calculations/", {"policy": str(policy.pk), "year": 2027}, format="json"
    )
    assert created.status_code == 201, created.json()
    calculation_id = created.json()["id"]
    assert (created.json()["status"], created.json()["submitted_by_name"]) == ("submitted", "Ingrid Indiener")

    own = api_as(author).post(f"/api/v1/premiums/calculations/{calculation_id}/approve/")
    assert own.status_code == 403
    assert own.json()["message"] == (
        "U hebt deze berekening zelf ingediend. Een tweede medewerker moet haar beoordelen (vier ogen)."
    )
    assert PremiumCalculation.objects.get(pk=calculation_id).status == CalculationStatus.SUBMITTED

    second = api_as(reviewer).post(f"/api/v1/premiums/calculations/{calculation_id}/approve/")
    assert second.status_code == 200, second.json()
    assert (second.json()["status"], second.json()["reviewed_by_name"]) == ("approved", "Ruud Reviewer")


@pytest.mark.django_db
def test_a_renewal_draft_is_submitted_by_one_insurer_and_approved_by_another(author: User, reviewer: User) -> None:
    construction_firm()
    services.premium_renew(year=2027, today=CALCULATED_ON)
    draft = PremiumCalculation.objects.get()
    with pytest.raises(services.PremiumConflict):
        services.premium_approve(reviewed_by=reviewer, calculation=draft)
    services.premium_submit(submitted_by=author, calculation=draft)
    with pytest.raises(services.PermissionDenied):
        services.premium_approve(reviewed_by=author, calculation=draft)
    approved = services.premium_approve(reviewed_by=reviewer, calculation=draft)
    assert (approved.submitted_by, approved.reviewed_by, approved.status) == (author, reviewer, "approved")


@pytest.mark.django_db
def test_the_database_refuses_a_reviewer_who_is_the_author(author: User) -> None:
    construction_firm()
    services.premium_renew(year=2027, today=CALCULATED_ON)
    draft = PremiumCalculation.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PremiumCalculation.objects.filter(pk=draft.pk).update(
            status=CalculationStatus.APPROVED, submitted_by=author, reviewed_by=author
        )


@pytest.mark.django_db
def test_approving_a_recalculation_replaces_the_earlier_approved_premium(author: User, reviewer: User) -> None:
    policy = construction_firm()
    first = services.premium_calculate(calculated_by=author, policy=policy, year=2027, today=CALCULATED_ON)
    services.premium_approve(reviewed_by=reviewer, calculation=first)
    second = services.premium_calculate(calculated_by=reviewer, policy=policy, year=2027, today=CALCULATED_ON)
    services.premium_approve(reviewed_by=author, calculation=second)
    statuses = dict(PremiumCalculation.objects.values_list("pk", "status"))
    assert statuses == {first.pk: CalculationStatus.SUPERSEDED, second.pk: CalculationStatus.APPROVED}


@pytest.mark.django_db
def test_each_superseded_calculation_gets_an_audit_row(author: User, reviewer: User) -> None:
    policy = construction_firm()
    services.premium_renew(year=2027, today=CALCULATED_ON)
    draft = PremiumCalculation.objects.get()
    # A recalculation replaces the open renewal draft...
    first = services.premium_calculate(calculated_by=author, policy=policy, year=2027, today=CALCULATED_ON)
    services.premium_approve(reviewed_by=reviewer, calculation=first)
    # ...and approving a later one replaces the approved premium.
    second = services.premium_calculate(calculated_by=reviewer, policy=policy, year=2027, today=CALCULATED_ON)
    services.premium_approve(reviewed_by=author, calculation=second)

    superseded = AuditLog.objects.filter(changes__status="superseded").order_by("id")
    assert [(row.object_id, row.actor, row.action, row.employer_id) for row in superseded] == [
        (str(draft.pk), author, "update", policy.employer_id),
        (str(first.pk), author, "update", policy.employer_id),
    ]
    assert [row.changes for row in superseded] == [
        {"year": 2027, "status": "superseded", "previous_status": "draft", "superseded_by": str(first.pk)},
        {"year": 2027, "status": "superseded", "previous_status": "approved", "superseded_by": str(second.pk)},
    ]


@pytest.mark.django_db
def test_reject_needs_a_reason_and_records_it(api_as: ApiAs, author: User, reviewer: User) -> None:
    calculation = services.premium_calculate(
        calculated_by=author, policy=construction_firm(), year=2027, today=CALCULATED_ON
    )
    url = f"/api/v1/premiums/calculations/{calculation.pk}/reject/"
    empty = api_as(reviewer).post(url, {"reason": " "}, format="json")
    assert empty.status_code == 400
    assert empty.json()["fields"] == {"reason": ["Geef aan waarom u de berekening afkeurt."]}
    done = api_as(reviewer).post(url, {"reason": "Loonsom klopt niet met de loonaangifte."}, format="json")
    assert done.status_code == 200
    assert (done.json()["status"], done.json()["review_note"]) == (
        "rejected",
        "Loonsom klopt niet met de loonaangifte.",
    )
    assert AuditLog.objects.filter(object_type="premium_calculation", object_id=str(calculation.pk)).count() == 2


@pytest.mark.django_db
def test_employer_sees_only_its_own_approved_calculations(
    api_as: ApiAs, author: User, reviewer: User, make_user: MakeUser
) -> None:
    policy = construction_firm()
    pending = services.premium_calculate(calculated_by=author, policy=policy, year=2027, today=CALCULATED_ON)
    employer = make_user(Role.EMPLOYER, employer=policy.employer)
    client = api_as(employer)
    assert client.get("/api/v1/premiums/calculations/").json() == []
    assert client.get(f"/api/v1/premiums/calculations/{pending.pk}/").status_code == 404
    services.premium_approve(reviewed_by=reviewer, calculation=pending)
    assert [row["id"] for row in client.get("/api/v1/premiums/calculations/").json()] == [str(pending.pk)]
    assert client.post(f"/api/v1/premiums/calculations/{pending.pk}/approve/").status_code == 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_roles_and_other_employers_get_404(
    api_as: ApiAs, author: User, reviewer: User, make_user: MakeUser, role: Role
) -> None:
    policy = construction_firm()
    calculation = services.premium_calculate(calculated_by=author, policy=policy, year=2027, today=CALCULATED_ON)
    services.premium_approve(reviewed_by=reviewer, calculation=calculation)
    for user in (make_user(role), make_user(Role.EMPLOYER, employer=EmployerFactory())):
        client = api_as(user)
        assert client.get(f"/api/v1/premiums/calculations/{calculation.pk}/").status_code == 404
        assert client.get("/api/v1/premiums/calculations/").json() == []
        created = client.post("/api/v1/premiums/calculations/", {"policy": str(policy.pk), "year": 2027}, format="json")
        assert created.status_code == 404


@pytest.mark.django_db
def test_calculating_without_parameters_for_the_year_is_a_field_error(api_as: ApiAs, author: User) -> None:
    policy = construction_firm()
    response = api_as(author).post(
        "/api/v1/premiums/calculations/", {"policy": str(policy.pk), "year": 2025}, format="json"
    )
    assert response.status_code == 400
    assert "1 januari 2025" in response.json()["fields"]["year"][0]
    assert not PremiumCalculation.objects.exists()
