"""Pages: employer pages scoped to their own employer; other tenants and roles get 404."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EmployeeFactory, PolicyFactory
from verzuim.models import STAFF_ROLES, AuditLog, Employee, Role, User

pytestmark = pytest.mark.django_db

EMPLOYEE_PAGES = ["/werknemers/{id}/", "/werknemers/{id}/wijzigen/", "/werknemers/{id}/uit-dienst/"]
NEW_EMPLOYEE_FORM = {
    "personnel_number": "X1",
    "first_name": "Ilse",
    "last_name": "de Boer",
    "date_of_birth": "1988-02-03",
    "employment_start": "2023-05-01",
    "weekly_hours": "24",
    "yearly_wage": "30000,00",
    "contract_type": "temporary",
}


@pytest.mark.parametrize("page", EMPLOYEE_PAGES)
def test_employee_page_of_another_employer_is_404(
    client: Any, employer_user: User, other_employer_user: User, page: str
) -> None:
    theirs = EmployeeFactory(employer=other_employer_user.employer)
    client.force_login(employer_user)
    assert client.get(page.format(id=theirs.pk)).status_code == 404
    assert client.post(page.format(id=theirs.pk), {"employment_end": "2026-01-01"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.employment_end is None


@pytest.mark.parametrize("page", EMPLOYEE_PAGES)
def test_employee_page_of_own_employer_is_shown(client: Any, employer_user: User, page: str) -> None:
    mine = EmployeeFactory(employer=employer_user.employer)
    client.force_login(employer_user)
    response = client.get(page.format(id=mine.pk))
    assert response.status_code == 200
    assert mine.last_name in response.content.decode()


@pytest.mark.parametrize("role", [Role.CASEMANAGER, Role.INSURER, Role.OCCUPATIONAL_PHYSICIAN, Role.COMPLAINT_HANDLER])
@pytest.mark.parametrize("page", ["/werknemers/", "/werknemers/nieuw/", *EMPLOYEE_PAGES])
def test_employee_pages_are_404_for_staff_roles(
    client: Any, staff_login: Callable[[User], Any], make_user: Callable[..., User], role: Role, page: str
) -> None:
    employee = EmployeeFactory()
    staff_login(make_user(role))
    assert client.get(page.format(id=employee.pk)).status_code == 404


def test_anonymous_visitor_is_sent_to_the_login_page(client: Any) -> None:
    response = client.get("/werknemers/")
    assert response.status_code == 302
    assert response["Location"].startswith("/inloggen/?next=")


def test_login_page_is_dutch(client: Any) -> None:
    body = client.get("/inloggen/").content.decode()
    assert '<html lang="nl">' in body
    assert "E-mailadres" in body
    assert 'href="#inhoud"' in body


def test_wrong_password_on_the_login_form_answers_in_dutch(client: Any, employer_user: User) -> None:
    response = client.post("/inloggen/", {"username": employer_user.email, "password": "nope-nope-nope"})
    assert response.status_code == 200
    assert "E-mailadres of wachtwoord is onjuist." in response.content.decode()


def test_employer_adds_an_employee_through_the_form(client: Any, employer_user: User) -> None:
    client.force_login(employer_user)
    response = client.post("/werknemers/nieuw/", NEW_EMPLOYEE_FORM)
    assert response.status_code == 302
    employee = Employee.objects.get()
    assert (employee.employer, employee.last_name, str(employee.yearly_wage)) == (
        employer_user.employer,
        "de Boer",
        "30000.00",
    )


def test_form_errors_are_dutch_and_at_the_field(client: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, personnel_number="X1")
    client.force_login(employer_user)
    without_wage = {key: value for key, value in NEW_EMPLOYEE_FORM.items() if key != "yearly_wage"}
    response = client.post("/werknemers/nieuw/", without_wage)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"yearly_wage": ["Dit veld is vereist."]}
    assert Employee.objects.count() == 1


def test_duplicate_personnel_number_on_the_form_is_a_field_error(client: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, personnel_number="X1")
    client.force_login(employer_user)
    response = client.post("/werknemers/nieuw/", NEW_EMPLOYEE_FORM)
    assert response.context["form"].errors == {
        "personnel_number": ["Dit personeelsnummer is al in gebruik bij deze werkgever."]
    }


def test_employer_ends_employment(client: Any, employer_user: User) -> None:
    employee = EmployeeFactory(employer=employer_user.employer)
    client.force_login(employer_user)
    response = client.post(f"/werknemers/{employee.pk}/uit-dienst/", {"employment_end": "2026-03-31"})
    assert response.status_code == 302
    employee.refresh_from_db()
    assert str(employee.employment_end) == "2026-03-31"


def test_end_of_employment_before_start_is_refused_in_dutch(client: Any, employer_user: User) -> None:
    employee = EmployeeFactory(employer=employer_user.employer)
    client.force_login(employer_user)
    response = client.post(f"/werknemers/{employee.pk}/uit-dienst/", {"employment_end": "2019-12-31"})
    assert response.context["form"].errors == {"employment_end": ["De datum uit dienst ligt vóór de datum in dienst."]}
    employee.refresh_from_db()
    assert employee.employment_end is None


def test_employee_list_runs_a_constant_number_of_queries(client: Any, employer_user: User) -> None:
    client.force_login(employer_user)
    client.get(
        "/werknemers/"
    )  # the first page counts the menu's tasks; the next ones take the cached count (verzuim.task_count)
    EmployeeFactory.create_batch(3, employer=employer_user.employer)
    with CaptureQueriesContext(connection) as few:
        client.get("/werknemers/")
    EmployeeFactory.create_batch(30, employer=employer_user.employer)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/werknemers/")
    assert response.content.decode().count("/werknemers/") >= 33
    assert len(many.captured_queries) == len(few.captured_queries)


def test_employer_dashboard_shows_the_active_policy(client: Any, employer_user: User) -> None:
    PolicyFactory(employer=employer_user.employer, policy_number="VOV-2026-424242")
    EmployeeFactory.create_batch(2, employer=employer_user.employer)
    client.force_login(employer_user)
    body = client.get("/").content.decode()
    assert "VOV-2026-424242" in body
    assert "2 werknemers in dienst" in body


def test_employer_dashboard_counts_only_its_own_employees_in_service_without_an_audit_row(
    client: Any, employer_user: User, other_employer_user: User
) -> None:
    EmployeeFactory.create_batch(3, employer=employer_user.employer)
    EmployeeFactory(employer=employer_user.employer, employment_end=dt.date(2026, 1, 31))
    EmployeeFactory.create_batch(2, employer=other_employer_user.employer)
    client.force_login(employer_user)
    body = client.get("/").content.decode()
    assert "3 werknemers in dienst" in body
    # A number is no personal data: the dashboard's audit rows are about the open cases it lists, not employees.
    assert not AuditLog.objects.filter(actor=employer_user, object_type="employee").exists()


def test_employer_dashboard_runs_a_fixed_number_of_queries(client: Any, employer_user: User) -> None:
    PolicyFactory(employer=employer_user.employer)
    EmployeeFactory.create_batch(2, employer=employer_user.employer)
    client.force_login(employer_user)
    client.get("/")  # sessions, content types and the like are cached after the first request
    with CaptureQueriesContext(connection) as queries:
        client.get("/")
    # session, user, employer, policy, employee count, own arbodienst, the case list's audit row, open cases
    # (none: their periods and steps are not fetched), the bell, and "Mijn taken": steps, signatures, advice, cases
    # without a phone number
    assert len(queries.captured_queries) == 13, [q["sql"][:80] for q in queries.captured_queries]


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_every_staff_role_has_a_dashboard(
    client: Any, staff_login: Callable[[User], Any], make_user: Callable[..., User], role: Role
) -> None:
    staff_login(make_user(role))
    assert client.get("/").status_code == 200


def test_not_found_page_is_dutch_and_does_not_say_why(
    client: Any, employer_user: User, other_employer_user: User
) -> None:
    theirs = EmployeeFactory(employer=other_employer_user.employer)
    client.force_login(employer_user)
    other = client.get(f"/werknemers/{theirs.pk}/")
    missing = client.get("/werknemers/00000000-0000-0000-0000-000000000000/")
    assert other.status_code == missing.status_code == 404
    assert "Deze pagina bestaat niet, of u hebt er geen toegang toe." in other.content.decode()
    without_csrf = [re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", r.content) for r in (other, missing)]
    assert without_csrf[0] == without_csrf[1]


def test_search_filters_the_list_on_a_plain_get(client: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, first_name="Ruud", last_name="Koster")
    EmployeeFactory(employer=employer_user.employer, first_name="Mila", last_name="Dekker")
    client.force_login(employer_user)
    body = client.get("/werknemers/?q=dekk").content.decode()
    assert "<h1>" in body
    assert "Mila Dekker" in body
    assert "Ruud Koster" not in body


def test_htmx_search_answers_with_the_result_block_only(client: Any, employer_user: User) -> None:
    EmployeeFactory(employer=employer_user.employer, first_name="Mila", last_name="Dekker")
    client.force_login(employer_user)
    body = client.get("/werknemers/?q=dekk", headers={"HX-Request": "true"}).content.decode()
    assert body.startswith('<div id="werknemers-resultaat">')
    assert "Mila Dekker" in body
    assert "<h1>" not in body
