"""The claims API: /api/v1/absences/{id}/claims/ and /api/v1/claims/ (who gets what, input errors, four eyes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases.absence.models import AbsenceCase
from premiums.claims import services as services_claims
from premiums.claims.models import Claim
from tests.premiums.claims_factories import TODAY, insured_employer, sick_case
from verzuim.models import Employer, Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
MakeUser = Callable[..., User]
DAY = dt.date


@pytest.fixture
def calculator(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Carla Calculator")


@pytest.fixture
def approver(make_user: MakeUser) -> User:
    return make_user(Role.INSURER, full_name="Anton Approver")


@pytest.fixture
def employer(employer_user: User) -> Employer:
    return insured_employer(employer=employer_user.employer)


@pytest.fixture
def case(employer: Employer) -> AbsenceCase:
    return sick_case(employer=employer)


def make_claim(by: User, case: AbsenceCase, start: dt.date, end: dt.date) -> Claim:
    return services_claims.claim_create(created_by=by, case=case, period_start=start, period_end=end, today=TODAY)


@pytest.fixture
def approved(case: AbsenceCase, calculator: User, approver: User) -> Claim:
    claim = make_claim(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 30))
    return services_claims.claim_approve(approved_by=approver, claim=claim)


@pytest.fixture
def calculated(case: AbsenceCase, calculator: User) -> Claim:
    return make_claim(calculator, case, DAY(2026, 2, 2), DAY(2026, 2, 6))


def url(case: AbsenceCase) -> str:
    return f"/api/v1/absences/{case.pk}/claims/"


def post(client: APIClient, case: AbsenceCase, body: dict[str, Any]) -> Any:
    return client.post(url(case), body, format="json")


def test_insurer_creates_a_claim_and_gets_the_statement(api_as: ApiAs, calculator: User, case: AbsenceCase) -> None:
    response = post(api_as(calculator), case, {"period_start": "2026-01-05", "period_end": "2026-01-30"})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert {key: body[key] for key in ("case", "employee", "kind", "status", "period_start", "period_end")} == {
        "case": str(case.pk),
        "employee": str(case.employee_id),
        "kind": "wage",
        "status": "calculated",
        "period_start": "2026-01-05",
        "period_end": "2026-01-30",
    }
    assert (body["waiting_days"], body["waiting_days_before"], body["waiting_days_in_period"]) == (10, 0, 10)
    assert (body["sick_work_days"], body["paid_work_days"]) == (20, 10)
    assert (body["amount"], body["yearly_wage"], body["employer_charges_pct"], body["coverage"]) == (
        "2500.00",
        "52200.00",
        "25.00",
        "100/70",
    )
    assert body["lines"][1] == {
        "start": "2026-01-19",
        "end": "2026-01-30",
        "category": "paid",
        "work_days": 10,
        "absent_pct": "100.00",
        "coverage_year": 1,
        "coverage_pct": "100.00",
        "insured_yearly_wage": "52200.00",
        "daily_wage": "200.00",
        "amount": "2500.00",
    }
    assert (body["created_by_name"], body["approved_by_name"]) == ("Carla Calculator", None)


def test_a_second_claim_starts_after_the_waiting_days_the_first_used(
    api_as: ApiAs, calculator: User, case: AbsenceCase
) -> None:
    client = api_as(calculator)
    assert post(client, case, {"period_start": "2026-01-05", "period_end": "2026-01-09"}).json()["amount"] == "0.00"
    second = post(client, case, {"period_start": "2026-01-12", "period_end": "2026-01-23"}).json()
    assert (second["waiting_days_before"], second["waiting_days_in_period"], second["amount"]) == (5, 5, "1250.00")


def test_bad_input_is_400_with_dutch_field_errors(api_as: ApiAs, calculator: User, case: AbsenceCase) -> None:
    client = api_as(calculator)
    unknown = post(client, case, {"period_start": "2026-01-05", "period_end": "2026-01-30", "amount": "9999"})
    assert (unknown.status_code, unknown.json()["fields"]) == (400, {"amount": ["Onbekend veld."]})
    missing = post(client, case, {"period_start": "5 januari"})
    assert missing.status_code == 400
    assert missing.json()["fields"] == {
        "period_start": ["Vul een geldige datum in (JJJJ-MM-DD)."],
        "period_end": ["Vul de laatste dag van de periode in."],
    }
    reversed_period = post(client, case, {"period_start": "2026-01-30", "period_end": "2026-01-05"})
    assert reversed_period.status_code == 400
    assert reversed_period.json()["fields"] == {"period_end": ["De periode eindigt vóór de begindatum."]}
    assert not Claim.objects.exists()


def test_an_overlapping_period_is_409(api_as: ApiAs, calculator: User, case: AbsenceCase, approved: Claim) -> None:
    response = post(api_as(calculator), case, {"period_start": "2026-01-30", "period_end": "2026-02-06"})
    assert response.status_code == 409
    assert response.json()["code"] == "claim_overlap"
    assert response.json()["message"] == (
        "Deze periode overlapt met de declaratie van 05-01-2026 tot en met 30-01-2026 van dit verzuimgeval."
    )


def test_the_employer_reads_approved_claims_of_its_case_and_may_not_create(
    api_as: ApiAs, employer_user: User, case: AbsenceCase, approved: Claim, calculated: Claim
) -> None:
    client = api_as(employer_user)
    listed = client.get(url(case))
    assert listed.status_code == 200
    assert [claim["id"] for claim in listed.json()] == [str(approved.pk)]
    refused = post(client, case, {"period_start": "2026-02-09", "period_end": "2026-02-13"})
    assert refused.status_code == 403
    assert refused.json()["message"] == "Alleen medewerkers van de verzekeraar behandelen declaraties."
    assert client.get(f"/api/v1/claims/{calculated.pk}/").status_code == 404
    assert client.post(f"/api/v1/claims/{approved.pk}/pay/").status_code == 403


def test_another_employer_gets_404(
    api_as: ApiAs, other_employer_user: User, case: AbsenceCase, approved: Claim
) -> None:
    client = api_as(other_employer_user)
    assert client.get(url(case)).status_code == 404
    assert post(client, case, {"period_start": "2026-02-09", "period_end": "2026-02-13"}).status_code == 404
    assert client.get(f"/api/v1/claims/{approved.pk}/").status_code == 404
    assert client.get("/api/v1/claims/").json() == []


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_roles_without_claims_get_404(
    api_as: ApiAs, make_user: MakeUser, role: Role, case: AbsenceCase, approved: Claim
) -> None:
    user = make_user(role)
    if role == Role.CASEMANAGER:
        case.casemanager = user
        case.save(update_fields=["casemanager"])
    client = api_as(user)
    assert client.get(url(case)).status_code == 404
    assert post(client, case, {"period_start": "2026-02-09", "period_end": "2026-02-13"}).status_code == 404
    assert client.get("/api/v1/claims/").status_code == 404
    assert client.get(f"/api/v1/claims/{approved.pk}/").status_code == 404


def test_the_claims_list_filters_by_year_and_status(
    api_as: ApiAs, approver: User, approved: Claim, calculated: Claim
) -> None:
    client = api_as(approver)
    assert [c["id"] for c in client.get("/api/v1/claims/").json()] == [str(calculated.pk), str(approved.pk)]
    assert [c["id"] for c in client.get("/api/v1/claims/?status=approved").json()] == [str(approved.pk)]
    assert client.get("/api/v1/claims/?year=2025").json() == []
    assert len(client.get("/api/v1/claims/?year=2026").json()) == 2
    bad_year = client.get("/api/v1/claims/?year=twintig")
    assert (bad_year.status_code, bad_year.json()["fields"]) == (
        400,
        {"year": ["Geef een jaar tussen 2000 en 2100 op."]},
    )
    bad_status = client.get("/api/v1/claims/?status=open")
    assert (bad_status.status_code, bad_status.json()["fields"]) == (400, {"status": ["Onbekende status."]})


def test_the_claims_list_takes_the_same_queries_for_one_claim_or_many(
    api_as: ApiAs, approver: User, calculator: User, case: AbsenceCase
) -> None:
    client = api_as(approver)
    make_claim(calculator, case, DAY(2026, 1, 5), DAY(2026, 1, 9))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/claims/").status_code == 200
        return len(captured)

    one = queries()
    for month in range(2, 6):
        make_claim(calculator, sick_case(employer=case.employer), DAY(2026, month, 2), DAY(2026, month, 27))
    assert queries() == one


def test_four_eyes_pay_and_cancel_through_the_api(
    api_as: ApiAs, calculator: User, approver: User, calculated: Claim
) -> None:
    own = api_as(calculator).post(f"/api/v1/claims/{calculated.pk}/approve/")
    assert own.status_code == 403
    assert own.json()["message"] == (
        "U hebt deze declaratie zelf berekend. Een tweede medewerker moet haar goedkeuren (vier ogen)."
    )
    client = api_as(approver)
    approved = client.post(f"/api/v1/claims/{calculated.pk}/approve/")
    assert (approved.status_code, approved.json()["status"], approved.json()["approved_by_name"]) == (
        200,
        "approved",
        "Anton Approver",
    )
    no_reason = client.post(f"/api/v1/claims/{calculated.pk}/cancel/", {}, format="json")
    assert (no_reason.status_code, no_reason.json()["fields"]) == (
        400,
        {"reason": ["Geef aan waarom u de declaratie intrekt."]},
    )
    paid = client.post(f"/api/v1/claims/{calculated.pk}/pay/")
    assert (paid.status_code, paid.json()["status"]) == (200, "paid")
    assert paid.json()["paid_at"] is not None
    too_late = client.post(f"/api/v1/claims/{calculated.pk}/cancel/", {"reason": "Fout."}, format="json")
    assert (too_late.status_code, too_late.json()["code"]) == (409, "paid")
