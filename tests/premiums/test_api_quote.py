"""POST /api/v1/premiums/quotes/ of docs/api.md "Premium quote": insurer staff only, strict input."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.factories import confirmed_totp_device
from verzuim.models import Role, User

pytestmark = pytest.mark.django_db

ApiAs = Callable[[User], APIClient]
URL = "/api/v1/premiums/quotes/"


def acceptance_quote(**overrides: Any) -> dict[str, Any]:
    """The acceptance quote: own absence {2025: 6, 2024: 4, 2023: 2}, sector 4, n = 5, previous F 0.90."""
    body: dict[str, Any] = {
        "year": 2026,
        "sector_rate_pct": "4.0",
        "employer_charges_pct": "25.0",
        "waiting_days": 10,
        "coverage": "100/70",
        "employees": [{"yearly_wage": "40000.00", "date_of_birth": "1980-05-01"} for _ in range(5)],
        "own_absence_pct": {"2025": "6.0", "2024": "4.0", "2023": "2.0"},
        "sector_absence_pct": "4.0",
        "previous_own_absence_factor": "0.90",
    }
    body.update(overrides)
    return body


@pytest.fixture
def insurer(make_user: Callable[..., User]) -> User:
    user = make_user(Role.INSURER)
    confirmed_totp_device(user)
    return user


@pytest.fixture
def client(api_as: ApiAs, insurer: User) -> APIClient:
    return api_as(insurer)


def post(client: APIClient, body: dict[str, Any]) -> Any:
    return client.post(URL, body, format="json")


def test_acceptance_quote_returns_every_intermediate_and_the_cap(client: APIClient) -> None:
    response = post(client, acceptance_quote())
    assert response.status_code == 200, response.json()
    assert response.json() == {
        "insured_payroll": "250000.00",
        "base_rate_pct": "4.0000",
        "weighted_own_absence_pct": "4.6667",
        "experience_ratio": "1.1667",
        "credibility_weight": "15.0000",
        "own_absence_factor_uncapped": "1.0250",
        "own_absence_factor": "0.9900",
        "cap_applied": True,
        "premium": "9900.00",
    }


def test_without_history_or_previous_factor_the_factor_is_one(client: APIClient) -> None:
    body = acceptance_quote(own_absence_pct={})
    del body["previous_own_absence_factor"]
    response = post(client, body)
    assert response.status_code == 200, response.json()
    data = response.json()
    assert data["weighted_own_absence_pct"] is None
    assert (data["experience_ratio"], data["own_absence_factor"], data["cap_applied"]) == ("1.0000", "1.0000", False)
    assert data["premium"] == "10000.00"


def test_employer_gets_403_with_a_dutch_message(api_as: ApiAs, employer_user: User) -> None:
    response = post(api_as(employer_user), acceptance_quote())
    assert response.status_code == 403
    assert response.json()["message"] == "Alleen medewerkers van de verzekeraar maken een premieberekening."


def test_anonymous_gets_401(api_client: APIClient) -> None:
    assert post(api_client, acceptance_quote()).status_code == 401


def fields_of(client: APIClient, body: dict[str, Any]) -> dict[str, Any]:
    response = post(client, body)
    assert response.status_code == 400, response.json()
    assert response.json()["message"] == "De invoer is niet geldig."
    return response.json()["fields"]


def test_unknown_top_level_field_is_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(discount="5")) == {"discount": ["Onbekend veld."]}


def test_unknown_field_of_an_employee_is_refused(client: APIClient) -> None:
    employees = [{"yearly_wage": "40000", "date_of_birth": "1980-05-01", "name": "Jan"}]
    assert fields_of(client, acceptance_quote(employees=employees)) == {
        "employees": {"0": {"name": ["Onbekend veld."]}}
    }


def test_waiting_days_outside_the_options_are_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(waiting_days=15)) == {
        "waiting_days": ["Kies 10, 20, 30 of 65 eigenrisicodagen."]
    }


def test_coverage_outside_the_options_are_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(coverage="80/80")) == {
        "coverage": ["Kies dekking 100/70, 70/70 of 100/100."]
    }


def test_no_employees_is_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(employees=[])) == {"employees": ["Geef minstens één werknemer op."]}


def test_negative_wage_is_refused(client: APIClient) -> None:
    employees = [
        {"yearly_wage": "30000.00", "date_of_birth": "1990-01-01"},
        {"yearly_wage": "-1.00", "date_of_birth": "1980-05-01"},
    ]
    assert fields_of(client, acceptance_quote(employees=employees)) == {
        "employees": {"1": {"yearly_wage": ["Het jaarloon mag niet negatief zijn."]}}
    }


def test_absence_keys_must_be_four_digit_years(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(own_absence_pct={"25": "6.0"})) == {
        "own_absence_pct": ['Gebruik jaartallen van vier cijfers als sleutel, bijvoorbeeld "2025".']
    }


def test_absence_years_outside_the_three_year_window_are_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(own_absence_pct={"2025": "6.0", "2022": "3.0"})) == {
        "own_absence_pct": ["Alleen de drie jaren vóór het premiejaar tellen mee: 2023 tot en met 2025."]
    }


def test_absence_percentage_above_100_is_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(own_absence_pct={"2025": "101"})) == {
        "own_absence_pct": {"2025": ["Geef een percentage van hoogstens 100 op."]}
    }


def test_zero_sector_absence_is_refused(client: APIClient) -> None:
    assert fields_of(client, acceptance_quote(sector_absence_pct="0")) == {
        "sector_absence_pct": ["Het verwachte sectorverzuim moet groter zijn dan 0."]
    }


def test_missing_required_fields_are_named(client: APIClient) -> None:
    assert set(fields_of(client, {})) == {
        "year",
        "sector_rate_pct",
        "employer_charges_pct",
        "waiting_days",
        "coverage",
        "employees",
        "own_absence_pct",
        "sector_absence_pct",
    }


def test_a_list_instead_of_an_object_is_a_400_not_a_500(client: APIClient) -> None:
    response = client.post(URL, [1, 2], format="json")
    assert response.status_code == 400


def test_a_quote_for_a_year_without_parameters_is_refused_not_priced_with_old_ones(client: APIClient) -> None:
    body = acceptance_quote(year=2100, own_absence_pct={"2099": "6.0"})
    response = post(client, body)
    assert response.status_code == 400
    assert response.json()["fields"] == {
        "year": [
            "Er zijn nog geen premieparameters voor 2100: de nieuwste set geldt vanaf 1 januari 2026 en dient "
            "hoogstens het jaar daarna. Leg eerst de parameters voor 2100 vast in het beheer."
        ]
    }
