"""Implausible data is refused with a Dutch message at the field: an employee's dates outside a plausible range,
and names with control or bidirectional-override characters (in the API, the employee form, and the complaint
intake). The premium year without parameters is in tests/premiums."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from complaints.models import Complaint
from tests.complaints.intake_helpers import valid_input
from tests.verzuim.test_api_employees import NEW_EMPLOYEE
from tests.verzuim.test_pages import NEW_EMPLOYEE_FORM
from verzuim import validators
from verzuim.models import Employee, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE
# Mehrdad in Persian: its zero-width non-joiner (U+200C) is part of the spelling.
PERSIAN_NAME = "\u0645\u0647\u0631\u200c\u062f\u0627\u062f"
HIDDEN = (
    "De tekst bevat onzichtbare stuurtekens (zoals een tab of een teken dat de leesrichting omdraait). "
    "Typ de tekst opnieuw zonder die tekens."
)


def create(api_as: ApiAs, user: User, **changes: Any) -> Any:
    return api_as(user).post("/api/v1/employees/", {**NEW_EMPLOYEE, **changes}, format="json")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"date_of_birth": "0001-01-01"},
            "date_of_birth",
            "Deze geboortedatum ligt meer dan 100 jaar terug. Controleer het jaar.",
        ),
        (
            {"employment_start": "9999-12-31"},
            "employment_start",
            "De datum in dienst ligt meer dan een jaar in de toekomst. Controleer het jaar.",
        ),
        (
            {"employment_end": "9999-12-31"},
            "employment_end",
            "De datum uit dienst ligt meer dan 10 jaar in de toekomst. Controleer het jaar.",
        ),
        (
            {"date_of_birth": "2020-01-01", "employment_start": "2024-02-01"},
            "date_of_birth",
            "Een werknemer is minstens 13 jaar oud. Controleer de geboortedatum.",
        ),
        (
            {"date_of_birth": "2000-06-01", "employment_start": "2010-02-01"},
            "employment_start",
            "Op de datum in dienst was de werknemer jonger dan 13 jaar. Controleer beide datums.",
        ),
    ],
)
def test_an_implausible_date_is_refused_at_its_field(
    api_as: ApiAs, employer_user: User, changes: dict[str, str], field: str, message: str
) -> None:
    response = create(api_as, employer_user, **changes)
    assert response.status_code == 400
    assert response.json()["fields"] == {field: [message]}
    assert Employee.objects.count() == 0


@pytest.mark.parametrize("field", ["first_name", "last_name", "personnel_number"])
@pytest.mark.parametrize(
    "character", [RLO, "\u2066", "\u200f", "\t", "\x1b", "\u2028", "\u200b", "\ufeff", "\U000e0041"]
)
def test_a_name_with_a_control_or_bidi_character_is_refused(
    api_as: ApiAs, employer_user: User, field: str, character: str
) -> None:
    response = create(api_as, employer_user, **{field: f"Jan{character}nesnaJ"})
    assert response.status_code == 400, response.content
    assert response.json()["fields"] == {field: [HIDDEN]}
    assert Employee.objects.count() == 0


def test_names_in_other_scripts_and_with_accents_are_welcome(api_as: ApiAs, employer_user: User) -> None:
    response = create(api_as, employer_user, first_name="Zoë", last_name="Çelik-ʿAbd al-Lāh " + PERSIAN_NAME)
    assert response.status_code == 201, response.content


def test_the_employee_form_shows_the_message_at_the_field(client: Client, employer_user: User) -> None:
    client.force_login(employer_user)
    response = client.post("/werknemers/nieuw/", {**NEW_EMPLOYEE_FORM, "last_name": f"de{RLO}Boer"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"last_name": [HIDDEN]}
    assert Employee.objects.count() == 0


def test_a_complaint_with_a_bidi_override_in_the_name_is_refused(api_client: APIClient, settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    response = api_client.post("/api/v1/complaints/", valid_input(contact_name=f"Jan{RLO}sirtS"), format="json")
    assert response.status_code == 400
    assert response.json()["fields"] == {"contact_name": [HIDDEN]}
    assert Complaint.objects.count() == 0


def test_29_february_shifts_to_28_february_in_a_common_year() -> None:
    assert validators.years_shifted(dt.date(2024, 2, 29), -13) == dt.date(2011, 2, 28)


def test_the_limits_move_with_today() -> None:
    today = timezone.localdate()
    limit = validators.years_shifted(today, -validators.MINIMUM_WORKING_AGE)
    ok = validators.employee_date_problems(
        date_of_birth=limit, employment_start=today, employment_end=None, today=today
    )
    assert ok == {}
    too_young = validators.employee_date_problems(
        date_of_birth=limit + dt.timedelta(days=1), employment_start=today, employment_end=None, today=today
    )
    assert set(too_young) == {"date_of_birth"}


def test_ending_the_employment_of_a_record_stored_before_the_checks_says_what_to_fix(
    client: Client, employer_user: User
) -> None:
    """Data stored before these checks (or a birth date that has since passed a hundred years) is not a 500."""
    from tests.factories import EmployeeFactory

    employee = EmployeeFactory(employer=employer_user.employer)
    Employee.objects.filter(pk=employee.pk).update(last_name="de\tBoer")
    client.force_login(employer_user)
    response = client.post(
        f"/werknemers/{employee.pk}/uit-dienst/", {"employment_end": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [HIDDEN]
    assert Employee.objects.get(pk=employee.pk).employment_end is None
