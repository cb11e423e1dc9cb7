"""The poortwachter check (documents.check, docs/api.md "poortwachter-check"): which parts of the re-integration report
are missing or late on a given day, per part, on cases built through the services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from cases.absence import services
from cases.absence.models import AbsenceCase, Step, StepState
from cases.documents.check import PART_STEPS, case_check, poortwachter_check
from cases.documents.models import DocumentPart, DocumentState, ReintegrationDocument
from tests.cases.factories import make_case
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory
from verzuim.models import Employee, Role, User

ApiAs = Callable[[User], APIClient]

FIRST_SICK_DAY = dt.date(2024, 1, 1)


def day(n: int, first: dt.date = FIRST_SICK_DAY) -> dt.date:
    """The date of clock day n of a case without recovery (day 1 is the first sick day)."""
    return first + dt.timedelta(days=n - 1)


@dataclass
class Team:
    employer_user: User
    casemanager: User
    physician: User
    employee: Employee


def make_team() -> Team:
    employer = EmployerFactory()
    casemanager = UserFactory(role=Role.CASEMANAGER, full_name="Carla Casemanager")
    physician = UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN, full_name="Bart Bedrijfsarts")
    employer.casemanager = casemanager
    employer.occupational_physician = physician
    employer.save()
    employer_user = UserFactory(role=Role.EMPLOYER, employer=employer, full_name="Wim Werkgever")
    employee = EmployeeFactory(employer=employer, first_name="Ruud", last_name="Verslagman")
    return Team(employer_user=employer_user, casemanager=casemanager, physician=physician, employee=employee)


def complete(team: Team, case: AbsenceCase, code: str, on: dt.date) -> Step:
    by_owner = {
        "problem_analysis": team.physician,
        "current_assessment": team.physician,
        "action_plan_review": team.casemanager,
        "labour_expert_assessment": team.casemanager,
    }
    user = by_owner.get(code, team.employer_user)
    return services.step_complete(completed_by=user, case=case, code=code, completed_on=on, today=on)


def open_step(case: AbsenceCase, code: str) -> Step:
    step = case.steps.filter(code=code, state=StepState.OPEN).order_by("sequence").first()
    assert step is not None, code
    return step


def start_case(team: Team, first: dt.date = FIRST_SICK_DAY) -> AbsenceCase:
    case, _created = services.case_report_sickness(
        reported_by=team.employer_user, employee=team.employee, first_sick_day=first, today=first
    )
    services.case_assign_casemanager(case=case, reason="Vaste casemanager", casemanager=team.casemanager, today=day(14))
    case.refresh_from_db()
    return case


def reviewed_case(team: Team) -> AbsenceCase:
    """The acceptance case: problem analysis (day 37), plan (day 51) and two reviews (days 89 and 129), on time.

    The plan is due two weeks after the analysis (Regeling procesgang art. 4 lid 1): day 51. The analysis was on
    day 36 under the old week-8 floor, which would now make the plan a day late.

    The third review is then due on day 171 (2024-06-19), 42 days after the second.
    """
    case = start_case(team)
    complete(team, case, "problem_analysis", day(37))
    complete(team, case, "action_plan", day(51))
    complete(team, case, "action_plan_review", day(89))
    complete(team, case, "action_plan_review", day(129))
    return case


def keep_reviews_current(team: Team, case: AbsenceCase, until: dt.date) -> None:
    """Hold every plan review on its due date until the next one falls after `until`."""
    while (step := open_step(case, "action_plan_review")).due_date and step.due_date <= until:
        complete(team, case, "action_plan_review", step.due_date)


def add_document(case: AbsenceCase, part: str, on: dt.date, *, sequence: int = 1, **fields: Any) -> Any:
    values: dict[str, Any] = {
        "state": DocumentState.FINAL,
        "finalised_at": timezone.make_aware(dt.datetime.combine(on, dt.time(12))),
        "content": {},
        **fields,
    }
    return ReintegrationDocument.objects.create(case=case, part=part, sequence=sequence, document_date=on, **values)


def missing(case: AbsenceCase, on: dt.date) -> list[tuple[str, int, str, dt.date | None]]:
    return [(item.code, item.sequence, item.status, item.due_date) for item in case_check(case=case, today=on).missing]


@pytest.fixture
def team(db: Any) -> Team:
    return make_team()


# --- The acceptance case: problem analysis, plan and two reviews ------------------------------------------------


def test_nothing_is_missing_while_the_next_review_is_still_ahead(team: Team) -> None:
    case = reviewed_case(team)
    result = case_check(case=case, today=dt.date(2024, 6, 19))
    assert result.complete
    assert result.missing == ()


def test_the_third_review_is_missing_the_day_after_its_due_date(team: Team) -> None:
    case = reviewed_case(team)
    assert missing(case, dt.date(2024, 6, 20)) == [("action_plan_review", 3, "overdue", dt.date(2024, 6, 19))]


def test_a_review_held_after_its_due_date_is_late(team: Team) -> None:
    case = reviewed_case(team)
    complete(team, case, "action_plan_review", dt.date(2024, 6, 25))
    result = case_check(case=case, today=dt.date(2024, 6, 26))
    assert [(i.code, i.sequence, i.status, i.due_date, i.completed_on) for i in result.missing] == [
        ("action_plan_review", 3, "late", dt.date(2024, 6, 19), dt.date(2024, 6, 25))
    ]
    assert not result.complete


def test_the_first_year_review_is_missing_after_week_52(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, dt.date(2024, 12, 30))
    assert missing(case, day(364)) == []
    assert missing(case, day(365)) == [("first_year_review", 1, "overdue", day(364))]


def test_final_review_current_assessment_and_employee_view_are_due_on_day_637(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(640))
    complete(team, case, "first_year_review", day(350))
    assert missing(case, day(637)) == []
    assert missing(case, day(638)) == [
        ("current_assessment", 1, "overdue", day(637)),
        ("final_review", 1, "overdue", day(637)),
        ("employee_view", 1, "overdue", day(637)),
    ]


def test_the_current_assessment_alone_is_missing(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(640))
    complete(team, case, "first_year_review", day(350))
    complete(team, case, "final_review", day(630))
    add_document(case, DocumentPart.EMPLOYEE_VIEW, day(632), content={"view": "Ik wil graag terug."})
    assert missing(case, day(638)) == [("current_assessment", 1, "overdue", day(637))]


def test_the_final_review_alone_is_missing(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(640))
    complete(team, case, "first_year_review", day(350))
    complete(team, case, "current_assessment", day(620))
    add_document(case, DocumentPart.EMPLOYEE_VIEW, day(632))
    assert missing(case, day(638)) == [("final_review", 1, "overdue", day(637))]


def test_the_employee_view_alone_is_missing_even_after_the_final_review(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(640))
    complete(team, case, "first_year_review", day(350))
    complete(team, case, "current_assessment", day(620))
    complete(team, case, "final_review", day(630))
    # A draft is not a view the employee gave: it does not count.
    add_document(case, DocumentPart.EMPLOYEE_VIEW, day(631), state=DocumentState.DRAFT, finalised_at=None)
    assert missing(case, day(638)) == [("employee_view", 1, "overdue", day(637))]


def test_an_employee_view_given_after_day_637_is_late(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(650))
    complete(team, case, "first_year_review", day(350))
    complete(team, case, "current_assessment", day(620))
    complete(team, case, "final_review", day(630))
    add_document(case, DocumentPart.EMPLOYEE_VIEW, day(645))
    result = case_check(case=case, today=day(646))
    assert [(i.code, i.status, i.due_date, i.completed_on) for i in result.missing] == [
        ("employee_view", "late", day(637), day(645))
    ]


def test_the_labour_expert_report_is_no_part_while_nobody_made_or_advised_it(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(400))
    complete(team, case, "first_year_review", day(350))
    # Its step is open and past day 364, but without an assessment there is no report to miss.
    assert open_step(case, "labour_expert_assessment").status_on(day(400)) == "overdue"
    result = case_check(case=case, today=day(400))
    assert result.complete
    assert DocumentPart.LABOUR_EXPERT_REPORT not in {part.code for part in result.parts}


def test_a_labour_expert_assessment_done_after_day_364_makes_the_report_late(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(400))
    complete(team, case, "first_year_review", day(350))
    complete(team, case, "labour_expert_assessment", day(380))
    assert missing(case, day(400)) == [("labour_expert_report", 1, "late", day(364))]


def test_an_uploaded_labour_expert_report_counts_on_its_document_date(team: Team) -> None:
    case = reviewed_case(team)
    keep_reviews_current(team, case, day(400))
    complete(team, case, "first_year_review", day(350))
    add_document(case, DocumentPart.LABOUR_EXPERT_REPORT, day(360), content={"author": "A. Deskundige"})
    result = case_check(case=case, today=day(400))
    assert result.complete
    (report,) = [part for part in result.parts if part.code == DocumentPart.LABOUR_EXPERT_REPORT]
    assert (report.status, report.completed_on, report.due_date) == ("done", day(360), day(364))


# --- The first two parts, on cases of their own --------------------------------------------------------------


def test_the_problem_analysis_is_missing_after_week_6(team: Team) -> None:
    case = start_case(team)
    assert missing(case, day(42)) == []
    assert missing(case, day(43)) == [("problem_analysis", 1, "overdue", day(42))]


def test_a_problem_analysis_after_week_6_is_late(team: Team) -> None:
    case = start_case(team)
    complete(team, case, "problem_analysis", day(45))
    # The plan is then due 14 days after the late analysis (day 59), so on day 57 only the analysis is a fault.
    assert missing(case, day(57)) == [("problem_analysis", 1, "late", day(42))]


# The plan is due two weeks after the analysis (Regeling procesgang art. 4 lid 1); these tests expected week 8
# (day 56) under the old max(56, analysis + 14) rule.
def test_the_action_plan_is_missing_two_weeks_after_the_analysis(team: Team) -> None:
    case = start_case(team)
    complete(team, case, "problem_analysis", day(36))
    assert missing(case, day(50)) == []
    assert missing(case, day(51)) == [("action_plan", 1, "overdue", day(50))]


def test_the_action_plan_is_missing_after_week_8_without_an_analysis(team: Team) -> None:
    case = start_case(team)
    complete(team, case, "problem_analysis", day(45))
    case.steps.filter(code="problem_analysis").delete()  # no analysis recorded at all
    services.case_recompute_steps(case=case, today=day(57))
    plan = next(part for part in case_check(case=case, today=day(57)).parts if part.code == DocumentPart.ACTION_PLAN)
    assert (plan.status, plan.due_date) == ("overdue", day(56))


def test_an_action_plan_more_than_two_weeks_after_the_analysis_is_late(team: Team) -> None:
    case = start_case(team)
    complete(team, case, "problem_analysis", day(36))
    complete(team, case, "action_plan", day(60))
    assert missing(case, day(61)) == [("action_plan", 1, "late", day(50))]


def test_deadlines_are_suspended_while_the_employee_is_recovered(team: Team) -> None:
    case = start_case(team)
    complete(team, case, "problem_analysis", day(36))
    services.case_report_recovery(
        reported_by=team.employer_user, case=case, date=day(50), recovered_pct=100, today=day(50)
    )
    result = case_check(case=case, today=day(70))
    assert result.complete
    plan = next(part for part in result.parts if part.code == DocumentPart.ACTION_PLAN)
    assert (plan.status, plan.due_date) == ("suspended", None)


# --- The API and the case page ---------------------------------------------------------------------------------


def test_api_answers_complete_and_the_missing_parts(api_as: ApiAs, team: Team) -> None:
    first = timezone.localdate() - dt.timedelta(days=50)
    case = start_case(team, first)
    response = api_as(team.employer_user).get(f"/api/v1/absences/{case.pk}/poortwachter-check/")
    assert response.status_code == 200
    assert response.json() == {
        "complete": False,
        "missing": [
            {
                "code": "problem_analysis",
                "title": "Probleemanalyse",
                "due_date": (first + dt.timedelta(days=41)).isoformat(),
                "status": "overdue",
                "step": "problem_analysis",
                "sequence": 1,
                "completed_on": None,
            }
        ],
    }


def test_api_reports_a_complete_case(api_as: ApiAs, team: Team) -> None:
    case = start_case(team, timezone.localdate() - dt.timedelta(days=10))
    response = api_as(team.casemanager).get(f"/api/v1/absences/{case.pk}/poortwachter-check/")
    assert response.status_code == 200
    assert response.json() == {"complete": True, "missing": []}


def test_insurer_staff_see_the_check_it_is_progress_data(api_as: ApiAs, team: Team, make_user: Any) -> None:
    case = start_case(team, timezone.localdate() - dt.timedelta(days=50))
    response = api_as(make_user(Role.INSURER)).get(f"/api/v1/absences/{case.pk}/poortwachter-check/")
    assert response.status_code == 200
    assert [item["code"] for item in response.json()["missing"]] == ["problem_analysis"]


@pytest.mark.parametrize("role", [Role.EMPLOYER, Role.COMPLAINT_HANDLER])
def test_api_check_of_a_case_that_is_not_yours_is_404(api_as: ApiAs, team: Team, make_user: Any, role: Role) -> None:
    case = start_case(team, timezone.localdate() - dt.timedelta(days=50))
    response = api_as(make_user(role)).get(f"/api/v1/absences/{case.pk}/poortwachter-check/")
    assert response.status_code == 404
    assert response.json() == {"message": "Niet gevonden.", "code": "not_found", "fields": {}}


def test_case_page_shows_the_checklist_with_each_status_in_words(client: Client, team: Team) -> None:
    case = start_case(team, timezone.localdate() - dt.timedelta(days=50))
    client.force_login(team.employer_user)
    html = client.get(f"/verzuim/{case.pk}/stappen/").content.decode()
    assert 'aria-labelledby="poortwachtercheck"' in html
    assert "1 onderdeel ontbreekt of was te laat." in html
    item = html.split('id="check-problem_analysis-1"', 1)[1].split("</li>", 1)[0]
    assert "Probleemanalyse" in item
    assert "Ontbreekt" in item
    plan = html.split('id="check-action_plan-1"', 1)[1].split("</li>", 1)[0]
    assert "Binnenkort nodig" in plan or "Nog niet nodig" in plan
    assert f"/verzuim/{case.pk}/re-integratieverslag.pdf" in html
    assert f"/verzuim/{case.pk}/42e-weeksmelding.pdf" in html


def test_the_case_page_of_insurer_staff_has_the_checklist_but_no_report_download(
    staff_login: Callable[[User], Client], team: Team, make_user: Any
) -> None:
    case = make_case(employee=team.employee, days_sick=50)
    client = staff_login(make_user(Role.INSURER))
    html = client.get(f"/verzuim/{case.pk}/stappen/").content.decode()
    assert 'id="check-problem_analysis-1"' in html
    assert "re-integratieverslag.pdf" not in html


# --- The rule as a property ------------------------------------------------------------------------------------

TODAY = dt.date(2025, 1, 1)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(2024, 6, 1), max_value=dt.date(2025, 8, 1)))


@st.composite
def step_lists(draw: st.DrawFn) -> list[Step]:
    steps = []
    for code in sorted({code for _part, code in PART_STEPS}):
        due = draw(dates)
        state = draw(st.sampled_from([StepState.OPEN, StepState.DONE, StepState.NOT_APPLICABLE]))
        completed = draw(st.dates(min_value=dt.date(2024, 6, 1), max_value=TODAY)) if state == StepState.DONE else None
        steps.append(Step(code=code, sequence=1, state=state, due_date=due, completed_on=completed))
    return steps


@settings(max_examples=200, deadline=None)
@given(steps=step_lists())
def test_only_passed_deadlines_and_late_completions_are_missing(steps: list[Step]) -> None:
    result = poortwachter_check(steps=steps, documents=[], today=TODAY)
    by_code = {step.code: step for step in steps}
    for part in result.parts:
        step = by_code[part.step]
        is_late = part.completed_on is not None and part.due_date is not None and part.completed_on > part.due_date
        # The employee's view has no step: after a held final review it is still missing once the date passed.
        counts = (
            step.state != StepState.NOT_APPLICABLE
            if part.code == DocumentPart.EMPLOYEE_VIEW
            else step.state == StepState.OPEN
        )
        is_overdue = counts and part.due_date is not None and part.due_date < TODAY
        assert part.is_missing == (is_late or is_overdue), (part, step)
    assert result.complete == (not result.missing)
