"""'Mijn taken' (issue 20 item 1): each role's tasks from the cases, sorted by due date, gone when done."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.absence import services
from cases.absence.models import Step
from cases.advice import services as services_advice
from cases.documents import services as documents
from cases.documents.models import DocumentPart
from cases.interventions import services as services_interventions
from cases.interventions.models import Provider
from tests.access_fixtures import PLAN_CONTENT
from tests.cases.factories import employer_user_for, make_case, own_arbodienst
from tests.factories import EmployeeFactory, EmployerFactory, UserFactory, confirmed_totp_device
from verzuim.models import Employer, Role, User
from verzuim.plugins import tasks_for

pytestmark = pytest.mark.django_db
StaffLogin = Callable[[User], Client]


def today() -> dt.date:
    return timezone.localdate()


def actions(user: User) -> list[str]:
    return [task.action for task in tasks_for(user, today())]


@pytest.fixture
def team() -> dict[str, Any]:
    casemanager = UserFactory(role=Role.CASEMANAGER)
    physician = UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN)
    for user in (casemanager, physician):
        confirmed_totp_device(user)
    employer = EmployerFactory(casemanager=casemanager, occupational_physician=physician)
    return {"employer": employer, "casemanager": casemanager, "physician": physician}


def _case(employer: Employer, days_sick: int) -> Any:
    employee = EmployeeFactory(employer=employer, first_name="Sanne", last_name="de Vries")
    return make_case(employee=employee, days_sick=days_sick)


def test_the_employer_sees_a_plan_to_sign_and_it_disappears_once_signed(team: dict[str, Any]) -> None:
    case = _case(team["employer"], days_sick=30)
    plan = documents.document_create(
        created_by=team["casemanager"],
        case=case,
        part=DocumentPart.ACTION_PLAN,
        document_date=today(),
        content=PLAN_CONTENT,
    )
    employer_user = employer_user_for(team["employer"])
    assert "Plan van aanpak ondertekenen" in actions(employer_user)
    assert "Plan van aanpak: handtekening werkgever en werknemer ontbreekt" in actions(team["casemanager"])
    documents.document_sign_as_employer(
        signed_by=employer_user, document=plan, fingerprint=documents.document_fingerprint(plan)
    )
    assert "Plan van aanpak ondertekenen" not in actions(employer_user)
    assert "Plan van aanpak: handtekening werknemer ontbreekt" in actions(team["casemanager"])


def test_each_role_sees_its_own_steps_and_the_casemanager_the_employers_overdue_ones(team: dict[str, Any]) -> None:
    """Day 40: the physician's problem analysis is due on day 42; the employer, with an arbodienst of its own, has
    not reported to it (due day 7): the casemanager sees that overdue employer step too."""
    own_arbodienst(team["employer"])
    case = _case(team["employer"], days_sick=39)
    employer_user = employer_user_for(team["employer"])
    analysis = Step.objects.get(case=case, code="problem_analysis")
    physician_tasks = tasks_for(team["physician"], today())
    assert [(t.action, t.due) for t in physician_tasks] == [("Probleemanalyse opstellen", analysis.due_date)]
    assert physician_tasks[0].url.endswith(f"/verzuim/{case.pk}/stappen/#stap-problem_analysis-1")
    assert {"Ziekmelding doorgeven aan de arbodienst", "Plan van aanpak opstellen"} <= set(actions(employer_user))
    assert "Probleemanalyse opstellen" not in actions(employer_user)
    assert "Ziekmelding doorgeven aan de arbodienst" in actions(employer_user)
    assert "Werkgever helpen: Ziekmelding aan de arbodienst" in actions(team["casemanager"])
    assert "Werkgever helpen: Plan van aanpak" not in actions(team["casemanager"])  # not overdue yet


def test_a_completed_step_leaves_the_list(team: dict[str, Any]) -> None:
    case = _case(team["employer"], days_sick=39)
    assert "Probleemanalyse opstellen" in actions(team["physician"])
    services.step_complete(completed_by=team["physician"], case=case, code="problem_analysis", completed_on=today())
    assert "Probleemanalyse opstellen" not in actions(team["physician"])


def test_tasks_are_sorted_by_due_date_and_say_for_whom(team: dict[str, Any]) -> None:
    _case(team["employer"], days_sick=39)
    tasks = tasks_for(team["casemanager"], today())
    dues = [t.due for t in tasks if t.due is not None]
    assert dues == sorted(dues)
    assert all("Sanne de Vries (" in t.subject for t in tasks)


def test_an_advice_to_follow_up_is_a_task_until_it_is_done(team: dict[str, Any]) -> None:
    case = _case(team["employer"], days_sick=20)
    advice = services_advice.advice_give(
        given_by=team["physician"], case=case, text="Aangepast werk: halve dagen", given_on=today(), due_date=today()
    )
    employer_user = employer_user_for(team["employer"])
    assert "Advies opvolgen: Aangepast werk: halve dagen" in actions(employer_user)
    services_advice.followup_record(recorded_by=employer_user, advice=advice, status="done", done_on=today())
    assert "Advies opvolgen: Aangepast werk: halve dagen" not in actions(employer_user)


def test_the_casemanager_scores_a_finished_intervention(team: dict[str, Any]) -> None:
    case = _case(team["employer"], days_sick=20)
    insurer = UserFactory(role=Role.INSURER)
    provider = Provider.objects.create(name="Fysio Centrum", kinds=["fysiotherapie"])
    intervention = services_interventions.intervention_request(
        requested_by=team["casemanager"], case=case, kind="fysiotherapie", cost=Decimal(450), advised_by="physician"
    )
    assert "1 interventie beoordelen" in actions(insurer)
    services_interventions.intervention_approve(
        approved_by=insurer, intervention=intervention, provider=provider, reason="Akkoord."
    )
    assert "1 interventie beoordelen" not in actions(insurer)
    services_interventions.intervention_finish(
        finished_by=team["casemanager"], intervention=intervention, finished_on=today()
    )
    assert "Aanbieder beoordelen: Fysio Centrum" in actions(team["casemanager"])
    services_interventions.intervention_score(
        scored_by=team["casemanager"], intervention=intervention, quality=8, result=8, timeliness=8, satisfaction=8
    )
    assert "Aanbieder beoordelen: Fysio Centrum" not in actions(team["casemanager"])


def test_another_employers_cases_give_no_tasks(team: dict[str, Any]) -> None:
    _case(team["employer"], days_sick=39)
    stranger = employer_user_for(EmployerFactory())
    assert tasks_for(stranger, today()) == []
    assert tasks_for(UserFactory(role=Role.OCCUPATIONAL_PHYSICIAN), today()) == []


def test_an_employers_task_statements_name_its_employer_instead_of_sub_selecting_its_cases(
    team: dict[str, Any],
) -> None:
    """The employer's inbox filters on its own employer id: the sub-select of its cases made each statement's
    planning cost more than its execution (decision 380). The tasks are the same either way (the tests above)."""
    _case(team["employer"], days_sick=39)
    employer_user = employer_user_for(team["employer"])
    with CaptureQueriesContext(connection) as queries:
        tasks = tasks_for(employer_user, today())
    assert tasks
    case_statements = [q["sql"] for q in queries.captured_queries if '"cases_absencecase"' in q["sql"]]
    assert case_statements
    assert not [sql for sql in case_statements if 'FROM "cases_absencecase" U' in sql]


def test_the_dashboard_shows_the_tasks_first(team: dict[str, Any], client: Client) -> None:
    _case(team["employer"], days_sick=39)
    client.force_login(employer_user_for(team["employer"]))
    page = client.get("/").content.decode()
    assert page.index("Mijn taken") < page.index("Lopend verzuim")
    assert "Plan van aanpak opstellen" in page[page.index("Mijn taken") : page.index("Lopend verzuim")]


def test_the_dashboard_queries_do_not_grow_with_the_tasks(team: dict[str, Any], staff_login: StaffLogin) -> None:
    client = staff_login(team["physician"])
    _case(team["employer"], days_sick=39)
    client.get("/")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for _ in range(4):
        _case(team["employer"], days_sick=39)
    with CaptureQueriesContext(connection) as five:
        response = client.get("/")
    assert len(five.captured_queries) == len(one.captured_queries)
    assert response.content.decode().count(">Probleemanalyse opstellen</a>") == 5
