"""The report to the arbodienst (step report_to_ohs, docs/domain.md §5, issue 19 item 8).

An employer on the policy's arbodienst reports sickness to it by reporting in the portal: the step completes itself
on the report date, done by the system. An employer with an arbodienst of its own completes it by hand.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from cases.absence import services
from cases.absence.models import AbsenceCase, Step, StepState
from cases.professionals import selectors as selectors_professionals
from cases.professionals import services as services_professionals
from cases.professionals.models import EmployerArbodienst
from tests.cases.factories import employer_user_for, own_arbodienst
from tests.factories import EmployeeFactory, EmployerFactory
from verzuim.models import AuditLog, Employee, Employer, Role, User

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 1, 5)
REPORTED = dt.date(2026, 1, 7)  # reported on clock day 3


def report(reporter: User, *, first_sick_day: dt.date = MONDAY, today: dt.date = REPORTED) -> AbsenceCase:
    employee = EmployeeFactory(employer=reporter.employer, employment_start=dt.date(2015, 1, 1))
    case, _created = services.case_report_sickness(
        reported_by=reporter, employee=employee, first_sick_day=first_sick_day, today=today
    )
    return case


def ohs_step(case: AbsenceCase) -> Step:
    return Step.objects.get(case=case, code="report_to_ohs")


def system_completions(case: AbsenceCase) -> list[dict[str, Any]]:
    rows = AuditLog.objects.filter(object_type="absence_case", object_id=str(case.pk), changes__step="report_to_ohs")
    return [{"actor": row.actor_id, "email": row.actor_email, **row.changes} for row in rows]


def record_at(employer: Employer, name: str, on: dt.date) -> EmployerArbodienst:
    """An EmployerArbodienst row as if the employer had recorded it on `on` (noon, Amsterdam)."""
    recorded_at = dt.datetime.combine(on, dt.time(12), tzinfo=timezone.get_current_timezone())
    return EmployerArbodienst.objects.create(
        employer=employer,
        name=name,
        recorded_by=employer_user_for(employer),
        recorded_at=recorded_at,
    )


# --- The selector ---------------------------------------------------------------------------------------------


def test_an_employer_without_any_record_uses_the_policys_arbodienst(employer_user: User) -> None:
    assert selectors_professionals.employer_uses_policy_arbodienst(employer=employer_user.employer, on=MONDAY)


def test_the_newest_record_on_the_day_counts(employer_user: User) -> None:
    employer = employer_user.employer
    record_at(employer, "Arbo Eigen B.V.", dt.date(2026, 1, 10))
    record_at(employer, "", dt.date(2026, 2, 1))  # back on the policy's arbodienst

    def uses_policy(on: dt.date) -> bool:
        return selectors_professionals.employer_uses_policy_arbodienst(employer=employer, on=on)

    assert uses_policy(dt.date(2026, 1, 9))
    assert not uses_policy(dt.date(2026, 1, 10))  # recorded that day: counts for the whole day
    assert not uses_policy(dt.date(2026, 1, 31))
    assert uses_policy(dt.date(2026, 2, 1))


def test_another_employers_record_does_not_count(employer_user: User) -> None:
    own_arbodienst(EmployerFactory())
    assert selectors_professionals.employer_uses_policy_arbodienst(employer=employer_user.employer, on=MONDAY)


# --- The policy's arbodienst: completed by the system on the report date ----------------------------------------


def test_on_the_policys_arbodienst_the_report_completes_the_step_on_the_report_date(employer_user: User) -> None:
    case = report(employer_user)
    step = ohs_step(case)
    assert (step.state, step.completed_on, step.completed_by, step.due_date) == (
        StepState.DONE,
        REPORTED,
        None,
        dt.date(2026, 1, 11),
    )
    assert (
        step.note == "Automatisch afgerond: de ziekmelding in het portaal is de melding aan de arbodienst van de polis."
    )
    assert step.status_on(dt.date(2026, 3, 1)) == "done"  # never overdue
    assert system_completions(case) == [
        {
            "actor": None,
            "email": "",
            "step": "report_to_ohs",
            "sequence": 1,
            "completed_on": "2026-01-07",
            "completed_by": "system",
        }
    ]


def test_a_late_report_completes_the_step_on_the_day_it_was_made(employer_user: User) -> None:
    # Reported on clock day 11: the arbodienst heard of it then, after its day 7; done, late, not overdue.
    case = report(employer_user, today=dt.date(2026, 1, 15))
    step = ohs_step(case)
    assert (step.state, step.completed_on, step.due_date) == (
        StepState.DONE,
        dt.date(2026, 1, 15),
        dt.date(2026, 1, 11),
    )


def test_an_employer_back_on_the_policys_arbodienst_reports_through_the_portal_again(employer_user: User) -> None:
    record_at(employer_user.employer, "Arbo Eigen B.V.", dt.date(2025, 6, 1))
    record_at(employer_user.employer, "", dt.date(2025, 12, 1))
    assert ohs_step(report(employer_user)).state == StepState.DONE


def test_a_relapse_keeps_the_first_report_and_audits_nothing_again(employer_user: User) -> None:
    case = report(employer_user)
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=dt.date(2026, 1, 20), recovered_pct=100, today=dt.date(2026, 1, 20)
    )
    services.case_report_sickness(
        reported_by=employer_user, employee=case.employee, first_sick_day=dt.date(2026, 2, 1), today=dt.date(2026, 2, 1)
    )
    assert ohs_step(case).completed_on == REPORTED
    assert len(system_completions(case)) == 1


def test_the_sickness_report_page_completes_the_step(employer_user: User, client: Client) -> None:
    employee = cast(Employee, EmployeeFactory(employer=employer_user.employer, employment_start=dt.date(2015, 1, 1)))
    client.force_login(employer_user)
    first_sick_day = timezone.localdate() - dt.timedelta(days=9)
    response = client.post(
        "/verzuim/ziekmelden/",
        {
            "employee": str(employee.pk),
            "first_sick_day": f"{first_sick_day:%Y-%m-%d}",
            "safety_net": "nee",
            "work_accident": "nee",
            "third_party_liable": "nee",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][1] == 302
    case = AbsenceCase.objects.get(employee=employee)
    step = ohs_step(case)
    assert (step.state, step.completed_on, step.completed_by) == (StepState.DONE, timezone.localdate(), None)
    # The dossier's steps say so, with why, to the employer.
    assert response.redirect_chain[-1][0] == f"/verzuim/{case.pk}/"
    page = " ".join(client.get(f"/verzuim/{case.pk}/stappen/").content.decode().split())
    done_on = f'<span class="nowrap">{timezone.localdate():%d-%m-%Y}</span>'
    assert f'Afgerond</span> <p class="step-detail">op {done_on}</p>' in page
    assert "de ziekmelding in het portaal is de melding aan de arbodienst van de polis" in page


def test_the_api_report_completes_the_step(employer_user: User, api_as: Callable[[User], APIClient]) -> None:
    employee = EmployeeFactory(employer=employer_user.employer, employment_start=dt.date(2015, 1, 1))
    client = api_as(employer_user)
    response = client.post(
        "/api/v1/absences/", {"employee": str(employee.pk), "first_sick_day": "2026-01-05"}, format="json"
    )
    assert response.status_code == 201, response.json()
    steps = {row["code"]: row for row in client.get(f"/api/v1/absences/{response.json()['id']}/steps/").json()}
    assert steps["report_to_ohs"]["status"] == "done"
    assert steps["report_to_ohs"]["completed_on"] is not None


def test_a_case_recorded_before_the_rule_is_completed_at_its_next_recompute(employer_user: User) -> None:
    case = report(employer_user)
    # As a case stored before the rule existed: the step still open.
    Step.objects.filter(case=case, code="report_to_ohs").update(state=StepState.OPEN, completed_on=None, note="")
    services.case_recompute_steps(case=case)
    step = ohs_step(case)
    assert (step.state, step.completed_on, step.completed_by) == (
        StepState.DONE,
        timezone.localdate(case.created_at),  # the day the case was recorded
        None,
    )
    assert len(system_completions(case)) == 2


def test_a_closed_case_is_not_completed_afterwards(employer_user: User) -> None:
    case = report(employer_user)
    services.case_report_recovery(
        reported_by=employer_user, case=case, date=dt.date(2026, 1, 8), recovered_pct=100, today=dt.date(2026, 1, 8)
    )
    Step.objects.filter(case=case, code="report_to_ohs").update(state=StepState.OPEN, completed_on=None, note="")
    services.case_close_recovered(today=dt.date(2026, 2, 10))
    assert ohs_step(case).state == StepState.NOT_APPLICABLE


# --- An arbodienst of its own: the employer completes the step by hand ----------------------------------------


def test_with_an_arbodienst_of_its_own_the_step_stays_open(employer_user: User) -> None:
    own_arbodienst(employer_user.employer)
    case = report(employer_user)
    step = ohs_step(case)
    assert (step.state, step.completed_on, step.due_date) == (StepState.OPEN, None, dt.date(2026, 1, 11))
    assert step.status_on(dt.date(2026, 1, 12)) == "overdue"
    assert system_completions(case) == []
    services.step_complete(
        completed_by=employer_user, case=case, code="report_to_ohs", completed_on=dt.date(2026, 1, 6), today=REPORTED
    )
    done = ohs_step(case)
    assert (done.state, done.completed_on, done.completed_by) == (StepState.DONE, dt.date(2026, 1, 6), employer_user)


def test_an_arbodienst_recorded_through_the_portal_keeps_later_reports_open(employer_user: User) -> None:
    services_professionals.employer_arbodienst_record(
        recorded_by=employer_user, employer=employer_user.employer, name="Arbo Eigen B.V.", certificate_number=""
    )
    case = report(employer_user, first_sick_day=timezone.localdate(), today=timezone.localdate())
    assert ohs_step(case).state == StepState.OPEN


def test_switching_arbodienst_later_changes_no_reported_case(employer_user: User, make_user: Any) -> None:
    employer = employer_user.employer
    on_policy = report(employer_user)
    own_arbodienst(employer)
    services.case_recompute_steps(case=on_policy, today=dt.date(2026, 1, 9))
    assert ohs_step(on_policy).completed_on == REPORTED  # the report was made to the policy's arbodienst

    other_user = make_user(Role.EMPLOYER, employer=EmployerFactory())
    own_arbodienst(other_user.employer)
    today = timezone.localdate()
    with_own = report(other_user, first_sick_day=today - dt.timedelta(days=8), today=today - dt.timedelta(days=5))
    AbsenceCase.objects.filter(pk=with_own.pk).update(created_at=timezone.now() - dt.timedelta(days=5))
    with_own.refresh_from_db()
    services_professionals.employer_arbodienst_record(
        recorded_by=other_user, employer=other_user.employer, name="", certificate_number=""
    )
    services.case_recompute_steps(case=with_own, today=today)
    assert ohs_step(with_own).state == StepState.OPEN  # reported to its own arbodienst: still to be confirmed


def test_the_own_arbodienst_page_tells_the_employer_what_the_choice_means(employer_user: User, client: Client) -> None:
    client.force_login(employer_user)
    page = " ".join(client.get("/werkgever/arbodienst/").content.decode().split())
    assert (
        "Gebruikt u de arbodienst van de polis, dan is uw ziekmelding in dit portaal meteen de melding aan de "
        "arbodienst. Met een eigen arbodienst meldt u ziekte daar zelf en rondt u daarna in het portaal de stap "
        "“Ziekmelding aan de arbodienst” af."
    ) in page
