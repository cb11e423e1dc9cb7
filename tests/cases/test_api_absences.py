"""The absence API of docs/api.md: reports, recoveries, steps, privacy by construction, tenancy."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, cast

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from cases.absence import services
from cases.absence.models import AbsenceCase, CaseAssignment, SickPeriod
from tests.cases.factories import own_arbodienst
from tests.factories import EmployeeFactory
from verzuim.models import AuditLog, Employee, Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]


@pytest.fixture
def employee(employer_user: User) -> Employee:
    return EmployeeFactory(employer=employer_user.employer, employment_start=dt.date(2015, 1, 1))


def report(client: APIClient, employee: Employee, first_sick_day: str, **extra: Any) -> Any:
    return client.post(
        "/api/v1/absences/", {"employee": str(employee.pk), "first_sick_day": first_sick_day, **extra}, format="json"
    )


def steps_by_code(client: APIClient, case_id: str) -> dict[str, dict[str, Any]]:
    response = client.get(f"/api/v1/absences/{case_id}/steps/")
    assert response.status_code == 200
    return {row["code"]: row for row in response.json() if row["sequence"] == 1}


def test_worked_example_dates_through_the_api(api_as: ApiAs, employer_user: User, employee: Employee) -> None:
    client = api_as(employer_user)
    response = report(client, employee, "2026-01-05")
    assert response.status_code == 201, response.json()
    steps = steps_by_code(client, response.json()["id"])
    due = {code: row["due_date"] for code, row in steps.items()}
    assert due["problem_analysis"] == "2026-02-15"
    assert due["action_plan"] == "2026-03-01"
    assert due["uwv_week42_notice"] == "2026-10-26"
    assert due["first_year_review"] == "2027-01-03"
    assert due["wia_application"] == "2027-10-17"
    assert due["wage_obligation_end"] == "2028-01-02"


def test_steps_carry_every_code_of_the_poortwachter_table(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-01-05").json()["id"]
    rows = client.get(f"/api/v1/absences/{case_id}/steps/").json()
    assert {row["code"] for row in rows} == {
        "report_to_ohs",
        "uwv_safety_net_report",
        "casemanager_assigned",
        "problem_analysis",
        "action_plan",
        "action_plan_review",
        "uwv_week42_notice",
        "first_year_review",
        "income_insight",
        "labour_expert_assessment",
        "track_two_start",
        "early_iva_deadline",
        "current_assessment",
        "final_review",
        "reintegration_report",
        "wia_application",
        "wage_obligation_end",
    }
    assert set(rows[0]) >= {"code", "title", "window_start", "due_date", "status", "completed_on"}


def test_relapse_within_28_days_continues_the_case_and_moves_the_end(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2022-01-03").json()["id"]
    assert steps_by_code(client, case_id)["wage_obligation_end"]["due_date"] == "2023-12-31"
    recovered = client.post(
        f"/api/v1/absences/{case_id}/recoveries/", {"date": "2022-07-04", "recovered_pct": 100}, format="json"
    )
    assert recovered.status_code == 201, recovered.json()
    relapse = report(client, employee, "2022-07-25")
    assert relapse.status_code == 200
    assert relapse.json()["id"] == case_id
    assert relapse.json()["periods"] == [
        {"start": "2022-01-03", "end": "2022-07-03"},
        {"start": "2022-07-25", "end": None},
    ]
    # The first day after the 104 weeks moves from 2024-01-01 to 2024-01-22.
    assert steps_by_code(client, case_id)["wage_obligation_end"]["due_date"] == "2024-01-21"


def test_sickness_after_28_recovered_days_opens_a_new_case(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    first = report(client, employee, "2026-01-05").json()["id"]
    client.post(f"/api/v1/absences/{first}/recoveries/", {"date": "2026-02-01", "recovered_pct": 100}, format="json")
    second = report(client, employee, "2026-03-01")
    assert second.status_code == 201
    assert second.json()["id"] != first
    closed = AbsenceCase.objects.get(pk=first)
    assert (closed.status, str(closed.closed_on), closed.close_reason) == ("closed", "2026-02-28", "recovered")


def test_a_diagnosis_in_the_report_is_refused_and_nothing_is_stored(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    response = report(api_as(employer_user), employee, "2026-11-02", diagnosis="burn-out")
    assert response.status_code == 400
    assert response.json()["fields"] == {"diagnosis": ["Onbekend veld."]}
    assert not AbsenceCase.objects.exists()


@pytest.mark.parametrize("field", ["reason", "cause", "remarks", "medical_notes"])
def test_any_free_text_field_on_the_report_is_refused(
    api_as: ApiAs, employer_user: User, employee: Employee, field: str
) -> None:
    response = report(api_as(employer_user), employee, "2026-11-02", **{field: "griep"})
    assert response.status_code == 400
    assert field in response.json()["fields"]
    assert not AbsenceCase.objects.exists()


def test_second_report_for_a_sick_employee_is_a_conflict(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    assert report(client, employee, "2026-11-02").status_code == 201
    response = report(client, employee, "2026-11-10")
    assert response.status_code == 409
    assert response.json() == {"message": "Deze werknemer is al ziek gemeld.", "code": "already_sick", "fields": {}}
    assert SickPeriod.objects.count() == 1


def test_first_sick_day_before_employment_is_a_dutch_field_error(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    response = report(api_as(employer_user), employee, "2014-12-31")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "first_sick_day": ["De eerste ziektedag ligt vóór de datum in dienst van deze werknemer."]
    }


def test_first_sick_day_more_than_30_days_ahead_is_refused(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    from django.utils import timezone

    too_far = timezone.localdate() + dt.timedelta(days=31)
    response = report(api_as(employer_user), employee, too_far.isoformat())
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "first_sick_day": ["De eerste ziektedag mag hoogstens 30 dagen in de toekomst liggen."]
    }
    assert not AbsenceCase.objects.exists()


def test_recovery_before_the_first_sick_day_of_the_period_is_refused(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-03-10").json()["id"]
    response = client.post(
        f"/api/v1/absences/{case_id}/recoveries/", {"date": "2026-03-09", "recovered_pct": 100}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "date": ["De hersteldatum moet na de eerste ziektedag van deze periode liggen."]
    }
    assert AbsenceCase.objects.get().periods.get().end is None


def test_partial_recovery_keeps_the_clock_running(api_as: ApiAs, employer_user: User, employee: Employee) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-01-05").json()["id"]
    response = client.post(
        f"/api/v1/absences/{case_id}/recoveries/", {"date": "2026-02-01", "recovered_pct": 50}, format="json"
    )
    body = response.json()
    assert body["absent_pct"] == 50
    assert body["periods"] == [{"start": "2026-01-05", "end": None}]
    assert steps_by_code(client, case_id)["wage_obligation_end"]["due_date"] == "2028-01-02"


def test_recovery_percentage_out_of_range_is_refused(api_as: ApiAs, employer_user: User, employee: Employee) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-01-05").json()["id"]
    response = client.post(
        f"/api/v1/absences/{case_id}/recoveries/", {"date": "2026-02-01", "recovered_pct": 0}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["recovered_pct"]


def test_report_for_another_employers_employee_is_a_field_error(
    api_as: ApiAs, employer_user: User, other_employer_user: User
) -> None:
    theirs = EmployeeFactory(employer=other_employer_user.employer)
    response = report(api_as(employer_user), theirs, "2026-11-02")
    assert response.status_code == 400
    assert response.json()["fields"] == {"employee": ["Werknemer niet gevonden."]}


def test_case_of_another_employer_is_404_on_every_case_endpoint(
    api_as: ApiAs, employer_user: User, other_employer_user: User, employee: Employee
) -> None:
    case_id = report(api_as(employer_user), employee, "2026-11-02").json()["id"]
    client = api_as(other_employer_user)
    for url in (
        f"/api/v1/absences/{case_id}/",
        f"/api/v1/absences/{case_id}/steps/",
        f"/api/v1/absences/{case_id}/functional-assessments/",
        f"/api/v1/absences/{case_id}/medical-notes/",
    ):
        assert client.get(url).status_code == 404, url
    posts = {
        f"/api/v1/absences/{case_id}/recoveries/": {"date": "2026-11-03", "recovered_pct": 100},
        f"/api/v1/absences/{case_id}/steps/report_to_ohs/complete/": {"completed_on": "2026-11-03"},
    }
    for url, payload in posts.items():
        assert client.post(url, payload, format="json").status_code == 404, url
    assert client.get("/api/v1/absences/").json() == []


def test_list_filters_on_status(api_as: ApiAs, employer_user: User, employee: Employee) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-11-02").json()["id"]
    assert [c["id"] for c in client.get("/api/v1/absences/?status=open").json()] == [case_id]
    assert client.get("/api/v1/absences/?status=closed").json() == []


def test_case_detail_has_the_documented_shape(api_as: ApiAs, employer_user: User, employee: Employee) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-01-05").json()["id"]
    body = client.get(f"/api/v1/absences/{case_id}/").json()
    assert set(body) >= {
        "id",
        "employee",
        "first_sick_day",
        "status",
        "clock_day",
        "absent_pct",
        "casemanager",
        "periods",
    }
    assert body["employee"] == str(employee.pk)
    assert body["status"] == "open"
    assert body["absent_pct"] == 100
    assert body["clock_day"] >= 323


@pytest.mark.parametrize("count", [5, 50])
def test_case_list_runs_a_constant_number_of_queries(
    api_as: ApiAs, employer_user: User, count: int, django_assert_max_num_queries: Any
) -> None:
    client = api_as(employer_user)
    for _ in range(count):
        report(
            client, EmployeeFactory(employer=employer_user.employer, employment_start=dt.date(2020, 1, 1)), "2026-11-02"
        )
    # token lookup, audit insert, cases, periods prefetch (+ savepoint noise): the same for 5 and 50.
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/absences/")
    assert len(response.json()) == count


def test_every_case_read_is_audited(api_as: ApiAs, employer_user: User, employee: Employee) -> None:
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-11-02").json()["id"]
    AuditLog.objects.filter(object_type="absence_case", action="read").count()
    before = AuditLog.objects.filter(object_type="absence_case", action="read", object_id=case_id).count()
    client.get(f"/api/v1/absences/{case_id}/")
    client.get(f"/api/v1/absences/{case_id}/steps/")
    after = AuditLog.objects.filter(object_type="absence_case", action="read", object_id=case_id).count()
    assert after - before == 2
    row = AuditLog.objects.filter(object_id=case_id, action="read").order_by("-id").first()
    assert row is not None
    assert (row.actor, row.employer) == (employer_user, employer_user.employer)


def test_owner_role_completes_a_step_and_other_roles_may_not(
    api_as: ApiAs, employer_user: User, employee: Employee, make_user: Callable[..., User]
) -> None:
    own_arbodienst(employer_user.employer)  # so the report to the arbodienst is the employer's to complete by hand
    client = api_as(employer_user)
    case_id = report(client, employee, "2026-01-05").json()["id"]
    refused = client.post(
        f"/api/v1/absences/{case_id}/steps/problem_analysis/complete/", {"completed_on": "2026-02-10"}, format="json"
    )
    assert refused.status_code == 403
    done = client.post(
        f"/api/v1/absences/{case_id}/steps/report_to_ohs/complete/",
        {"completed_on": "2026-01-07"},
        format="json",
    )
    assert done.status_code == 200, done.json()
    assert (done.json()["status"], done.json()["completed_on"]) == ("done", "2026-01-07")
    with_note = client.post(
        f"/api/v1/absences/{case_id}/steps/action_plan/complete/",
        {"completed_on": "2026-02-20", "note": "Diagnose: burn-out"},
        format="json",
    )
    assert with_note.status_code == 400
    assert list(with_note.json()["fields"]) == ["note"]
    again = client.post(
        f"/api/v1/absences/{case_id}/steps/report_to_ohs/complete/", {"completed_on": "2026-01-07"}, format="json"
    )
    assert again.status_code == 409


def test_late_problem_analysis_moves_the_action_plan(
    api_as: ApiAs, employer_user: User, employee: Employee, make_user: Callable[..., User]
) -> None:
    physician = make_user(Role.OCCUPATIONAL_PHYSICIAN)
    employer = employer_user.employer
    employer.occupational_physician = physician
    employer.save()
    case_id = report(api_as(employer_user), employee, "2026-01-05").json()["id"]
    client = APIClient()
    from rest_framework.authtoken.models import Token

    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=physician).key}")
    response = client.post(
        f"/api/v1/absences/{case_id}/steps/problem_analysis/complete/", {"completed_on": "2026-02-25"}, format="json"
    )
    assert response.status_code == 200, response.json()
    # Problem analysis on day 52 (late): the plan is due 14 days later, on 2026-03-11.
    assert steps_by_code(client, case_id)["action_plan"]["due_date"] == "2026-03-11"


def test_expected_long_absence_assigns_a_casemanager_by_the_rule(
    api_as: ApiAs, employer_user: User, employee: Employee, make_user: Callable[..., User]
) -> None:
    busy = make_user(Role.CASEMANAGER, email="a-busy@example.nl")
    free = make_user(Role.CASEMANAGER, email="b-free@example.nl")
    other_reporter = make_user(Role.EMPLOYER)
    busy_case, _ = services.case_report_sickness(
        reported_by=other_reporter,
        employee=EmployeeFactory(employer=other_reporter.employer),
        first_sick_day=dt.date(2026, 11, 1),
    )
    services.case_assign_casemanager(case=busy_case, casemanager=busy, reason="test")
    response = report(api_as(employer_user), employee, "2026-11-20", expected_duration_days=60)
    assert response.json()["casemanager"] == str(free.pk)
    assignment = CaseAssignment.objects.get(case_id=response.json()["id"])
    assert assignment.casemanager == free
    steps = steps_by_code(api_as(employer_user), response.json()["id"])
    assert steps["casemanager_assigned"]["status"] == "done"


def test_short_expected_absence_gets_no_casemanager_yet(
    api_as: ApiAs, employer_user: User, employee: Employee, make_user: Callable[..., User]
) -> None:
    make_user(Role.CASEMANAGER)
    # Reported two days ago: still far from clock day 14, whatever day the suite runs.
    first_sick_day = timezone.localdate() - dt.timedelta(days=2)
    response = report(api_as(employer_user), employee, first_sick_day.isoformat(), expected_duration_days=3)
    assert response.json()["casemanager"] is None


def test_a_retried_report_with_the_same_key_answers_as_the_first_and_reports_once(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    key = "6f1c1f9e-7a56-4c1e-9d1b-2f0a5b1c3d4e"
    first = report(client, employee, timezone.localdate().isoformat(), report_key=key)
    again = report(client, employee, timezone.localdate().isoformat(), report_key=key)

    assert first.status_code == again.status_code == 201, again.json()
    assert first.json()["id"] == again.json()["id"]
    assert AbsenceCase.objects.count() == 1
    assert SickPeriod.objects.count() == 1


def test_the_same_report_key_for_another_employee_is_refused(
    api_as: ApiAs, employer_user: User, employee: Employee
) -> None:
    client = api_as(employer_user)
    other = cast(Employee, EmployeeFactory(employer=employer_user.employer))
    key = "0b5e2d1c-3f4a-4b6c-8d7e-9f0a1b2c3d4e"
    report(client, employee, timezone.localdate().isoformat(), report_key=key)

    response = report(client, other, timezone.localdate().isoformat(), report_key=key)

    assert response.status_code == 400
    assert not AbsenceCase.objects.filter(employee=other).exists()
