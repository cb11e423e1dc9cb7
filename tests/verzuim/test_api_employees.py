"""The employees API of docs/api.md: token login, scoped lists, strict input, one error format."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.conftest import current_totp
from tests.factories import PASSWORD, EmployeeFactory, EmployerFactory, confirmed_totp_device
from verzuim.api import EmployeeOutputSerializer
from verzuim.models import AuditLog, Employee, Role, User

pytestmark = pytest.mark.django_db

NEW_EMPLOYEE = {
    "personnel_number": "N100",
    "first_name": "Noor",
    "last_name": "Bakker",
    "date_of_birth": "1992-04-01",
    "employment_start": "2024-02-01",
    "weekly_hours": "32.00",
    "yearly_wage": "38400.00",
    "contract_type": "permanent",
}


def token_for(client: APIClient, email: str, password: str = PASSWORD, **extra: str) -> Any:
    return client.post("/api/v1/auth/token/", {"email": email, "password": password, **extra}, format="json")


def test_employer_user_gets_a_token_without_otp(api_client: APIClient, employer_user: User) -> None:
    response = token_for(api_client, employer_user.email)
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


def test_wrong_password_gives_400_with_stable_code(api_client: APIClient, employer_user: User) -> None:
    response = token_for(api_client, employer_user.email, password="wrong-password")
    assert response.status_code == 400
    assert response.json() == {
        "message": "E-mailadres of wachtwoord is onjuist.",
        "code": "invalid_credentials",
        "fields": {},
    }


def test_staff_user_without_confirmed_device_gets_no_token(
    api_client: APIClient, make_user: Callable[..., User]
) -> None:
    insurer = make_user(Role.INSURER)
    response = token_for(api_client, insurer.email)
    assert response.status_code == 400
    assert response.json()["code"] == "two_factor_not_enrolled"


def test_staff_user_needs_a_valid_otp_for_a_token(api_client: APIClient, make_user: Callable[..., User]) -> None:
    insurer = make_user(Role.INSURER)
    device = confirmed_totp_device(insurer)
    assert token_for(api_client, insurer.email).json()["code"] == "otp_required"
    response = token_for(api_client, insurer.email, otp=current_totp(device))
    assert response.status_code == 200, response.json()


def test_staff_user_with_a_wrong_otp_gets_no_token(api_client: APIClient, make_user: Callable[..., User]) -> None:
    insurer = make_user(Role.INSURER)
    device = confirmed_totp_device(insurer)
    wrong = f"{(int(current_totp(device)) + 1) % 1_000_000:06d}"
    response = token_for(api_client, insurer.email, otp=wrong)
    assert response.status_code == 400
    assert response.json()["code"] == "otp_invalid"


def test_five_failed_logins_lock_the_account_out(api_client: APIClient, employer_user: User) -> None:
    for _ in range(5):
        token_for(api_client, employer_user.email, password="wrong-password")
    response = token_for(api_client, employer_user.email)
    assert response.status_code == 429
    assert response.json()["code"] == "locked_out"


def test_list_is_scoped_to_the_employer_of_the_user(
    api_as: Callable[[User], APIClient], employer_user: User, other_employer_user: User
) -> None:
    mine = EmployeeFactory.create_batch(3, employer=employer_user.employer)
    EmployeeFactory.create_batch(2, employer=other_employer_user.employer)
    response = api_as(employer_user).get("/api/v1/employees/")
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()) == sorted(str(e.pk) for e in mine)


def test_list_runs_a_constant_number_of_queries(api_as: Callable[[User], APIClient], employer_user: User) -> None:
    client = api_as(employer_user)
    EmployeeFactory.create_batch(2, employer=employer_user.employer)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/employees/")
    EmployeeFactory.create_batch(40, employer=employer_user.employer)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/v1/employees/")
    assert len(response.json()) == 42
    assert len(many.captured_queries) == len(few.captured_queries)


def test_list_rows_are_what_the_employee_serializer_writes(
    api_as: Callable[[User], APIClient], employer_user: User
) -> None:
    """The list writes its rows from values (verzuim.api.employee_list_item), the detail through the serializer:
    the same body for the same employee, ended or not, whole or fractional hours."""
    employer = employer_user.employer
    employees = [
        EmployeeFactory(employer=employer, weekly_hours=Decimal("36"), yearly_wage=Decimal("41000")),
        EmployeeFactory(employer=employer, weekly_hours=Decimal("12.5"), employment_end=dt.date(2026, 3, 31)),
    ]
    listed = api_as(employer_user).get("/api/v1/employees/").json()
    expected = EmployeeOutputSerializer(Employee.objects.filter(pk__in=[e.pk for e in employees]), many=True).data
    assert sorted(listed, key=lambda row: row["id"]) == sorted(expected, key=lambda row: row["id"])
    assert {row["weekly_hours"] for row in listed} == {"36.00", "12.50"}


def test_employee_of_another_employer_is_404_like_a_missing_one(
    api_as: Callable[[User], APIClient], employer_user: User, other_employer_user: User
) -> None:
    theirs = EmployeeFactory(employer=other_employer_user.employer)
    client = api_as(employer_user)
    other = client.get(f"/api/v1/employees/{theirs.pk}/")
    missing = client.get("/api/v1/employees/00000000-0000-0000-0000-000000000000/")
    malformed = client.get("/api/v1/employees/not-a-uuid/")
    assert other.status_code == missing.status_code == malformed.status_code == 404
    assert other.json() == missing.json() == {"message": "Niet gevonden.", "code": "not_found", "fields": {}}


def test_employer_user_creates_an_employee_for_own_employer(
    api_as: Callable[[User], APIClient], employer_user: User
) -> None:
    response = api_as(employer_user).post("/api/v1/employees/", NEW_EMPLOYEE, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["employer"] == str(employer_user.employer_id)
    assert body["yearly_wage"] == "38400.00"
    assert body["weekly_hours"] == "32.00"
    assert body["employment_end"] is None
    assert Employee.objects.get(pk=body["id"]).employer == employer_user.employer


def test_unknown_field_is_rejected_with_400_naming_it(api_as: Callable[[User], APIClient], employer_user: User) -> None:
    response = api_as(employer_user).post("/api/v1/employees/", {**NEW_EMPLOYEE, "bsn": "123456782"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "De invoer is niet geldig.",
        "code": "invalid",
        "fields": {"bsn": ["Onbekend veld."]},
    }
    assert not Employee.objects.exists()


def test_invalid_values_give_dutch_field_errors_and_save_nothing(
    api_as: Callable[[User], APIClient], employer_user: User
) -> None:
    payload = {**NEW_EMPLOYEE, "employment_start": "1990-01-01", "weekly_hours": "0.00", "contract_type": "zzp"}
    payload.pop("yearly_wage")
    response = api_as(employer_user).post("/api/v1/employees/", payload, format="json")
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["yearly_wage"] == ["Dit veld is vereist."]
    assert fields["contract_type"] == ['"zzp" is een ongeldige keuze.']
    assert not Employee.objects.exists()


def test_model_rules_answer_at_the_field(api_as: Callable[[User], APIClient], employer_user: User) -> None:
    payload = {**NEW_EMPLOYEE, "employment_start": "1990-01-01", "weekly_hours": "0.00"}
    response = api_as(employer_user).post("/api/v1/employees/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "date_of_birth": ["De geboortedatum moet vóór de datum in dienst liggen."],
        "weekly_hours": ["Het aantal uren per week moet groter zijn dan 0."],
    }


def test_duplicate_personnel_number_is_a_field_error(api_as: Callable[[User], APIClient], employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, personnel_number="N100")
    response = api_as(employer_user).post("/api/v1/employees/", NEW_EMPLOYEE, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "personnel_number": ["Dit personeelsnummer is al in gebruik bij deze werkgever."]
    }


def test_employer_user_cannot_create_for_another_employer(
    api_as: Callable[[User], APIClient], employer_user: User, other_employer_user: User
) -> None:
    payload = {**NEW_EMPLOYEE, "employer": str(other_employer_user.employer_id)}
    response = api_as(employer_user).post("/api/v1/employees/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"employer": ["Werkgever niet gevonden."]}
    assert not Employee.objects.exists()


def test_insurer_staff_creates_with_employer(
    api_as: Callable[[User], APIClient], make_user: Callable[..., User]
) -> None:
    insurer = make_user(Role.INSURER)
    employer = EmployerFactory()
    client = api_as(insurer)
    assert client.post("/api/v1/employees/", NEW_EMPLOYEE, format="json").json()["fields"] == {
        "employer": ["Dit veld is verplicht."]
    }
    response = client.post("/api/v1/employees/", {**NEW_EMPLOYEE, "employer": str(employer.pk)}, format="json")
    assert response.status_code == 201
    assert response.json()["employer"] == str(employer.pk)


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_other_roles_cannot_create_employees(
    api_as: Callable[[User], APIClient], make_user: Callable[..., User], role: Role
) -> None:
    response = api_as(make_user(role)).post(
        "/api/v1/employees/", {**NEW_EMPLOYEE, "employer": str(EmployerFactory().pk)}, format="json"
    )
    assert response.status_code == 403
    assert not Employee.objects.exists()


@pytest.mark.parametrize("role", [Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
def test_roles_without_employee_access_see_an_empty_list_and_404(
    api_as: Callable[[User], APIClient], make_user: Callable[..., User], role: Role
) -> None:
    employee = EmployeeFactory()
    client = api_as(make_user(role))
    assert client.get("/api/v1/employees/").json() == []
    assert client.get(f"/api/v1/employees/{employee.pk}/").status_code == 404


def test_casemanager_sees_only_employers_in_their_portfolio(
    api_as: Callable[[User], APIClient], make_user: Callable[..., User]
) -> None:
    casemanager = make_user(Role.CASEMANAGER)
    mine = EmployeeFactory(employer=EmployerFactory(casemanager=casemanager))
    theirs = EmployeeFactory()
    client = api_as(casemanager)
    assert [row["id"] for row in client.get("/api/v1/employees/").json()] == [str(mine.pk)]
    assert client.get(f"/api/v1/employees/{theirs.pk}/").status_code == 404


def test_anonymous_request_is_refused(api_client: APIClient) -> None:
    response = api_client.get("/api/v1/employees/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_reads_and_changes_are_audited(api_as: Callable[[User], APIClient], employer_user: User) -> None:
    client = api_as(employer_user)
    created = client.post("/api/v1/employees/", NEW_EMPLOYEE, format="json").json()
    client.get(f"/api/v1/employees/{created['id']}/")
    client.get("/api/v1/employees/")
    rows = list(AuditLog.objects.order_by("id").values_list("actor_email", "action", "object_type", "object_id"))
    assert rows == [
        (employer_user.email, "create", "employee", created["id"]),
        (employer_user.email, "read", "employee", created["id"]),
        (employer_user.email, "list", "employee", ""),
    ]
