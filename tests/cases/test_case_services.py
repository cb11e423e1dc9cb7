"""Case services: daily sweeps, casemanager (re)assignment with history, step recomputation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.absence import services
from cases.absence.models import AbsenceCase, CaseAssignment, Step
from tests.cases.factories import own_arbodienst
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.models import AuditLog, Role, User

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 5)


def sick(reporter: User, *, first_sick_day: dt.date = MONDAY, today: dt.date = MONDAY, **extra: object) -> AbsenceCase:
    employee = EmployeeFactory(employer=reporter.employer)
    case, _ = services.case_report_sickness(
        reported_by=reporter, employee=employee, first_sick_day=first_sick_day, today=today, **extra
    )
    return case


def step(case: AbsenceCase, code: str) -> Step:
    return case.steps.get(code=code, sequence=1)


def test_sweep_closes_a_case_on_the_28th_recovered_day_and_not_before(employer_user: User) -> None:
    case = sick(employer_user)
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=dt.date(2026, 1, 20), recovered_pct=100, today=dt.date(2026, 1, 20)
    )
    # Last sick day 2026-01-19; the 28th recovered day is 2026-02-16.
    assert services.case_close_recovered(today=dt.date(2026, 2, 15)) == 0
    assert services.case_close_recovered(today=dt.date(2026, 2, 16)) == 1
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.close_reason) == ("closed", dt.date(2026, 2, 16), "recovered")
    assert step(case, "problem_analysis").status_on(dt.date(2026, 2, 16)) == "not_applicable"
    assert services.case_close_recovered(today=dt.date(2026, 3, 1)) == 0


def test_recovered_gap_suspends_future_deadlines(employer_user: User) -> None:
    case = sick(employer_user)
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=dt.date(2026, 1, 20), recovered_pct=100, today=dt.date(2026, 1, 21)
    )
    analysis = step(case, "problem_analysis")
    assert analysis.due_date is None
    assert analysis.status_on(dt.date(2026, 1, 21)) == "suspended"
    assert step(case, "report_to_ohs").due_date == dt.date(2026, 1, 11)


def test_sweep_assigns_a_casemanager_to_a_case_still_sick_on_day_14(
    employer_user: User, make_user: Callable[..., User]
) -> None:
    case = sick(employer_user)
    casemanager = make_user(Role.CASEMANAGER)
    assert services.case_assign_due_casemanagers(today=dt.date(2026, 1, 17)) == 0  # day 13
    assert services.case_assign_due_casemanagers(today=dt.date(2026, 1, 18)) == 1  # day 14
    case.refresh_from_db()
    assert case.casemanager == casemanager
    assigned = step(case, "casemanager_assigned")
    assert (assigned.state, assigned.completed_on) == ("done", dt.date(2026, 1, 18))
    assert services.case_assign_due_casemanagers(today=dt.date(2026, 1, 19)) == 0


def test_without_any_casemanager_the_step_is_due_on_day_14_and_nothing_fails(employer_user: User) -> None:
    case = sick(employer_user)
    assert services.case_assign_due_casemanagers(today=dt.date(2026, 1, 20)) == 0
    assigned = step(case, "casemanager_assigned")
    assert assigned.due_date == dt.date(2026, 1, 18)
    assert assigned.status_on(dt.date(2026, 1, 20)) == "overdue"


def test_rule_prefers_the_employers_own_casemanager_then_the_region(
    employer_user: User, make_user: Callable[..., User]
) -> None:
    own = make_user(Role.CASEMANAGER, email="z-own@example.nl")
    make_user(Role.CASEMANAGER, email="a-other@example.nl")
    employer = employer_user.employer
    employer.casemanager = own
    employer.save()
    assert sick(employer_user, expected_duration_days=40).casemanager == own

    regional_employer = EmployerFactory(region="Noord")
    reporter = make_user(Role.EMPLOYER, employer=regional_employer)
    north = make_user(Role.CASEMANAGER, email="y-north@example.nl", region="Noord")
    assert sick(reporter, expected_duration_days=40).casemanager == north


def test_insurer_reassigns_and_the_history_is_kept(employer_user: User, make_user: Callable[..., User]) -> None:
    first = make_user(Role.CASEMANAGER, email="a@example.nl")
    second = make_user(Role.CASEMANAGER, email="b@example.nl")
    insurer = make_user(Role.INSURER)
    case = sick(employer_user, expected_duration_days=40)
    assert case.casemanager == first
    services.case_assign_casemanager(case=case, casemanager=second, assigned_by=insurer, reason="Vakantie")
    history = list(CaseAssignment.objects.filter(case=case).values_list("casemanager__email", "assigned_by"))
    assert history == [("a@example.nl", None), ("b@example.nl", insurer.pk)]
    assert AuditLog.objects.filter(object_id=str(case.pk), actor=insurer).exists()


def test_assigning_someone_who_is_not_a_casemanager_is_refused(
    employer_user: User, make_user: Callable[..., User]
) -> None:
    case = sick(employer_user)
    with pytest.raises(ValidationError) as exc:
        services.case_assign_casemanager(case=case, casemanager=make_user(Role.INSURER), reason="x")
    assert exc.value.message_dict == {"casemanager": ["Deze gebruiker is geen actieve casemanager."]}
    case.refresh_from_db()
    assert case.casemanager is None


def test_completed_steps_keep_their_history_when_dates_move(
    employer_user: User, make_user: Callable[..., User]
) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    own_arbodienst(employer_user.employer)  # the report to the arbodienst is then completed by hand
    case = sick(employer_user)
    services.step_complete(
        completed_by=casemanager,
        case=case,
        code="report_to_ohs",
        completed_on=dt.date(2026, 1, 6),
        note="Arbodienst gebeld",
        today=dt.date(2026, 1, 6),
    )
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=dt.date(2026, 1, 20), recovered_pct=100, today=dt.date(2026, 1, 20)
    )
    services.case_report_sickness(
        reported_by=employer_user, employee=case.employee, first_sick_day=dt.date(2026, 2, 1), today=dt.date(2026, 2, 1)
    )
    done = step(case, "report_to_ohs")
    assert (done.state, done.completed_on, done.completed_by, done.note) == (
        "done",
        dt.date(2026, 1, 6),
        casemanager,
        "Arbodienst gebeld",
    )
    # 12 recovered days (2026-01-20 .. 2026-01-31) move the problem analysis from 2026-02-15 to 2026-02-27.
    assert step(case, "problem_analysis").due_date == dt.date(2026, 2, 27)


def test_review_chain_grows_as_reviews_are_completed(employer_user: User, make_user: Callable[..., User]) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    case = sick(employer_user)
    case.casemanager = casemanager
    case.save()
    services.step_complete(
        completed_by=employer_user,
        case=case,
        code="action_plan",
        completed_on=dt.date(2026, 2, 20),
        today=dt.date(2026, 2, 20),
    )
    first_review = case.steps.get(code="action_plan_review", sequence=1)
    assert first_review.due_date == dt.date(2026, 4, 3)
    services.step_complete(
        completed_by=casemanager,
        case=case,
        code="action_plan_review",
        completed_on=dt.date(2026, 4, 1),
        today=dt.date(2026, 4, 1),
    )
    reviews = list(
        case.steps.filter(code="action_plan_review").order_by("sequence").values_list("sequence", "state", "due_date")
    )
    assert reviews == [(1, "done", dt.date(2026, 4, 3)), (2, "open", dt.date(2026, 5, 13))]


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.OCCUPATIONAL_PHYSICIAN])
def test_employer_and_physician_cannot_attach_a_note_to_a_step(
    employer_user: User, make_user: Callable[..., User], role: Role
) -> None:
    own_arbodienst(employer_user.employer)  # the report to the arbodienst is then the employer's to complete
    case = sick(employer_user)
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    actor, code = (employer_user, "report_to_ohs") if role == Role.EMPLOYER else (physician, "problem_analysis")
    with pytest.raises(ValidationError) as exc:
        services.step_complete(
            completed_by=actor,
            case=case,
            code=code,
            completed_on=dt.date(2026, 1, 6),
            note="Diagnose: burn-out",
            today=dt.date(2026, 1, 6),
        )
    assert exc.value.message_dict == {
        "note": ["Bij deze rol hoort geen notitie: leg hier geen gegevens over de ziekte vast."]
    }
    assert step(case, code).state == "open"


def test_a_new_report_reads_the_steps_once_and_checks_no_key_the_database_guarantees(employer_user: User) -> None:
    employee = EmployeeFactory(employer=employer_user.employer)
    with CaptureQueriesContext(connection) as queries:
        case, created = services.case_report_sickness(
            reported_by=employer_user, employee=employee, first_sick_day=MONDAY, today=MONDAY
        )
    assert created
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    step_reads = [sql for sql in selects if 'FROM "cases_step"' in sql]
    period_reads = [sql for sql in selects if 'FROM "cases_sickperiod"' in sql]
    case_key_checks = [sql for sql in selects if sql.startswith('SELECT 1 AS "a" FROM "cases_absencecase"')]
    # The engine reads the new case's steps (none) once, its period for the engine and once for the
    # casemanager rule; the fresh UUID key is not looked up before the insert.
    assert (len(step_reads), len(period_reads), len(case_key_checks)) == (1, 2, 0)
    assert Step.objects.filter(case=case).count() > 0
