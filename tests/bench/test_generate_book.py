"""The benchmarks' general book (bench/generate.py) keeps its shape: a tiny book, on either database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.db.models import Count, Min

from bench.generate import CASES_FROM, FullBookPlan, full_book_exists, full_book_generate
from bench.renewal import rss_at
from cases.absence.models import AbsenceCase, CaseStatus, SickPeriod, Step
from complaints import deadlines
from complaints.models import Complaint, ComplaintEventKind, ComplaintStatus
from complaints.services import complaint_reference_next
from premiums.models import CalculationStatus, Policy, PolicyStatus, PremiumCalculation
from premiums.services import premium_renew
from verzuim.models import Employee, Employer, Role, User

PLAN = FullBookPlan(employers=40, open_cases=8, closed_cases=40, seed=7)

pytestmark = pytest.mark.django_db


def test_every_employer_has_employees_and_one_active_policy() -> None:
    summary = full_book_generate(plan=PLAN)

    assert Employer.objects.count() == summary.rows["employers"] == 40
    per_employer = Employer.objects.annotate(
        n_policies=Count("policies", distinct=True), n_employees=Count("employees", distinct=True)
    )
    assert {employer.n_policies for employer in per_employer} == {1}
    assert min(employer.n_employees for employer in per_employer) >= 1
    assert Employee.objects.count() == summary.rows["employees"] > 40
    assert set(Policy.objects.values_list("status", flat=True)) == {PolicyStatus.ACTIVE}
    starts = Policy.objects.values_list("start_date", flat=True)
    assert all(dt.date(2019, 1, 1) <= start <= PLAN.today for start in starts)
    assert full_book_exists()


def test_every_case_has_its_periods_steps_and_an_employee_employed_then() -> None:
    summary = full_book_generate(plan=PLAN)

    assert AbsenceCase.objects.filter(status=CaseStatus.OPEN).count() == summary.open_cases == 8
    assert AbsenceCase.objects.filter(status=CaseStatus.CLOSED).count() == summary.closed_cases == 40
    cases = AbsenceCase.objects.annotate(first_period=Min("periods__start"), steps_count=Count("steps"))
    for case in cases.select_related("employee"):
        assert case.first_period == case.first_sick_day >= CASES_FROM
        assert case.steps_count >= 15
        assert case.employer_id == case.employee.employer_id
        assert case.employee.employment_start <= case.first_sick_day
    assert SickPeriod.objects.count() == summary.rows["periods"] >= 48
    assert Step.objects.count() == summary.rows["steps"]
    open_employees = list(AbsenceCase.objects.filter(status=CaseStatus.OPEN).values_list("employee_id", flat=True))
    assert len(set(open_employees)) == len(open_employees)


def test_most_employers_have_an_approved_premium_reviewed_by_a_second_insurer() -> None:
    summary = full_book_generate(plan=PLAN)

    calculations = list(PremiumCalculation.objects.all())
    assert len(calculations) == summary.approved_calculations >= 30
    insurers = set(User.objects.filter(role=Role.INSURER).values_list("id", flat=True))
    for calculation in calculations:
        assert (calculation.year, calculation.status) == (PLAN.premium_year, CalculationStatus.APPROVED)
        assert calculation.submitted_by_id in insurers
        assert calculation.reviewed_by_id in insurers
        assert calculation.submitted_by_id != calculation.reviewed_by_id
        assert calculation.employee_count == len(calculation.inputs["employees"])


def test_the_next_years_renewal_caps_against_the_approved_factors() -> None:
    summary = full_book_generate(plan=PLAN)

    report = premium_renew(year=PLAN.premium_year + 1, today=dt.date(PLAN.premium_year, 11, 1))

    assert report.created == 40
    assert not report.problems
    drafts = PremiumCalculation.objects.filter(year=PLAN.premium_year + 1)
    assert drafts.filter(previous_own_absence_factor__isnull=False).count() == summary.approved_calculations


def test_the_same_seed_gives_the_same_book() -> None:
    def fingerprint() -> list[list[tuple[object, ...]]]:
        return [
            list(Employee.objects.order_by("id").values_list("id", "employer_id", "date_of_birth", "yearly_wage")),
            list(Policy.objects.order_by("id").values_list("id", "start_date", "waiting_days", "coverage")),
            list(AbsenceCase.objects.order_by("id").values_list("id", "employee_id", "first_sick_day", "closed_on")),
            list(SickPeriod.objects.order_by("id").values_list("case_id", "start", "end")),
            list(PremiumCalculation.objects.order_by("id").values_list("id", "premium", "own_absence_factor")),
        ]

    with transaction.atomic():
        full_book_generate(plan=PLAN)
        first = fingerprint()
        transaction.set_rollback(True)
    assert not Employer.objects.exists()

    full_book_generate(plan=PLAN)

    assert fingerprint() == first


def test_the_renewal_benchmark_reads_the_memory_at_each_quarter_of_the_run() -> None:
    samples = [(0.0, 100), (0.5, 200), (1.0, 300), (1.5, 310), (2.0, 320), (3.5, 330)]

    assert rss_at(samples, 4.0) == [300, 320, 320, 330]


def test_complaints_are_numbered_per_year_with_real_deadlines_and_a_consistent_history() -> None:
    plan = FullBookPlan(employers=40, open_cases=2, closed_cases=4, seed=7, complaints_per_employer_year=0.5)
    summary = full_book_generate(plan=plan)

    complaints = list(Complaint.objects.all())
    assert len(complaints) == summary.complaints == summary.rows["complaints"] > 40
    statuses = {complaint.status for complaint in complaints}
    assert ComplaintStatus.CLOSED in statuses
    assert len(statuses) > 1  # the recent ones are still being handled
    for complaint in complaints:
        assert CASES_FROM <= complaint.received_on <= plan.today
        assert complaint.reference.startswith(f"KL-{complaint.received_on.year}-")
        assert complaint.acknowledge_by == deadlines.acknowledge_by(complaint.received_on, 5)
        assert complaint.answer_by == deadlines.answer_by(complaint.received_on, 6)
        days = [d for d in (complaint.acknowledged_on, complaint.answered_on, complaint.closed_on) if d is not None]
        assert days == sorted(days)
        assert all(d <= plan.today for d in days)
        assert (complaint.outcome != "") == (complaint.status == ComplaintStatus.CLOSED)
        kinds = list(complaint.events.values_list("kind", flat=True))
        assert kinds[0] == ComplaintEventKind.RECEIVED
        assert len(kinds) == 1 + len(days)
    # The desk numbers on after the generated ones.
    last_year = max(c.received_on.year for c in complaints)
    with transaction.atomic():
        next_reference = complaint_reference_next(year=last_year)
    assert next_reference not in {c.reference for c in complaints}
